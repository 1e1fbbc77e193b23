"""Statistics of one edition and of the archive: figures, charts, tables."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from awards.stats import figures
from tests.factories import AwardFactory, AwardListFactory, EditionFactory, NomineeFactory
from tests.pagetext import attrs, texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def archive():
    """2038: A, B; 2040: A (returning), C (new), D withdrawn; a draft 2041 where E wins."""
    a, b, c, d, e = (
        NomineeFactory(name=n) for n in ("阿坝发布", "巴中发布", "成都发布", "达州发布", "峨眉发布")
    )
    first = AwardListFactory(edition=EditionFactory(year=2038), name="2038年榜单", slug="l")
    second = AwardListFactory(edition=EditionFactory(year=2040), name="2040年榜单", slug="l")
    media = AwardListFactory(edition=second.edition, name="2040年媒体", slug="m")
    for award_list, nominee in ((first, a), (first, b), (second, a), (second, c), (media, c)):
        AwardFactory(award_list=award_list, nominee=nominee)
    AwardFactory(
        award_list=second, nominee=d, withdrawn_at=timezone.now(), withdrawal_reason="违规"
    )
    AwardFactory(nominee=e, award_list__edition=EditionFactory(year=2041, draft=True))
    return {"a": a, "b": b, "c": c, "d": d, "e": e, "edition": second.edition}


def test_editions_over_time_counts_awards_winners_new_and_returning(archive):
    rows = figures.archive_summary().over_time

    assert [
        (r["year"], r["lists"], r["awards"], r["winners"], r["new"], r["returning"]) for r in rows
    ] == [(2038, 1, 2, 2, 2, 0), (2040, 2, 3, 2, 1, 1)]


def test_edition_new_and_returning_winners(archive):
    assert figures.new_and_returning(archive["edition"]) == {"winners": 2, "returning": 1}


def test_awards_per_list_counts_current_and_withdrawn(archive):
    rows = figures.awards_per_list(archive["edition"])

    assert [(r["name"], r["current"], r["withdrawn"]) for r in rows] == [
        ("2040年榜单", 2, 1),
        ("2040年媒体", 1, 0),
    ]


def test_archive_top_winners_share_ranks_on_ties(archive):
    top = figures.archive_summary().top

    assert [(n.name, n.total, n.rank, n.editions) for n in top] == [
        ("阿坝发布", 2, 1, 2), ("成都发布", 2, 1, 1), ("巴中发布", 1, 3, 1),
    ]  # fmt: skip


def test_ranking_keeps_every_winner_tied_at_the_cut(archive):
    a, b, c = archive["a"], archive["b"], archive["c"]

    cut_at_one = figures.ranked([(b.pk, 1), (a.pk, 2), (c.pk, 2)], limit=1)
    cut_at_two = figures.ranked([(b.pk, 1), (a.pk, 2), (c.pk, 2)], limit=2)

    assert [(n.name, n.rank) for n in cut_at_one] == [("阿坝发布", 1), ("成都发布", 1)]
    assert [(n.name, n.rank) for n in cut_at_two] == [("阿坝发布", 1), ("成都发布", 1)]


def test_archive_kinds_count_awards_and_winners(archive):
    kinds = figures.archive_summary().kinds

    assert [(k["kind"], k["awards"], k["winners"]) for k in kinds] == [("account", 5, 3)]


def test_edition_top_winners_rank_only_that_editions_winners(archive):
    top = figures.top_winners(archive["edition"])

    assert [(n.name, n.total, n.editions) for n in top] == [
        ("阿坝发布", 2, 2), ("成都发布", 2, 1),
    ]  # fmt: skip


def test_archive_stats_page_has_a_chart_table_and_text_for_each_figure(archive, client):
    response = client.get("/stats/")

    assert response.status_code == 200
    assert texts(response.content, "h2") == [
        "历届奖项数", "每届首次获奖与再次获奖", "按获奖对象类型", "历届获奖最多的获奖对象",
    ]  # fmt: skip
    assert attrs(response.content, "img", "src") == [
        "/stats/charts/editions.svg", "/stats/charts/winners.svg",
        "/stats/charts/kinds.svg", "/stats/charts/top.svg",
    ]  # fmt: skip
    assert all(alt.startswith("图表:") for alt in attrs(response.content, "img", "alt"))
    assert len(texts(response.content, "table", "data-table")) == 4
    assert texts(response.content, "th")[:4] == ["年份", "奖项", "获奖对象", "榜单"]
    assert "峨眉发布" not in response.content.decode()


def test_edition_stats_page_shows_its_figures(archive, client):
    response = client.get("/2040/stats/")

    assert response.status_code == 200
    assert texts(response.content, "h2") == [
        "各榜单奖项数", "按获奖对象类型", "首次获奖与再次获奖", "本届获奖对象的历届奖项数",
    ]  # fmt: skip
    rows = texts(response.content, "tr")
    assert rows[rows.index("获奖对象数量") + 1 :][:2] == ["首次获奖1", "再次获奖1"]


@pytest.mark.parametrize(
    "url",
    [
        "/stats/charts/editions.svg",
        "/stats/charts/winners.svg",
        "/stats/charts/kinds.svg",
        "/stats/charts/top.svg?size=narrow",
        "/2040/stats/lists.svg",
        "/2040/stats/kinds.svg",
        "/2040/stats/winners.svg?size=narrow",
        "/2040/stats/top.svg",
    ],
)
def test_charts_are_svg_images_without_script(archive, client, url):
    response = client.get(url)

    root = ET.fromstring(response.content)
    assert (response.status_code, response["Content-Type"]) == (200, "image/svg+xml; charset=utf-8")
    assert root.tag == f"{SVG}svg"
    assert list(root.iter(f"{SVG}script")) == []
    assert set(response["Content-Security-Policy"].split("; ")) == {
        "default-src 'none'",
        "style-src 'unsafe-inline'",
    }


def test_chart_labels_are_text_with_the_data(archive, client):
    root = ET.fromstring(client.get("/2040/stats/lists.svg").content)

    labels = {"".join(t.itertext()) for t in root.iter(f"{SVG}text")}

    assert {"2040年榜单", "2040年媒体"} <= labels


@pytest.mark.parametrize(
    "url", ["/stats/charts/nope.svg", "/2040/stats/nope.svg", "/2040/stats/lists.svg?size=huge",
            "/2041/stats/", "/2041/stats/lists.svg", "/2039/stats/"]
)  # fmt: skip
def test_unknown_chart_or_unpublished_edition_is_404(archive, client, url):
    assert client.get(url).status_code == 404


def test_stats_without_any_published_edition_say_so(db, client):
    response = client.get("/stats/")

    assert response.status_code == 200
    assert texts(response.content, "p", None).count("还没有可统计的数据。") == 4


# --- Query counts at two sizes ---------------------------------------------------------


@pytest.mark.parametrize("size", [1, 30])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # state token + one pass over the awards + editions + top winners' names + identity
        ("/stats/", 1 + 3 + 1),
        # state token + edition; lists; kinds; new/returning; top winners (totals, names);
        # the site identity
        ("/2040/stats/", 1 + 1 + 3 + 2 + 1),
        ("/stats/charts/editions.svg", 1 + 3),
        ("/stats/charts/top.svg", 1 + 3),
        ("/2040/stats/lists.svg", 1 + 1 + 1),
        ("/2040/stats/winners.svg", 1 + 1 + 1),
    ],
)
def test_stats_query_count_is_constant(client, django_assert_num_queries, url, queries, size):
    for year in (2039, 2040):
        award_list = AwardListFactory(edition=EditionFactory(year=year))
        for n in range(size):
            AwardFactory(award_list=award_list, nominee__name=f"号{year}-{n}")

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("url", "ticks"),
    [
        ("/2040/stats/lists.svg", ["0", "1", "2"]),
        ("/stats/charts/editions.svg", ["0", "1", "2", "3"]),
    ],
)
def test_count_axes_have_whole_number_ticks(archive, client, url, ticks):
    root = ET.fromstring(client.get(url).content)

    # pygal marks the value axis always_show (x on horizontal bars, y otherwise).
    shown = [
        "".join(t.itertext())
        for g in root.iter(f"{SVG}g")
        if {"axis", "always_show"} <= set(g.get("class", "").split())
        for t in g.iter(f"{SVG}text")
    ]

    assert shown == ticks


def test_edition_stats_breadcrumb_leads_to_the_edition_not_the_archive(archive, client):
    response = client.get("/2040/stats/")

    nav = re.search(r'<nav class="breadcrumbs".*?</nav>', response.text, re.S).group()
    trail = texts(nav, "a")

    assert response.status_code == 200
    assert trail == ["首页", archive["edition"].name]
    assert "历届统计" not in nav


def _viewbox(client, url: str) -> tuple[int, int]:
    box = ET.fromstring(client.get(url).content).get("viewBox").split()
    return int(box[2]), int(box[3])


@pytest.mark.parametrize("page", ["/stats/", "/2040/stats/", "/en/stats/", "/en/2040/stats/"])
def test_chart_images_give_their_drawing_size_so_nothing_shifts(archive, client, page):
    html = client.get(page).content

    images = list(
        zip(
            attrs(html, "img", "src"),
            attrs(html, "img", "width"),
            attrs(html, "img", "height"),
            strict=True,  # an image without its size fails here
        )
    )
    sources = list(
        zip(
            attrs(html, "source", "srcset"),
            attrs(html, "source", "width"),
            attrs(html, "source", "height"),
            strict=True,
        )
    )

    charts = [(src, w, h) for src, w, h in images + sources if ".svg" in src]
    assert len(charts) == 8
    assert [(int(w), int(h)) for _src, w, h in charts] == [
        _viewbox(client, src) for src, _w, _h in charts
    ]


def test_lists_chart_draws_the_announced_number_beside_the_current_one(archive, client):
    archive["edition"].award_lists.filter(slug="l").update(announced_count=10)

    svg = ET.fromstring(client.get("/2040/stats/lists.svg").content)

    texts_drawn = [el.text for el in svg.iter(f"{SVG}text")]
    values = [el.text for el in svg.iter(f"{SVG}text") if el.get("class") == "value"]
    assert {"奖项", "公布数量"} <= set(texts_drawn)
    # 2040年榜单: 2 current, 10 announced; 2040年媒体: 1 current and no announced number (no bar).
    assert sorted(values, key=int) == ["1", "2", "10"]
