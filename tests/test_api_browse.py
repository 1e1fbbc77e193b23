"""Paginated API indexes, edition statistics and the generated OpenAPI document."""

import pytest
from openapi_spec_validator import validate

from awards import urls as awards_urls
from awards.browse import selectors as browse
from tests.factories import AwardFactory, AwardListFactory, CaseAwardFactory, EditionFactory
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


def test_nominee_index_api_pages_with_links(client, monkeypatch):
    monkeypatch.setattr(browse, "NOMINEES_PER_PAGE", 2)
    edition = EditionFactory(year=2040)
    for name in ("阿坝发布", "成都发布", "德阳发布"):
        AwardFactory(award_list__edition=edition, nominee__name=name)

    first = client.get("/api/v1/nominees/")
    second = client.get(first.json()["next"])

    assert first["Access-Control-Allow-Origin"] == "*"
    assert first.json()["results"][0] == {
        "slug": "aba-fabu",
        "name": "阿坝发布",
        "name_en": None,
        "kind": "account",
        "url": "http://testserver/nominees/aba-fabu/",
        "url_en": "http://testserver/en/nominees/aba-fabu/",
        "api_url": "http://testserver/api/v1/nominees/aba-fabu/",
        "initial": "A",
        "award_count": 1,
        "withdrawn_count": 0,
        "years": [2040],
    }
    assert (first.json()["previous"], first.json()["next"]) == (
        None,
        "http://testserver/api/v1/nominees/?page=2",
    )
    assert [n["name"] for n in second.json()["results"]] == ["德阳发布"]
    assert (second.json()["page"], second.json()["next"]) == (2, None)


def test_case_index_api_lists_cases_with_edition_and_list(client):
    award = CaseAwardFactory(
        award_list__edition=EditionFactory(year=2040), award_list__slug="cases"
    )

    data = client.get("/api/v1/cases/", {"year": 2040}).json()

    assert data["results"] == [
        {
            "id": award.case.pk,
            "title": award.case.title,
            "title_en": None,
            "url": f"http://testserver/cases/{award.case.pk}/",
            "url_en": f"http://testserver/en/cases/{award.case.pk}/",
            "second_unit": None,
            "second_unit_role": None,
            "year": 2040,
            "edition": "2040成都市政务新媒体峰会",
            "list": {
                "slug": "cases",
                "name": award.award_list.name,
                "name_shown": award.award_list.name,
                "name_en": None,
                "review_year": 2040,
                "url": "http://testserver/2040/cases/",
                "url_en": "http://testserver/en/2040/cases/",
            },
            "nominee": {
                "slug": award.nominee.slug,
                "name": award.nominee.name,
                "name_en": None,
                "kind": "organization",
                "url": f"http://testserver/nominees/{award.nominee.slug}/",
                "url_en": f"http://testserver/en/nominees/{award.nominee.slug}/",
                "api_url": f"http://testserver/api/v1/nominees/{award.nominee.slug}/",
            },
            "withdrawn": False,
        }
    ]


def test_edition_stats_api(client):
    old = AwardFactory(award_list__edition=EditionFactory(year=2039))
    award_list = AwardListFactory(edition=EditionFactory(year=2040), slug="gov", announced_count=3)
    AwardFactory(award_list=award_list, nominee=old.nominee)
    new = AwardFactory(award_list=award_list)

    data = client.get("/api/v1/editions/2040/stats/").json()

    assert data["lists"] == [
        {
            "slug": "gov",
            "name": award_list.name,
            "name_en": None,
            "url": "http://testserver/2040/gov/",
            "url_en": "http://testserver/en/2040/gov/",
            "kind": "nominees",
            "announced_count": 3,
            "current_count": 2,
            "withdrawn_count": 0,
        }
    ]
    assert data["kinds"] == [{"kind": "account", "awards": 2, "winners": 2}]
    assert data["winners"] == {"total": 2, "new": 1, "returning": 1}
    assert [(w["name"], w["rank"], w["awards"]) for w in data["top_winners"]] == [
        (old.nominee.name, 1, 2),
        (new.nominee.name, 2, 1),
    ]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/nominees/?page=0", 400),
        ("/api/v1/nominees/?kind=robot", 400),
        ("/api/v1/nominees/?letter=中", 400),
        ("/api/v1/cases/?year=abc", 400),
        ("/api/v1/nominees/?page=9", 404),
        ("/api/v1/editions/2041/stats/", 404),
    ],
)
def test_api_index_bad_parameters_answer_json_errors(client, url, status):
    AwardFactory(award_list__edition=EditionFactory(year=2040))

    response = client.get(url)

    assert (response.status_code, response["Content-Type"]) == (status, "application/json")
    assert response.json()["error"] == {400: "bad_request", 404: "not_found"}[status]


def _api_routes() -> set[str]:
    """Every URL under /api/v1/ the site answers, as OpenAPI path templates."""
    routes = set()
    # The app's own URLconf, whatever prefix (language, mount point) the project adds.
    for pattern in awards_urls.urlpatterns:
        route = str(pattern.pattern)
        if route.startswith("api/v1/") and not route.endswith("openapi.json"):
            for converter in ("int:", "slug:"):
                route = route.replace(f"<{converter}", "{")
            routes.add("/" + route.replace(">", "}"))
    return routes


def test_openapi_document_validates_and_lists_every_endpoint(db, client):
    response = client.get("/api/v1/openapi.json")

    document = response.json()
    validate(document)
    assert set(document["paths"]) == _api_routes()
    assert len(_api_routes()) == 9
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("size", [1, 40])
@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/nominees/", 1 + 2),
        # case lists with their counts + the page's case awards from those lists
        ("/api/v1/cases/", 1 + 2),
        # edition; lists; kinds; new/returning; top winners (totals, names)
        ("/api/v1/editions/2040/stats/", 1 + 6),
    ],
)
def test_api_index_query_count_is_constant(client, django_assert_num_queries, url, queries, size):
    award_list = AwardListFactory(edition=EditionFactory(year=2040), cases=True)
    for n in range(size):
        CaseAwardFactory(award_list=award_list, case__nominee__name=f"单位{n}")

    with django_assert_num_queries(queries):
        response = client.get(url)

    assert response.status_code == 200
