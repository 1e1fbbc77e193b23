"""Search: Chinese substrings, full pinyin with or without spaces, initials, highlighting."""

import pytest

from awards.search import SEARCH_MAX_RESULTS, match_span
from awards.templatetags.awards_extras import highlight
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    EditionFactory,
    NomineeFactory,
)
from tests.pagetext import texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


def _nominee_results(client, query):
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
    return texts(response.content, "a", "result__title")


@pytest.mark.parametrize(
    "query", ["成都发布", "chengdu fabu", "chengdufabu", "cdfb", "ChengDu FaBu"]
)
def test_search_finds_chengdu_fabu_by_name_pinyin_and_initials(edition_2022, client, query):
    results = _nominee_results(client, query)

    assert results[0] == "成都发布"


def test_search_chinese_substring_finds_every_containing_name(edition_2022, client):
    results = _nominee_results(client, "成都")

    assert "成都发布" in results
    assert "成都地铁" in results
    assert "微成都" in results
    assert "锦观新闻" not in results


def test_search_ranks_names_starting_with_the_query_first(edition_2022, client):
    results = _nominee_results(client, "成都")

    assert results.index("成都发布") < results.index("微成都")


def test_search_highlights_the_matched_part(edition_2022, client):
    response = client.get("/search/", {"q": "cdfb"})

    assert texts(response.content, "mark")[0] == "成都发布"


def test_search_groups_nominees_and_cases(edition_2022, client):
    response = client.get("/search/", {"q": "成都发布"})

    html = response.content.decode()
    assert texts(html, "h2") == ["获奖对象"]
    assert texts(html, "ul", "result__awards")[0] == (
        "2022年优秀政务新媒体 (2022届) 2022年新媒体十佳案例 (2022届)"
    )


def test_search_finds_case_titles(edition_2022, client):
    response = client.get("/search/", {"q": "沉浸式执法"})

    html = response.content.decode()
    assert texts(html, "h2") == ["案例"]
    assert texts(html, "a", "result__title") == ["《开设“沉浸式执法”实录节目 解决民生内在需求》"]
    assert texts(html, "mark") == ["沉浸式执法"]


def test_search_finds_alias_and_shows_it(client):
    AwardFactory(nominee=NomineeFactory(name="成都市公安局", aliases=["平安成都"]))

    response = client.get("/search/", {"q": "pacd"})

    assert texts(response.content, "a", "result__title") == ["成都市公安局"]
    assert texts(response.content, "span", "result__aliases") == ["别名:平安成都"]


@pytest.mark.parametrize("query", ["", "   ", "\u3000"])
def test_search_empty_query_shows_help(edition_2022, client, query):
    response = client.get("/search/", {"q": query})

    html = response.content.decode()
    assert response.status_code == 200
    assert texts(html, "h1") == ["搜索获奖对象或案例"]
    assert texts(html, "h2") == ["怎样搜索"]


def test_search_without_q_parameter_shows_help(edition_2022, client):
    response = client.get("/search/")

    assert texts(response.content, "h2") == ["怎样搜索"]


@pytest.mark.parametrize("query", ["qqqxxxzzz", "!!!", "%_"])
def test_search_nonsense_query_says_nothing_found_and_helps(edition_2022, client, query):
    response = client.get("/search/", {"q": query})

    html = response.content.decode()
    assert texts(html, "p", "search-summary") == ["找到0个获奖对象、0个案例。"]
    assert texts(html, "h2") == ["怎样搜索"]
    assert texts(html, "section", "search-help")[0].startswith(
        f"没有找到与“{query}”相符的获奖对象或案例。"
    )


def test_search_very_long_query_is_cut_not_an_error(edition_2022, client):
    response = client.get("/search/", {"q": "成" * 5000})

    assert response.status_code == 200


def test_search_escapes_the_query(edition_2022, client):
    response = client.get("/search/", {"q": "<script>x</script>"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;x" in html
    assert "<script>x" not in html


def test_search_leaves_out_draft_only_nominees(client):
    AwardFactory(nominee__name="草稿专属号", award_list__edition=EditionFactory(draft=True))
    AwardFactory(nominee__name="草稿专属公开号")

    results = _nominee_results(client, "草稿专属")

    assert results == ["草稿专属公开号"]


@pytest.mark.parametrize("size", [1, 50])
def test_search_query_count_is_constant(client, django_assert_num_queries, size):
    award_list = AwardListFactory(cases=True)
    for n in range(size):
        CaseAwardFactory(
            award_list=award_list, case__title="门前报道", case__nominee__name=f"门前单位{n}"
        )

    # State token, four search queries, the site identity.
    with django_assert_num_queries(1 + 4 + 1):
        response = client.get("/search/", {"q": "门前"})

    assert len(texts(response.content, "li", "result")) == 2 * min(size, SEARCH_MAX_RESULTS)


def test_search_with_too_many_matches_asks_for_a_narrower_query(client):
    award_list = AwardListFactory()
    for n in range(SEARCH_MAX_RESULTS + 1):
        AwardFactory(award_list=award_list, nominee__name=f"门前单位{n}")

    response = client.get("/search/", {"q": "门前"})

    assert texts(response.content, "p", "search-summary") == [
        f"匹配的结果很多,每类只显示最接近的{SEARCH_MAX_RESULTS}个。"
        "请输入更具体的名称、拼音或首字母缩小范围。"
    ]


@pytest.mark.parametrize(
    ("text", "query", "expected"),
    [
        ("成都发布", "cdfb", "<mark>成都发布</mark>"),
        ("成都发布", "fabu", "成都<mark>发布</mark>"),
        ("微成都", "chengdu", "微<mark>成都</mark>"),
        ("王大山Sanmei", "sanmei", "王大山<mark>Sanmei</mark>"),
        ("成都地铁", "地铁", "成都<mark>地铁</mark>"),
        ("成都地铁", "xyz", "成都地铁"),
        ("<b>成都</b>", "成都", "&lt;b&gt;<mark>成都</mark>&lt;/b&gt;"),
    ],
)
def test_highlight_marks_characters_matched_by_text_or_pinyin(text, query, expected):
    assert highlight(text, query) == expected


def test_match_span_of_partial_pinyin_covers_started_syllable():
    assert match_span("成都发布", "chengdufa") == range(0, 3)


@pytest.mark.parametrize("query", ["\x00", "成都\x00", "\ufffe", "a\x00b"])
def test_search_control_characters_are_not_an_error(edition_2022, client, query):
    page = client.get("/search/", {"q": query})
    api = client.get("/api/v1/search/", {"q": query})

    assert (page.status_code, api.status_code) == (200, 200)


def test_search_finds_traditional_case_title_from_simplified_query(client):
    CaseAwardFactory(case__title="網路理政平台上線")

    response = client.get("/search/", {"q": "网路理政"})

    assert texts(response.content, "a", "result__title") == ["《網路理政平台上線》"]
    assert texts(response.content, "mark") == ["網路理政"]


def test_search_finds_simplified_case_title_from_traditional_query(client):
    CaseAwardFactory(case__title="网路理政平台上线")

    response = client.get("/search/", {"q": "網路 理政"})

    assert texts(response.content, "a", "result__title") == ["《网路理政平台上线》"]


@pytest.mark.parametrize("query", ["网路理政", "網路理政"])
def test_search_finds_nominee_in_either_script(client, query):
    AwardFactory(nominee=NomineeFactory(name="成都網路理政中心"))
    AwardFactory(nominee=NomineeFactory(name="网络安全中心"))

    assert _nominee_results(client, query) == ["成都網路理政中心"]


# --- What the page prints finds its case (issue 25 item 7) ---------------------------


@pytest.mark.parametrize(
    ("query", "title"),
    [
        ("防疫泡泡经验", "《“防疫泡泡”经验全国推广 融媒体传播矩阵功不可没》"),
        ("沉浸式执法实录", "《开设“沉浸式执法”实录节目 解决民生内在需求》"),
        (
            "《“我家门前——殷殷嘱托,民心答卷”主题报道》",
            "《“我家门前——殷殷嘱托,民心答卷”主题报道》",
        ),
        (
            "《开设“沉浸式执法”实录节目 解决民生内在需求》",
            "《开设“沉浸式执法”实录节目 解决民生内在需求》",
        ),
        ("在这里访民意", "《蓉城政事“民生回音壁”栏目:在这里,访民意、知民情、解民忧!》"),
    ],
)
def test_search_finds_a_case_by_its_title_as_printed(edition_2022, client, query, title):
    page = client.get("/search/", {"q": query})
    api = client.get("/api/v1/search/", {"q": query})

    assert texts(page.content, "a", "result__title") == [title]
    assert [case["title"] for case in api.json()["cases"]] == [title[1:-1]]


def test_search_marks_the_match_across_quotes(edition_2022, client):
    response = client.get("/search/", {"q": "防疫泡泡经验"})

    assert texts(response.content, "mark") == ["防疫泡泡”经验"]


def test_search_of_punctuation_only_finds_nothing(edition_2022, client):
    response = client.get("/search/", {"q": "《》“”"})

    assert (response.status_code, texts(response.content, "a", "result__title")) == (200, [])
