"""Public pages: what a visitor reads on the home, edition, list, nominee and case pages."""

import datetime
import json
import re

import pytest
from django.test import Client, RequestFactory
from django.utils import timezone, translation

from awards.models import Award, Nominee
from awards.views import server_error
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    EditionFactory,
    NomineeFactory,
)
from tests.pagetext import attrs, metas, texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse
from tests.test_fixture import EXPECTED_LISTS

pytestmark = pytest.mark.django_db


def _list_entries(html: str) -> list[list[str]]:
    """The awards of each list on a page, as a reader sees them, list by list."""
    sections = re.findall(r'<section class="award-list".*?</section>', html, flags=re.S)
    return [texts(section, "li", "award") for section in sections]


def _expected_entries(entries):
    return [
        f"《{entry[1]}》 {entry[0]}" if isinstance(entry, tuple) else entry for entry in entries
    ]


def test_home_shows_2022_lists_in_article_order(edition_2022, client):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert texts(html, "h3", "award-list__title") == [name for name, _, _ in EXPECTED_LISTS]
    assert _list_entries(html) == [_expected_entries(entries) for _, _, entries in EXPECTED_LISTS]


def test_edition_page_shows_every_name_in_article_order(edition_2022, client):
    response = client.get("/2022/")

    html = response.content.decode()
    assert texts(html, "h2", "award-list__title") == [name for name, _, _ in EXPECTED_LISTS]
    assert _list_entries(html) == [_expected_entries(entries) for _, _, entries in EXPECTED_LISTS]


def test_edition_page_states_organizers_and_source(edition_2022, client):
    response = client.get("/2022/")

    html = response.content.decode()
    assert texts(html, "h1", "edition-title") == ["2022成都市政务新媒体峰会"]
    assert list(zip(texts(html, "dt"), texts(html, "dd"), strict=True)) == [
        ("举办日期", "2022年12月15日"),
        ("指导单位", "四川省委网信办"),
        ("主办单位", "成都市委网信办"),
        ("承办单位", "成都市互联网文化协会"),
    ]
    assert texts(html, "p", "source") == [
        "来源: 成都日报锦观新闻客户端 "
        "《榜单出炉!2022成都市政务新媒体峰会中这些媒体获表彰》,2022年12月16日"
    ]


def test_edition_page_says_when_fewer_recorded_than_announced(edition_2022, client):
    response = client.get("/2022/")

    html = response.content.decode()
    assert texts(html, "p", "completeness") == [
        "公布20个",
        "公布7个",
        "公布6个",
        "公布10个,本页收录5个",
        "公布10个",
    ]
    assert texts(html, "p", "award-list__description") == [
        "来源报道公布了10个案例,但只列出其中5个的名称和单位;其余5个未公开,本站不作补录。"
    ]


def test_case_list_links_case_and_credited_organization(edition_2022, client):
    response = client.get("/2022/top-cases/")

    html = response.content.decode()
    first_case = Award.objects.get(award_list__slug="top-cases", position=1).case
    assert attrs(html, "a", "href", "award__case")[0] == f"/cases/{first_case.pk}/"
    assert texts(html, "span", "award__credit")[0] == "成都发布"
    assert texts(html, "h1") == ["2022年新媒体十佳案例"]


def test_withdrawn_award_is_struck_through_with_reason(client):
    award = AwardFactory(nominee__name="撤销号", award_list__slug="best")
    AwardFactory(award_list=award.award_list, nominee__name="在榜号")
    Award.objects.filter(pk=award.pk).update(
        withdrawn_at=timezone.now(), withdrawal_reason="数据造假"
    )

    response = client.get(award.award_list.get_absolute_url())

    html = response.content.decode()
    assert texts(html, "li", "award--withdrawn") == ["撤销号 已撤销:数据造假"]
    assert texts(html, "del") == ["撤销号"]
    assert texts(html, "li", "award") == ["撤销号 已撤销:数据造假", "在榜号"]


def test_award_shows_rank_and_level_when_set(client):
    award = AwardFactory(rank=3, level="一等奖", nominee__name="名次号")

    response = client.get(award.award_list.get_absolute_url())

    assert texts(response.content, "li", "award") == ["名次号 第3名 一等奖"]


def test_list_page_of_unknown_slug_is_404(edition_2022, client):
    response = client.get("/2022/no-such-list/")

    assert response.status_code == 404


def test_nominee_page_lists_awards_newest_first(client):
    nominee = NomineeFactory(name="常青号", aliases=["常青官微"])
    older = AwardFactory(nominee=nominee, award_list__edition=EditionFactory(year=2021))
    newer = AwardFactory(nominee=nominee, award_list__edition=EditionFactory(year=2023))

    response = client.get(nominee.get_absolute_url())

    html = response.content.decode()
    assert texts(html, "h1") == ["常青号"]
    assert texts(html, "dd") == ["政务新媒体账号", "常青官微"]
    assert texts(html, "span", "history__edition") == [
        newer.award_list.edition.name,
        older.award_list.edition.name,
    ]


def test_nominee_page_marks_withdrawn_award(client):
    award = AwardFactory(nominee__name="撤销号")
    Award.objects.filter(pk=award.pk).update(withdrawn_at=timezone.now(), withdrawal_reason="违规")

    response = client.get(award.nominee.get_absolute_url())

    assert texts(response.content, "li", "award--withdrawn") == [
        f"{award.award_list.name} {award.award_list.edition.name} 已撤销:违规"
    ]


def test_case_page_shows_title_organization_edition_and_list(client):
    award = CaseAwardFactory(case__title="我家门前", case__nominee__name="成都发布")

    response = client.get(award.case.get_absolute_url())

    html = response.content.decode()
    assert texts(html, "h1") == ["《我家门前》"]
    assert texts(html, "dd") == ["成都发布"]
    assert texts(html, "li", "history__item") == [
        f"{award.award_list.name} {award.award_list.edition.name}"
    ]


def test_unknown_nominee_and_case_are_404(db, client):
    responses = [client.get("/nominees/nobody/"), client.get("/cases/999999/")]

    assert [r.status_code for r in responses] == [404, 404]


def test_404_page_is_styled_and_in_chinese(db, client):
    response = client.get("/no/such/page/")

    html = response.content.decode()
    assert response.status_code == 404
    assert texts(html, "h1") == ["页面不存在"]
    assert attrs(html, "html", "lang") == ["zh-Hans"]
    assert attrs(html, "link", "href")[0] == "http://testserver/no/such/page/"


def test_404_page_under_en_is_english_whatever_the_cookie(db, client):
    client.cookies["django_language"] = "zh-hans"

    response = client.get("/en/no/such/page/")

    assert texts(response.content, "h1") == ["Page not found"]


def test_500_page_renders_without_database_or_request_context(settings):
    # No django_db mark: any database access here would fail the test.
    request = RequestFactory().get("/")

    with translation.override("zh-hans"):
        response = server_error(request)

    html = response.content.decode()
    assert response.status_code == 500
    assert texts(html, "h1") == ["服务器出错"]
    assert attrs(html, "link", "href", None)[0] == "/static/awards/site.css"


def test_500_handler_answers_an_unhandled_error(edition_2022, monkeypatch):
    client = Client(raise_request_exception=False)

    def explode(*args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("awards.views.EditionDetailView.get_queryset", explode)
    response = client.get("/2022/")

    assert (response.status_code, texts(response.content, "h1")) == (500, ["服务器出错"])


def test_pages_carry_title_description_canonical_and_open_graph(edition_2022, client):
    response = client.get("/2022/")

    html = response.content.decode()
    meta = metas(html)
    assert texts(html, "title") == ["2022成都市政务新媒体峰会 · 获奖名单"]
    assert attrs(html, "link", "href")[0] == "http://testserver/2022/"
    assert meta["og:title"] == "2022成都市政务新媒体峰会 · 获奖名单"
    assert meta["og:url"] == "http://testserver/2022/"
    assert meta["og:locale"] == "zh_CN"
    assert (
        meta["description"]
        == "2022成都市政务新媒体峰会公布的全部获奖名单,注明来源,可检索、可下载。"
    )


def test_edition_page_embeds_schema_org_event_with_awards(edition_2022, client):
    response = client.get("/2022/")

    blocks = re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    event = json.loads(blocks[0])
    assert (event["@type"], event["name"], event["startDate"]) == (
        "Event",
        "2022成都市政务新媒体峰会",
        "2022-12-15",
    )
    assert [item["name"] for item in event["about"]] == [name for name, _, _ in EXPECTED_LISTS]
    assert event["about"][0]["itemListElement"][0]["item"]["name"] == "成都发布"
    assert event["about"][3]["itemListElement"][0]["item"]["@type"] == "CreativeWork"


def test_json_ld_cannot_be_closed_by_data(client):
    AwardFactory(nominee__name="</script><script>alert(1)</script>")

    response = client.get("/")

    html = response.content.decode()
    assert html.count("<script") == 1
    assert "\\u003C/script\\u003E" in html


def test_pages_carry_csp_without_unsafe_inline(edition_2022, client):
    response = client.get("/2022/")

    policy = response["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self'" in policy


def test_public_pages_embed_no_csrf_token(edition_2022, client):
    response = client.get("/2022/")

    assert response.status_code == 200
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies


def test_language_switch_posts_without_csrf_token_and_sets_english(edition_2022):
    client = Client(enforce_csrf_checks=True)

    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/2022/"})
    page = client.get(switched["Location"])

    assert (switched.status_code, switched["Location"]) == (302, "/en/2022/")
    assert attrs(page.content, "html", "lang") == ["en"]
    assert texts(page.content, "a", "language-switch") == ["中文"]
    assert texts(page.content, "dt")[:2] == ["Date", "Guided by"]


def test_language_switch_back_to_chinese(edition_2022, client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    switched = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/en/"})
    page = client.get(switched["Location"])

    assert switched["Location"] == "/"
    assert attrs(page.content, "html", "lang") == ["zh-Hans"]
    assert texts(page.content, "a", "language-switch") == ["English"]


def test_home_archive_lists_other_published_editions_only(client):
    EditionFactory(year=2021, name="2021峰会")
    AwardFactory(award_list__edition=EditionFactory(year=2023, name="2023峰会"))
    EditionFactory(year=2024, name="2024草稿", draft=True)

    response = client.get("/")

    html = response.content.decode()
    assert texts(html, "h2", "edition-title") == ["2023峰会"]
    assert texts(html, "ul", "archive__list") == ["2021峰会 2021年12月15日"]


def test_home_without_published_edition_says_so(db, client):
    EditionFactory(draft=True)

    response = client.get("/")

    assert texts(response.content, "main")[0].endswith("还没有公布的榜单。")


def test_robots_txt_points_to_sitemap(db, client):
    response = client.get("/robots.txt")

    assert response["Content-Type"] == "text/plain"
    assert response.content.decode().splitlines()[-1] == "Sitemap: http://testserver/sitemap.xml"


def test_feed_lists_published_editions(edition_2022, client):
    response = client.get("/feed/")

    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert re.findall(r"<entry><title>(.*?)</title>", response.content.decode()) == [
        "2022成都市政务新媒体峰会"
    ]


def test_sitemap_lists_public_pages(edition_2022, client):
    response = client.get("/sitemap.xml")

    locations = re.findall(r"<loc>(.*?)</loc>", response.content.decode())
    assert locations[:4] == [
        "http://testserver/",
        "http://testserver/en/",
        "http://testserver/2022/",
        "http://testserver/en/2022/",
    ]
    assert "http://testserver/nominees/chengdu-fabu/" in locations
    assert "http://testserver/en/nominees/chengdu-fabu/" in locations
    assert len(locations) == 2 * (1 + 1 + 5 + Nominee.objects.count() + 5)


# --- Staff preview --------------------------------------------------------------------


@pytest.fixture
def draft_list():
    award = CaseAwardFactory(
        award_list__edition=EditionFactory(year=2031, name="2031草稿峰会", draft=True),
        award_list__slug="draft-cases",
        case__title="草稿案例",
    )
    return award.award_list


@pytest.mark.parametrize("page", ["edition", "list", "nominee", "case"])
def test_staff_preview_shows_draft_pages_with_banner(draft_list, admin_client, page):
    award = draft_list.awards.get()
    url = {
        "edition": draft_list.edition.get_absolute_url(),
        "list": draft_list.get_absolute_url(),
        "nominee": award.nominee.get_absolute_url(),
        "case": award.case.get_absolute_url(),
    }[page]

    response = admin_client.get(url)

    banner = texts(response.content, "aside", "preview-banner")
    assert response.status_code == 200
    assert len(banner) == 1
    assert "预览" in banner[0]


@pytest.mark.parametrize("page", ["edition", "list", "nominee", "case"])
def test_anonymous_gets_404_for_draft_pages(draft_list, client, page):
    award = draft_list.awards.get()
    url = {
        "edition": draft_list.edition.get_absolute_url(),
        "list": draft_list.get_absolute_url(),
        "nominee": award.nominee.get_absolute_url(),
        "case": award.case.get_absolute_url(),
    }[page]

    response = client.get(url)

    assert response.status_code == 404


def test_non_staff_user_gets_404_for_draft(draft_list, client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x")
    client.force_login(user)

    response = client.get(draft_list.edition.get_absolute_url())

    assert response.status_code == 404


def test_staff_sees_scheduled_edition_with_banner(admin_client):
    edition = EditionFactory(published_at=timezone.now() + datetime.timedelta(days=3))

    response = admin_client.get(edition.get_absolute_url())

    assert len(texts(response.content, "aside", "preview-banner")) == 1


def test_staff_home_links_unpublished_editions_for_preview(edition_2022, admin_client, client):
    EditionFactory(year=2031, name="2031草稿峰会", draft=True)

    staff = admin_client.get("/")
    public = client.get("/")

    assert texts(staff.content, "aside", "staff-note") == [
        "尚未公布(仅工作人员可见) 2031草稿峰会 · 草稿"
    ]
    assert texts(public.content, "aside", "staff-note") == []


def test_staff_sees_published_page_without_banner(edition_2022, admin_client):
    response = admin_client.get("/2022/")

    assert response.status_code == 200
    assert texts(response.content, "h1") != []
    assert texts(response.content, "aside", "preview-banner") == []


# --- Query counts -----------------------------------------------------------------------


def _edition_with(awards_per_list: int):
    edition = EditionFactory(year=2040)
    nominee_list = AwardListFactory(edition=edition, slug="people", position=1)
    case_list = AwardListFactory(edition=edition, slug="cases", position=2, cases=True)
    for _ in range(awards_per_list):
        AwardFactory(award_list=nominee_list, rank=1, level="一等奖")
        CaseAwardFactory(award_list=case_list)
    return edition


def _queries_for(django_assert_num_queries, client, url, expected):
    with django_assert_num_queries(expected):
        response = client.get(url)
    return response


PAGE_QUERIES = {
    # state token + the view's fetch plan + the site identity
    "/": 1 + 4 + 1,
    # … + 1: the previous and next published editions (awards/browse).
    "/2040/": 1 + 3 + 1 + 1,
    # … + 1: the list's published evaluation method, if any (awards/evaluation); + 1: the
    # jury's part of it (awards/jury).
    "/2040/cases/": 1 + 3 + 1 + 1 + 1,
}


@pytest.mark.parametrize("size", [1, 50])
@pytest.mark.parametrize("url", sorted(PAGE_QUERIES))
def test_page_query_count_is_constant(db, client, django_assert_num_queries, url, size):
    _edition_with(size)

    response = _queries_for(django_assert_num_queries, client, url, PAGE_QUERIES[url])

    assert response.status_code == 200
    assert len(texts(response.content, "li", "award")) == size * (2 if url != "/2040/cases/" else 1)


@pytest.mark.parametrize("size", [1, 50])
def test_nominee_page_query_count_is_constant(db, client, django_assert_num_queries, size):
    nominee = NomineeFactory()
    for year in range(size):
        AwardFactory(nominee=nominee, award_list__edition=EditionFactory(year=2100 + year))

    # state token + the awards with their nominee + the site identity
    response = _queries_for(django_assert_num_queries, client, nominee.get_absolute_url(), 3)

    assert len(texts(response.content, "li", "history__item")) == size


@pytest.mark.parametrize("size", [1, 50])
def test_case_page_query_count_is_constant(db, client, django_assert_num_queries, size):
    first = CaseAwardFactory()
    for year in range(1, size):
        CaseAwardFactory(case=first.case, award_list__edition=EditionFactory(year=2100 + year))

    response = _queries_for(django_assert_num_queries, client, first.case.get_absolute_url(), 4)

    assert len(texts(response.content, "li", "history__item")) == size


@pytest.mark.parametrize("size", [1, 50])
# The sitemap fetches each of its four model sections once (both languages from one list);
# the corrected editions are three more: the corrections pages, and the moments a package
# reports for the editions' and for the lists' lastmod (awards/extensions.py, once a section).
# The feed reads the latest corrections and the site identity for its title.
@pytest.mark.parametrize(
    ("url", "queries"), [("/sitemap.xml", 1 + 4 + 3), ("/feed/", 1 + 2 + 1 + 1)]
)
def test_discovery_query_count_is_constant(client, django_assert_num_queries, url, queries, size):
    award_list = AwardListFactory(edition=EditionFactory(year=2043), cases=True)
    for _ in range(size):
        CaseAwardFactory(award_list=award_list)

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


def test_language_switch_returns_to_the_page_with_its_query(edition_2022, client):
    switched = client.post("/i18n/setlang/", {"language": "en", "next": "/search/?q=cdfb"})

    assert switched["Location"] == "/en/search/?q=cdfb"


def test_language_switch_refuses_to_redirect_off_site(db, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "https://evil.example/"})

    assert response["Location"] == "/en/"


def test_english_page_marks_chinese_data_with_its_language(edition_2022, client):
    response = client.get("/en/2022/top-cases/")

    html = response.content.decode()
    # The case title has no English value; the list name has ours.
    assert attrs(html, "span", "lang")[:1] == ["zh-Hans"]
    assert texts(html, "a", "award__case")[0].startswith("“")
    assert texts(html, "h1") == ["2022 Top Ten New Media Cases"]
    assert attrs(html, "html", "lang") == ["en"]


def test_chinese_page_does_not_repeat_the_language_on_data(edition_2022, client):
    response = client.get("/2022/top-cases/")

    assert attrs(response.content, "a", "lang", "award__case") == [""] * 5


def test_language_choice_is_remembered_for_a_year(db, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    cookie = response.cookies["django_language"]
    assert (cookie.value, cookie["max-age"], cookie["samesite"]) == ("en", 31536000, "Lax")


@pytest.mark.parametrize(
    "url",
    [
        "/99999999999999999999/",
        "/99999999999999999999/list/",
        "/99999999999999999999.csv",
        "/api/v1/editions/99999999999999999999/",
        "/cases/99999999999999999999/",
    ],
)
def test_out_of_range_numbers_in_urls_are_404(db, client, url):
    response = client.get(url)

    assert response.status_code == 404
