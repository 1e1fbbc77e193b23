"""The read-only JSON API under /api/v1/: stable keys, absolute links, JSON errors, CORS."""

import pytest
from django.utils import timezone

from awards.models import Award, Case
from tests.factories import AwardFactory, AwardListFactory, CaseAwardFactory, EditionFactory
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


def test_api_root_names_its_endpoints(db, client):
    response = client.get("/api/v1/")

    assert response.json() == {
        "version": "v1",
        "editions_url": "http://testserver/api/v1/editions/",
        "edition_url_template": "http://testserver/api/v1/editions/{year}/",
        "nominee_url_template": "http://testserver/api/v1/nominees/{slug}/",
        "search_url_template": "http://testserver/api/v1/search/?q={query}",
    }


def test_edition_list_has_published_editions_with_links(edition_2022, client):
    response = client.get("/api/v1/editions/")

    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response.json() == {
        "editions": [
            {
                "year": 2022,
                "name": "2022成都市政务新媒体峰会",
                "name_en": "2022 Chengdu Government New Media Summit",
                "held_on": "2022-12-15",
                "url": "http://testserver/2022/",
                "url_en": "http://testserver/en/2022/",
                "api_url": "http://testserver/api/v1/editions/2022/",
                "downloads": {
                    "csv": "http://testserver/2022.csv",
                    "xlsx": "http://testserver/2022.xlsx",
                    "json": "http://testserver/2022.json",
                },
            }
        ]
    }


def test_edition_detail_has_lists_and_awards_in_order(edition_2022, client):
    data = client.get("/api/v1/editions/2022/").json()

    assert [lst["slug"] for lst in data["lists"]] == [
        "gov-new-media", "new-media", "self-media", "top-cases", "advanced-collectives",
    ]  # fmt: skip
    assert data["organizers"] == {
        "guided_by": "四川省委网信办",
        "guided_by_en": "Cyberspace Affairs Office of the CPC Sichuan Provincial Committee",
        "hosted_by": "成都市委网信办",
        "hosted_by_en": "Cyberspace Affairs Office of the CPC Chengdu Municipal Committee",
        "organized_by": "成都市互联网文化协会",
        "organized_by_en": "Chengdu Internet Culture Association",
    }
    assert (data["source"]["title_en"], data["source"]["publisher_en"]) == (None, None)
    assert data["lists"][3]["name_en"] == "2022 Top Ten New Media Cases"
    assert data["lists"][3]["url_en"] == "http://testserver/en/2022/top-cases/"
    assert data["source"]["publisher"] == "成都日报锦观新闻客户端"
    top_cases = data["lists"][3]
    assert (top_cases["announced_count"], top_cases["recorded_count"]) == (10, 5)
    assert data["lists"][0]["awards"][0] == {
        "announced_name": "成都发布",
        "announced_name_en": None,
        "position": 1,
        "rank": None,
        "level": None,
        "level_en": None,
        "withdrawn": False,
        "withdrawn_at": None,
        "withdrawal_reason": None,
        "nominee": {
            "slug": "chengdu-fabu",
            "name": "成都发布",
            "name_en": None,
            "kind": "account",
            "url": "http://testserver/nominees/chengdu-fabu/",
            "url_en": "http://testserver/en/nominees/chengdu-fabu/",
            "api_url": "http://testserver/api/v1/nominees/chengdu-fabu/",
        },
        "case": None,
    }


def test_edition_detail_case_award_links_case(edition_2022, client):
    data = client.get("/api/v1/editions/2022/").json()

    case = Case.objects.get(title="“我家门前——殷殷嘱托,民心答卷”主题报道")
    assert data["lists"][3]["awards"][0]["case"] == {
        "id": case.pk,
        "title": case.title,
        "title_en": None,
        "url": f"http://testserver/cases/{case.pk}/",
        "url_en": f"http://testserver/en/cases/{case.pk}/",
        "second_unit": None,
        "second_unit_role": None,
    }


def test_edition_detail_shows_withdrawal(client):
    award = AwardFactory(award_list__edition=EditionFactory(year=2041))
    Award.objects.filter(pk=award.pk).update(withdrawn_at=timezone.now(), withdrawal_reason="违规")

    data = client.get("/api/v1/editions/2041/").json()

    shown = data["lists"][0]["awards"][0]
    assert (shown["withdrawn"], shown["withdrawal_reason"]) == (True, "违规")
    assert data["lists"][0]["current_count"] == 0


def test_nominee_detail_has_awards_newest_first(edition_2022, client):
    AwardFactory(
        nominee=Award.objects.filter(nominee__slug="chengdu-fabu").first().nominee,
        award_list=AwardListFactory(edition=EditionFactory(year=2023), slug="gov"),
    )

    data = client.get("/api/v1/nominees/chengdu-fabu/").json()

    assert [(a["year"], a["list"]["slug"]) for a in data["awards"]] == [
        (2023, "gov"),
        (2022, "gov-new-media"),
        (2022, "top-cases"),
    ]
    assert data["awards"][0]["edition_url"] == "http://testserver/2023/"
    assert data["aliases"] == []


def test_search_api_returns_grouped_matches(edition_2022, client):
    data = client.get("/api/v1/search/", {"q": "cdfb"}).json()

    assert data["query"] == "cdfb"
    assert data["nominees"][0]["name"] == "成都发布"
    assert [lst["slug"] for lst in data["nominees"][0]["lists"]] == ["gov-new-media", "top-cases"]
    assert data["cases"] == []


def test_search_api_empty_query_returns_empty_groups(db, client):
    data = client.get("/api/v1/search/", {"q": ""}).json()

    assert data == {"query": "", "truncated": False, "nominees": [], "cases": []}


@pytest.mark.parametrize(
    "url", ["/api/v1/editions/1999/", "/api/v1/nominees/nobody/", "/api/v1/no-such-thing/"]
)
def test_api_unknown_resource_is_json_404(db, client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "not_found"


def test_api_answers_from_cache_keep_cors_header(edition_2022, client):
    client.get("/api/v1/editions/2022/")

    cached = client.get("/api/v1/editions/2022/")

    assert cached["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("size", [1, 50])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/editions/", 1 + 1),
        # ... plus its corrections log, its lists' published evaluation methods and the lists'
        # jury method (awards.jury).
        ("/api/v1/editions/2042/", 1 + 3 + 1 + 1 + 1),
        ("/api/v1/search/?q=门前", 1 + 4),
    ],
)
def test_api_query_count_is_constant(client, django_assert_num_queries, url, queries, size):
    award_list = AwardListFactory(edition=EditionFactory(year=2042), cases=True)
    for n in range(size):
        CaseAwardFactory(
            award_list=award_list, case__title="门前报道", case__nominee__name=f"门前单位{n}"
        )

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200


@pytest.mark.parametrize("size", [1, 50])
def test_api_nominee_query_count_is_constant(client, django_assert_num_queries, size):
    first = AwardFactory(award_list__edition=EditionFactory(year=2100))
    for year in range(1, size):
        AwardFactory(nominee=first.nominee, award_list__edition=EditionFactory(year=2100 + year))

    with django_assert_num_queries(1 + 2):
        data = client.get(
            first.nominee.get_absolute_url().replace("/nominees/", "/api/v1/nominees/")
        ).json()

    assert len(data["awards"]) == size
