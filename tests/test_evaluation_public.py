"""The public 评选方法: list page, JSON download and API, published editions only."""

import datetime

import pytest

from awards.evaluation import services
from awards.evaluation.models import Candidate, Evaluation, MetricRow, Override, Period
from tests.factories import AwardFactory, AwardListFactory, EditionFactory, NomineeFactory
from tests.pagetext import texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401

pytestmark = pytest.mark.django_db

LOSER = "落选号"
RAW_READS = 987_654


def _evaluated(edition, *, publish_scores=True, n=0):
    """A list of one winner, evaluated against one loser, with the method published."""
    slug, suffix = ("top", "") if n == 0 else (f"top-{n}", str(n))
    award = AwardFactory(
        award_list=AwardListFactory(edition=edition, slug=slug), nominee__name="入选号" + suffix
    )
    evaluation = Evaluation.objects.create(
        award_list=award.award_list,
        data_source="清博大数据",
        publish_method=True,
        publish_scores=publish_scores,
    )
    period = Period.objects.create(
        evaluation=evaluation,
        label="2024-01",
        starts_on=datetime.date(2024, 1, 1),
        ends_on=datetime.date(2024, 1, 31),
        days=30,
    )
    winner = Candidate.objects.create(evaluation=evaluation, nominee=award.nominee)
    loser = Candidate.objects.create(
        evaluation=evaluation, nominee=NomineeFactory(name=LOSER + suffix)
    )
    for candidate, reads in ((winner, RAW_READS), (loser, 1000)):
        MetricRow.objects.create(
            candidate=candidate, period=period, platform="wechat", posts=10, reads=reads
        )
    services.apply_preset(evaluation, "wci-14.2")
    services.add_override(loser, kind=Override.Kind.EXCLUDE, reason="资格不符")
    return evaluation


def test_published_method_shows_on_the_list_page_without_non_winners_or_raw_data(client):
    edition = EditionFactory(year=2160)
    _evaluated(edition)

    response = client.get("/2160/top/")
    body = response.content.decode()

    assert response.status_code == 200
    assert texts(response.content, "h2", "method-title") == ["评选方法"]
    assert "经评审调整 1 项" in body
    assert "清博大数据" in body
    assert [LOSER in body, f"{RAW_READS}" in body, "987,654" in body] == [False, False, False]


def test_method_is_in_the_json_download_and_the_api_with_winner_scores_only(client):
    edition = EditionFactory(year=2161)
    evaluation = _evaluated(edition)
    winner = evaluation.candidates.get(nominee__name="入选号")

    download = client.get("/2161.json").json()["evaluation_methods"]
    api = client.get("/api/v1/editions/2161/").json()["evaluation_methods"]

    assert download == api
    (method,) = api
    assert (method["list_slug"], method["candidates_evaluated"], method["adjustments"]) == (
        "top",
        2,
        1,
    )
    assert [s["nominee"] for s in method["scores"]] == ["入选号"]
    assert method["scores"][0]["total"] == round(winner.total, 4)
    assert [d["name"] for d in method["dimensions"]] == [
        "整体传播力",
        "篇均传播力",
        "头条传播力",
        "峰值传播力",
    ]
    assert LOSER not in str(method) and str(RAW_READS) not in str(method)


def test_scores_stay_private_unless_the_organizer_publishes_them(client):
    edition = EditionFactory(year=2162)
    _evaluated(edition, publish_scores=False)

    (method,) = client.get("/api/v1/editions/2162/").json()["evaluation_methods"]

    assert method["scores"] is None


def test_unpublished_method_is_nowhere(client):
    edition = EditionFactory(year=2163)
    evaluation = _evaluated(edition)
    evaluation.publish_method = False
    evaluation.save()

    page = client.get("/2163/top/")
    api = client.get("/api/v1/editions/2163/").json()

    assert page.status_code == 200
    assert texts(page.content, "h2", "method-title") == []
    assert api["evaluation_methods"] == []


def test_english_page_has_english_labels(client):
    edition = EditionFactory(year=2164)
    _evaluated(edition)

    response = client.get("/en/2164/top/")

    assert response.status_code == 200
    assert texts(response.content, "h2", "method-title") == ["Selection method"]
    assert "Overall reach (O) 60%" in response.content.decode()


# Real commits: the cache is invalidated on commit, exactly as in production.
@pytest.mark.django_db(transaction=True)
def test_an_evaluation_change_reaches_the_cached_public_page(client):
    evaluation = _evaluated(EditionFactory(year=2165))
    client.get("/2165/top/")  # cached now
    evaluation.data_source = "另一数据源"

    evaluation.save()
    body = client.get("/2165/top/").content.decode()

    assert "另一数据源" in body


@pytest.mark.parametrize("lists", [1, 3])
def test_api_edition_record_queries_do_not_grow_with_evaluated_lists(
    client, lists, django_assert_max_num_queries
):
    edition = EditionFactory(year=2166)
    for n in range(lists):
        _evaluated(edition, n=n + 1)

    with django_assert_max_num_queries(20) as captured:
        response = client.get("/api/v1/editions/2166/")

    assert response.status_code == 200
    assert len(response.json()["evaluation_methods"]) == lists
    # + 1: the jury's list_records part (awards/jury), whatever the number of lists.
    assert len(captured) == 12 + 1


def test_a_list_decided_without_data_states_no_empty_data_part(client):
    # A jury-only list: candidates but no metrics and no index definition.
    edition = EditionFactory(year=2167)
    award = AwardFactory(award_list=AwardListFactory(edition=edition, slug="jury"))
    evaluation = Evaluation.objects.create(
        award_list=award.award_list, publish_method=True, jury_weight=100
    )
    Candidate.objects.create(evaluation=evaluation, nominee=award.nominee)

    body = client.get("/2167/jury/").content.decode()

    assert texts(body.encode(), "h2", "method-title") == ["评选方法"]
    assert "综合得分中评审分占 100%" in body
    assert ["指标与权重" in body, "数据周期" in body, "总指数" in body] == [False, False, False]
