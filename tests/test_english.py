"""English pages: their own URLs under /en/, English data with an honest Chinese fallback."""

import pytest
from django.core.cache import cache

from awards.models import AwardList, Case, Nominee
from tests.factories import AwardFactory, AwardListFactory, CaseAwardFactory, NomineeFactory
from tests.langscan import chinese_outside_marks
from tests.pagetext import attrs, texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


def _public_paths() -> list[str]:
    """Every public page type of the 2022 fixture, as Chinese paths."""
    paths = ["/", "/2022/", "/search/", "/search/?q=chengdu", "/search/?q=cdfb"]
    paths += ["/search/?q=zzzz", "/search/?q=报道"]
    paths += [f"/2022/{slug}/" for slug in AwardList.objects.values_list("slug", flat=True)]
    paths += [f"/nominees/{slug}/" for slug in Nominee.objects.values_list("slug", flat=True)]
    paths += [f"/cases/{pk}/" for pk in Case.objects.values_list("pk", flat=True)]
    return paths


def test_english_pages_show_no_chinese_outside_marked_parts(edition_2022, chengdu_identity, client):
    leaks, statuses = {}, {}
    # Every page answers; the one unknown address gets the English 404 page.
    expected = {path: 200 for path in _public_paths()} | {"/no-such-page/": 404}
    for path in expected:
        response = client.get(f"/en{path}")
        statuses[path] = response.status_code
        assert attrs(response.content, "html", "lang") == ["en"], path
        if found := chinese_outside_marks(response.content):
            leaks[path] = found

    assert statuses == expected
    assert leaks == {}


def test_chinese_pages_stay_chinese_at_their_old_urls(edition_2022, chengdu_identity, client):
    for path in _public_paths():
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="en")

        html = response.content.decode()
        assert attrs(html, "html", "lang") == ["zh-Hans"], path
        assert "Outstanding" not in html, path
        assert "Chengdu Government New Media Summit" not in html, path


def test_english_edition_page_uses_our_translations(edition_2022, client):
    html = client.get("/en/2022/").content.decode()

    assert texts(html, "h1", "edition-title") == ["2022 Chengdu Government New Media Summit"]
    assert texts(html, "h2", "award-list__title") == [
        "2022 Outstanding Government New Media",
        "2022 Outstanding New Media",
        "2022 Outstanding Self-Media",
        "2022 Top Ten New Media Cases",
        "2022 Advanced Collectives in Government New Media Operation",
    ]
    assert texts(html, "dd")[1:] == [
        "Cyberspace Affairs Office of the CPC Sichuan Provincial Committee",
        "Cyberspace Affairs Office of the CPC Chengdu Municipal Committee",
        "Chengdu Internet Culture Association",
    ]


def test_missing_english_name_shows_marked_original_with_pinyin(edition_2022, client):
    html = client.get("/en/2022/gov-new-media/").content.decode()

    first = '<a class="award__nominee" href="/en/nominees/chengdu-fabu/">'
    assert (
        f'{first}<span lang="zh-Hans">成都发布</span> <span class="romanized">(Chengdu Fabu)</span>'
        in html
    )
    assert texts(html, "a", "award__nominee")[0] == "成都发布 (Chengdu Fabu)"


def test_english_name_replaces_the_fallback_once_typed(client):
    AwardFactory(nominee__name="成都发布", nominee__name_en="Chengdu Release")

    html = client.get("/en/nominees/chengdu-fabu/").content.decode()

    assert texts(html, "h1") == ["Chengdu Release"]
    assert texts(html, "title") == ["Chengdu Release · Awards"]


def test_case_title_without_english_is_marked_but_not_romanized(client):
    award = CaseAwardFactory(case__title="门前报道")

    html = client.get(f"/en/cases/{award.case_id}/").content.decode()

    assert '<h1>“<span lang="zh-Hans">门前报道</span>”</h1>' in html


def test_url_decides_language_whatever_cookie_or_browser_say(edition_2022, client):
    client.cookies["django_language"] = "zh-hans"
    english = client.get("/en/2022/", HTTP_ACCEPT_LANGUAGE="zh-CN")
    client.cookies["django_language"] = "en"
    chinese = client.get("/2022/", HTTP_ACCEPT_LANGUAGE="en")

    assert attrs(english.content, "html", "lang") == ["en"]
    assert attrs(chinese.content, "html", "lang") == ["zh-Hans"]
    assert english["Content-Language"] == "en"
    assert chinese["Content-Language"] == "zh-hans"


def test_each_page_names_its_twin_both_ways(edition_2022, client):
    chinese = client.get("/2022/new-media/").content.decode()
    english = client.get("/en/2022/new-media/").content.decode()

    expected = [
        ("zh-Hans", "http://testserver/2022/new-media/"),
        ("en", "http://testserver/en/2022/new-media/"),
        ("x-default", "http://testserver/2022/new-media/"),
    ]
    assert _alternates(chinese) == expected
    assert _alternates(english) == expected


def _alternates(html: str) -> list[tuple[str, str]]:
    pairs = zip(attrs(html, "link", "hreflang"), attrs(html, "link", "href"), strict=True)
    return [(hreflang, href) for hreflang, href in pairs if hreflang]


def test_language_switch_links_to_the_twin_and_keeps_the_search(client):
    AwardFactory(nominee__name="成都发布")

    chinese = client.get("/search/?q=cdfb").content.decode()
    english = client.get("/en/search/?q=cdfb").content.decode()

    assert attrs(chinese, "a", "href", "language-switch") == ["http://testserver/en/search/?q=cdfb"]
    assert attrs(english, "a", "href", "language-switch") == ["http://testserver/search/?q=cdfb"]


def test_old_language_form_still_lands_on_the_twin(edition_2022, client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/2022/"})

    assert response.status_code == 302
    assert response["Location"] == "/en/2022/"


def test_data_urls_answer_unprefixed_and_english_ones_redirect(edition_2022, client):
    for path in ("/api/v1/editions/2022/", "/2022.json", "/2022.csv"):
        response = client.get(f"/en{path}")

        assert (response.status_code, response["Location"]) == (301, path)
        assert client.get(path).status_code == 200


def test_sitemap_lists_both_languages_with_alternates(edition_2022, client):
    xml = client.get("/sitemap.xml").content.decode()

    assert "<loc>http://testserver/2022/new-media/</loc>" in xml
    assert "<loc>http://testserver/en/2022/new-media/</loc>" in xml
    assert (
        '<xhtml:link rel="alternate" hreflang="en" href="http://testserver/en/2022/new-media/"/>'
        in xml
    )


def test_page_cache_keeps_languages_apart(edition_2022, client):
    chinese = client.get("/2022/")
    english = client.get("/en/2022/")
    again = client.get("/en/2022/", HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert chinese["ETag"] != english["ETag"]
    assert again["ETag"] == english["ETag"]
    assert again.content == english.content
    assert "Accept-Language" not in english.get("Vary", "")
    assert cache is not None


def test_english_search_finds_english_names_and_descriptions(client):
    AwardFactory(nominee__name="成都发布", nominee__name_en="Chengdu Release")
    AwardFactory(nominee__name="天府发布", nominee__description_en="Official account of Tianfu")

    by_name = client.get("/en/search/", {"q": "Chengdu Release"}).content.decode()
    by_description = client.get("/en/search/", {"q": "tianfu official"}).content.decode()

    assert texts(by_name, "a", "result__title") == ["Chengdu Release"]
    assert texts(by_description, "a", "result__title") == ["天府发布 (Tianfu Fabu)"]


@pytest.mark.parametrize(
    ("winners", "summary"),
    [(1, "Found 1 winner and 0 cases."), (2, "Found 2 winners and 0 cases.")],
)
def test_search_summary_uses_english_plurals(client, winners, summary):
    award_list = AwardListFactory()
    for n in range(winners):
        AwardFactory(award_list=award_list, nominee=NomineeFactory(name=f"门前单位{n}"))

    html = client.get("/en/search/", {"q": "门前"}).content.decode()

    assert texts(html, "p", "search-summary") == [summary]
