"""Unpublished editions, and everything in them, never reach the public through any channel."""

import datetime

import pytest
from django.utils import timezone

from awards import services
from awards.corrections.models import Correction
from tests.factories import AwardFactory, CaseAwardFactory, EditionFactory
from tests.pagetext import texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db

SECRET = "保密号"
SECRET_CASE = "保密案例"


@pytest.fixture(params=["draft", "scheduled"])
def hidden(request):
    """A draft or scheduled edition with a nominee list and a case list only it holds."""
    published_at = None if request.param == "draft" else timezone.now() + datetime.timedelta(days=7)
    edition = EditionFactory(year=2050, name="2050保密峰会", published_at=published_at)
    nominee_award = AwardFactory(
        award_list__edition=edition, award_list__slug="secret-list", nominee__name=SECRET
    )
    case_award = CaseAwardFactory(
        award_list__edition=edition, case__title=SECRET_CASE, case__nominee__name="保密单位"
    )
    # A published edition exists too, so the public channels have something to show.
    AwardFactory(award_list__edition=EditionFactory(year=2049), nominee__name="公开号")
    return nominee_award, case_award


def _body(client, url, **params):
    response = client.get(url, params)
    return response.status_code, response.content.decode()


def test_hidden_edition_pages_are_404(hidden, client):
    nominee_award, case_award = hidden

    statuses = [
        client.get(url).status_code
        for url in (
            "/2050/",
            "/2050/secret-list/",
            nominee_award.nominee.get_absolute_url(),
            case_award.case.get_absolute_url(),
        )
    ]

    assert statuses == [404, 404, 404, 404]


def test_hidden_edition_is_not_on_home(hidden, client):
    status, body = _body(client, "/")

    assert status == 200
    assert "2050保密峰会" not in body
    assert SECRET not in body


@pytest.mark.parametrize("query", [SECRET, "bmh", SECRET_CASE, "保密"])
def test_hidden_names_are_not_found_by_search(hidden, client, query):
    page = client.get("/search/", {"q": query})
    api = client.get("/api/v1/search/", {"q": query}).json()

    assert texts(page.content, "li", "result") == []
    assert (api["nominees"], api["cases"]) == ([], [])


def test_hidden_award_is_left_out_of_a_public_nominees_history(hidden, client):
    nominee_award, _ = hidden
    public = AwardFactory(
        nominee=nominee_award.nominee, award_list__edition=EditionFactory(year=2048)
    )

    page = _body(client, nominee_award.nominee.get_absolute_url())
    api = client.get(f"/api/v1/nominees/{nominee_award.nominee.slug}/").json()

    assert page[0] == 200
    assert "2050保密峰会" not in page[1]
    assert public.award_list.name in page[1]
    assert [a["year"] for a in api["awards"]] == [2048]


@pytest.mark.parametrize("extension", ["csv", "xlsx", "json"])
def test_hidden_edition_downloads_are_404(hidden, client, extension):
    response = client.get(f"/2050.{extension}")

    assert response.status_code == 404


def test_hidden_edition_is_not_in_the_api(hidden, client):
    editions = client.get("/api/v1/editions/").json()["editions"]
    detail = client.get("/api/v1/editions/2050/")
    nominee = client.get(f"/api/v1/nominees/{hidden[0].nominee.slug}/")

    assert [e["year"] for e in editions] == [2049]
    assert (detail.status_code, nominee.status_code) == (404, 404)


def test_hidden_edition_is_not_in_the_sitemap(hidden, client):
    status, body = _body(client, "/sitemap.xml")

    assert status == 200
    assert "/2050/" not in body
    assert hidden[0].nominee.slug not in body
    assert f"/cases/{hidden[1].case.pk}/" not in body
    assert "/2049/" in body


def test_hidden_edition_is_not_in_the_feed(hidden, client):
    status, body = _body(client, "/feed/")

    assert status == 200
    assert "2050保密峰会" not in body
    assert "2049" in body


def test_hidden_edition_is_not_in_robots_or_home_json_ld(hidden, client):
    home_status, home = _body(client, "/")
    robots_status, robots = _body(client, "/robots.txt")

    json_ld = home.split("application/ld+json", 1)[-1]
    assert (home_status, robots_status) == (200, 200)
    assert "2049" in json_ld
    assert "2050" not in json_ld
    assert "2050" not in robots


def test_scheduled_edition_appears_once_its_time_passes(client):
    edition = EditionFactory(year=2051, published_at=timezone.now() + datetime.timedelta(hours=1))
    AwardFactory(award_list__edition=edition, nominee__name="定时号")
    before = client.get("/2051/").status_code

    type(edition).objects.filter(pk=edition.pk).update(
        published_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    after = client.get("/2051/")

    assert (before, after.status_code) == (404, 200)


# --- Corrections log ------------------------------------------------------------------


def test_hidden_edition_has_no_corrections_page_or_api(hidden, client, admin_client):
    nominee_award, _case_award = hidden
    services.withdraw_award(award=nominee_award, reason="保密原因")

    page = client.get("/2050/corrections/")
    staff_page = admin_client.get("/2050/corrections/")
    api = client.get("/api/v1/editions/2050/corrections/")

    assert (page.status_code, staff_page.status_code, api.status_code) == (404, 404, 404)
    assert Correction.objects.filter(edition__year=2050).count() == 0


def test_draft_changes_never_show_after_publication(client):
    edition = EditionFactory(year=2052, published_at=None)
    award = AwardFactory(award_list__edition=edition, nominee__name=SECRET, rank=3)
    award.rank = 1
    award._change_reason = "草稿阶段修改"
    award.save()
    services.withdraw_award(award=award, reason="草稿阶段撤销")
    services.reinstate_award(award=award, reason="草稿阶段恢复")
    award.nominee.name = "改名之后"
    award.nominee.save()

    services.publish_edition(edition=edition)
    page = client.get("/2052/corrections/").content.decode()
    api = client.get("/api/v1/editions/2052/").json()
    download = client.get("/2052.json").json()
    feed = client.get("/feed/").content.decode()

    assert texts(page, "li", "correction") == []
    assert (api["corrections"], download["corrections"]) == ([], [])
    assert "草稿阶段" not in page + feed and SECRET not in page
    assert "/2052/corrections/" not in client.get("/sitemap.xml").content.decode()


def test_hidden_edition_corrections_are_not_in_feed_or_sitemap(hidden, client):
    # Published first, corrected, then taken back to draft: its log goes private with it.
    nominee_award, _case_award = hidden
    edition = nominee_award.award_list.edition
    edition.published_at = timezone.now() - datetime.timedelta(days=1)
    edition.save()
    services.withdraw_award(award=nominee_award, reason="保密原因")
    services.unpublish_edition(edition=edition)

    feed = client.get("/feed/").content.decode()
    sitemap = client.get("/sitemap.xml").content.decode()

    assert Correction.objects.filter(edition=edition).count() == 1
    assert "保密原因" not in feed and "/2050/corrections/" not in sitemap
    assert client.get("/2050/corrections/").status_code == 404


# --- Indexes, statistics, charts, share images and their API (awards/browse, stats, sharing)

PUBLIC_LISTINGS = [
    "/nominees/",
    "/nominees/?letter=B",
    "/nominees/?kind=organization",
    "/cases/",
    "/stats/",
    "/stats/charts/editions.svg",
    "/stats/charts/winners.svg",
    "/stats/charts/kinds.svg",
    "/stats/charts/top.svg",
    "/2049/stats/",
    "/2049/stats/top.svg",
    "/api/v1/nominees/",
    "/api/v1/cases/",
    "/api/v1/editions/2049/stats/",
    "/api/v1/openapi.json",
]


@pytest.mark.parametrize("url", PUBLIC_LISTINGS)
def test_hidden_edition_is_not_in_indexes_statistics_or_charts(hidden, client, url):
    status, body = _body(client, url)

    assert status == 200
    for secret in (SECRET, SECRET_CASE, "保密单位", "2050保密峰会", "2050"):
        assert secret not in body


def test_hidden_awards_are_not_counted_in_statistics(hidden, client):
    nominee_award, _ = hidden
    # The hidden nominee also won in public: only that award may count.
    AwardFactory(nominee=nominee_award.nominee, award_list__edition=EditionFactory(year=2048))

    top = client.get("/api/v1/editions/2048/stats/").json()["top_winners"]
    over_time = client.get("/stats/")

    assert [(w["name"], w["awards"], w["editions"]) for w in top] == [(SECRET, 1, 1)]
    assert "2050" not in over_time.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/2050/stats/",
        "/2050/stats/lists.svg",
        "/2050/share.png",
        "/2050/secret-list/share.png",
        "/api/v1/editions/2050/stats/",
        "/cases/?year=2050",
        "/api/v1/cases/?year=2050&page=2",
    ],
)
def test_hidden_edition_statistics_and_images_are_404(hidden, client, url):
    assert client.get(url).status_code == 404


def test_hidden_nominee_has_no_share_image(hidden, client):
    nominee_award, _ = hidden

    response = client.get(f"/nominees/{nominee_award.nominee.slug}/share.png")

    assert response.status_code == 404


def test_hidden_edition_codes_verify_as_not_found(hidden, client):
    from awards import codes

    pages = [client.get(f"/verify/{codes.grouped(award.verification_code)}/") for award in hidden]

    assert [page.status_code for page in pages] == [404, 404]
    assert all(
        SECRET not in p.content.decode() and SECRET_CASE not in p.content.decode() for p in pages
    )
    assert all("2050保密峰会" not in p.content.decode() for p in pages)


def test_hidden_edition_has_no_english_pages_either(hidden, client):
    nominee_award, case_award = hidden
    nominee_award.award_list.edition.name_en = "2050 Secret Summit"
    nominee_award.award_list.edition.save()

    statuses = [
        client.get("/en" + url).status_code
        for url in (
            "/2050/",
            "/2050/secret-list/",
            nominee_award.nominee.get_absolute_url(),
            case_award.case.get_absolute_url(),
        )
    ]
    home = client.get("/en/").content.decode()
    feed = client.get("/en/feed/").content.decode()
    search = client.get("/en/search/", {"q": SECRET}).content.decode()

    assert statuses == [404, 404, 404, 404]
    assert all("2050" not in body and SECRET not in body for body in (home, feed))
    assert texts(search, "li", "result") == []


# --- Evaluation (awards/evaluation): candidates, metrics and scores of drafts ---------------


def _evaluate_hidden(nominee_award):
    """The hidden list evaluated and set to publish everything, with a losing candidate."""
    from awards.evaluation import services as evaluation_services
    from awards.evaluation.models import Candidate, Evaluation, MetricRow, Period
    from tests.factories import NomineeFactory

    evaluation = Evaluation.objects.create(
        award_list=nominee_award.award_list,
        data_source="保密数据源",
        publish_method=True,
        publish_scores=True,
    )
    period = Period.objects.create(
        evaluation=evaluation,
        label="2050-01",
        starts_on=datetime.date(2050, 1, 1),
        ends_on=datetime.date(2050, 1, 31),
        days=30,
    )
    for nominee, reads in (
        (nominee_award.nominee, 777_777),
        (NomineeFactory(name="保密落选号"), 5),
    ):
        candidate = Candidate.objects.create(evaluation=evaluation, nominee=nominee)
        MetricRow.objects.create(candidate=candidate, period=period, platform="wechat", reads=reads)
    evaluation_services.apply_preset(evaluation, "wci-14.2")
    return evaluation


def test_hidden_evaluation_is_on_no_channel_not_even_the_staff_preview(
    hidden, client, admin_client
):
    nominee_award, _ = hidden
    _evaluate_hidden(nominee_award)

    preview = admin_client.get("/2050/secret-list/")
    public = [
        client.get(url).status_code for url in ("/2050/secret-list/", "/en/2050/secret-list/")
    ]
    api = client.get("/api/v1/editions/2050/").status_code
    download = client.get("/2050.json").status_code
    published_api = client.get("/api/v1/editions/2049/").json()

    assert (preview.status_code, SECRET in preview.content.decode()) == (200, True)
    assert texts(preview.content, "h2", "method-title") == []
    assert "保密数据源" not in preview.content.decode()
    assert (public, api, download) == ([404, 404], 404, 404)
    assert published_api["evaluation_methods"] == []


def test_published_evaluation_never_shows_non_winners_or_raw_metrics(client):
    edition = EditionFactory(year=2051)
    award = AwardFactory(award_list__edition=edition, award_list__slug="open-list")
    _evaluate_hidden(award)
    channels = [
        client.get("/2051/open-list/"),
        client.get("/en/2051/open-list/"),
        client.get("/2051.json"),
        client.get("/api/v1/editions/2051/"),
    ]
    search = client.get("/search/", {"q": "保密落选号"})

    bodies = [response.content.decode() for response in channels]

    assert [response.status_code for response in channels] == [200, 200, 200, 200]
    assert ["保密数据源" in body for body in bodies] == [True, True, True, True]
    assert [("保密落选号" in b, "777777" in b, "777,777" in b) for b in bodies] == [
        (False, False, False)
    ] * 4
    assert (search.status_code, texts(search.content, "li", "result")) == (200, [])


def test_hidden_edition_stays_hidden_from_its_judge(hidden, client, organizer_group):
    """A judge scoring the hidden edition's cases (awards.jury) is logged in but not staff:
    the jury page answers, the edition's public pages and API stay 404."""
    import importlib

    from django.contrib.auth.models import Group, Permission

    from awards.evaluation.models import Candidate, Evaluation
    from awards.jury import services as jury

    migration = importlib.import_module("awards.jury.migrations.0002_judge_group")
    group, _ = Group.objects.get_or_create(name=migration.JUDGE_GROUP)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="jury", codename="score_candidates")
    )
    _nominee_award, case_award = hidden
    evaluation = Evaluation.objects.create(award_list=case_award.award_list)
    candidate = Candidate.objects.create(
        evaluation=evaluation, nominee=case_award.nominee, case=case_award.case
    )
    judge = jury.create_judge(username="judge", password="x-secret-42-jury", name="评委")
    jury.assign(sheet=jury.scoresheet_for(evaluation), judges=[judge], candidates=[candidate])
    client.force_login(judge.user)

    jury_page = client.get(f"/jury/{evaluation.pk}/")
    statuses = [
        client.get(url).status_code
        for url in ("/2050/", case_award.case.get_absolute_url(), "/api/v1/editions/2050/")
    ]

    assert jury_page.status_code == 200 and SECRET_CASE in jury_page.content.decode()
    assert statuses == [404, 404, 404]
