"""The nominee and case indexes, previous/next editions and the nominee timeline."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.browse import selectors as browse
from awards.models import Nominee
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    EditionFactory,
    NomineeFactory,
)
from tests.pagetext import attrs, texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


def _win(name, year, kind=Nominee.Kind.ACCOUNT, **award):
    nominee = Nominee.objects.filter(name=name).first() or NomineeFactory(name=name, kind=kind)
    return AwardFactory(nominee=nominee, award_list__edition=EditionFactory(year=year), **award)


def test_nominee_index_groups_by_pinyin_initial_in_pinyin_order(client):
    for name in ("郫都发布", "阿坝发布", "成华发布", "成都发布", "12345热线"):
        _win(name, 2040)

    response = client.get("/nominees/")

    assert texts(response.content, "h2", "index-group__letter") == ["#", "A", "C", "P"]
    assert texts(response.content, "a", "index-item__name") == [
        "12345热线", "阿坝发布", "成都发布", "成华发布", "郫都发布",
    ]  # fmt: skip


def test_nominee_index_shows_award_count_and_years_without_withdrawn(client):
    _win("成都发布", 2038)
    _win("成都发布", 2040)
    _win("成都发布", 2041, withdrawn_at=timezone.now(), withdrawal_reason="违规")

    response = client.get("/nominees/")

    assert texts(response.content, "span", "index-item__meta") == [
        "政务新媒体账号 · 2项奖项 · 2038、2040 · 另有1项已撤销"
    ]


def test_nominee_index_filters_by_kind_and_letter(client):
    _win("成都发布", 2040)
    _win("成都日报", 2040, kind=Nominee.Kind.MEDIA)
    _win("四川观察", 2040, kind=Nominee.Kind.MEDIA)

    media = client.get("/nominees/", {"kind": "media"})
    media_c = client.get("/nominees/", {"kind": "media", "letter": "c"})

    assert texts(media.content, "a", "index-item__name") == ["成都日报", "四川观察"]
    assert texts(media_c.content, "a", "index-item__name") == ["成都日报"]
    assert texts(media_c.content, "a", "is-current") == ["媒体", "C"]


def test_nominee_index_leaves_out_nominees_without_published_award(client):
    _win("成都发布", 2040)
    AwardFactory(nominee__name="草稿号", award_list__edition=EditionFactory(year=2041, draft=True))
    NomineeFactory(name="无奖号")

    response = client.get("/nominees/")

    assert texts(response.content, "a", "index-item__name") == ["成都发布"]


def test_nominee_index_pages_link_previous_and_next(client, monkeypatch):
    monkeypatch.setattr(browse, "NOMINEES_PER_PAGE", 2)
    for name in ("阿坝发布", "成都发布", "德阳发布", "峨眉发布", "富顺发布"):
        _win(name, 2040)

    first = client.get("/nominees/", {"kind": "account"})
    last = client.get("/nominees/", {"kind": "account", "page": 3})

    assert texts(first.content, "a", "index-item__name") == ["阿坝发布", "成都发布"]
    assert texts(first.content, "span", "pager__current") == ["第1页"]
    assert "?kind=account&page=2" in attrs(first.content, "a", "href")
    assert texts(last.content, "a", "index-item__name") == ["富顺发布"]
    assert "?kind=account&page=2" in attrs(last.content, "a", "href")
    assert "?kind=account&page=4" not in attrs(last.content, "a", "href")


@pytest.mark.parametrize(
    "params", [{"page": "0"}, {"page": "x"}, {"page": "9"}, {"kind": "x"}, {"letter": "中"}]
)
def test_nominee_index_bad_parameters_are_404(client, params):
    _win("成都发布", 2040)

    response = client.get("/nominees/", params)

    assert response.status_code == 404


def test_case_index_lists_cases_newest_edition_first_by_list(client):
    old = CaseAwardFactory(award_list__edition=EditionFactory(year=2039), case__title="旧案例")
    new = CaseAwardFactory(award_list__edition=EditionFactory(year=2040), case__title="新案例")
    CaseAwardFactory(
        award_list__edition=EditionFactory(year=2041, draft=True), case__title="草稿案例"
    )

    response = client.get("/cases/")
    only_old = client.get("/cases/", {"year": 2039})

    assert texts(response.content, "a", "index-item__name") == ["《新案例》", "《旧案例》"]
    assert texts(response.content, "h2") == [
        new.award_list.edition.name,
        old.award_list.edition.name,
    ]
    assert texts(only_old.content, "a", "index-item__name") == ["《旧案例》"]
    assert client.get("/cases/", {"year": 2041}).status_code == 404


def test_edition_page_links_previous_and_next_published_editions(client):
    for year in (2038, 2040, 2042):
        AwardFactory(award_list__edition=EditionFactory(year=year))
    EditionFactory(year=2041, draft=True)
    EditionFactory(year=2039, published_at=timezone.now() + datetime.timedelta(days=1))

    middle = client.get("/2040/")
    first = client.get("/2038/")

    assert attrs(middle.content, "a", "href", "edition-pager__previous") == ["/2038/"]
    assert attrs(middle.content, "a", "href", "edition-pager__next") == ["/2042/"]
    assert attrs(first.content, "a", "href", "edition-pager__previous") == []


def test_nominee_page_shows_awards_as_a_timeline_by_edition(client):
    award = _win("成都发布", 2038)
    AwardFactory(nominee=award.nominee, award_list__edition=EditionFactory(year=2040))
    AwardFactory(nominee=award.nominee, award_list__edition=EditionFactory(year=2040))

    response = client.get(award.nominee.get_absolute_url())

    assert texts(response.content, "p", "timeline__year") == ["2040", "2038"]
    assert len(texts(response.content, "li", "history__item")) == 3


# --- Query counts at two sizes ---------------------------------------------------------


@pytest.mark.parametrize("size", [1, 40])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # state token + nominees page + their awards grouped by year + the site identity
        ("/nominees/", 1 + 2 + 1),
        ("/nominees/?kind=account&letter=C", 1 + 2 + 1),
        # state token + case lists with counts + the page's case awards + the site identity
        ("/cases/", 1 + 2 + 1),
        ("/cases/?year=2040", 1 + 2 + 1),
    ],
)
def test_index_query_count_is_constant(client, django_assert_num_queries, url, queries, size):
    for year in (2039, 2040):
        lst = AwardListFactory(edition=EditionFactory(year=year), cases=True)
        for n in range(size):
            CaseAwardFactory(award_list=lst, case__nominee__name=f"成都单位{year}-{n}")
            _win(f"成都发布{n}", year)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


def test_list_slug_stats_is_refused_because_the_statistics_page_uses_it(db):
    award_list = AwardListFactory.build(edition=EditionFactory(year=2040), slug="stats")

    with pytest.raises(ValidationError) as error:
        award_list.full_clean()

    assert list(error.value.message_dict) == ["slug"]
