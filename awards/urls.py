"""Public URLs. Every page, download and API answer goes through the public page cache.

Included under i18n_patterns: pages and the feed have English twins under /en/; the API and
downloads carry both languages at their unprefixed address, and /en/… redirects there.
"""

from django.urls import path

from awards import api, opendata, views
from awards.bilingual import unprefixed
from awards.caching import cache_public_page
from awards.feeds import EditionFeed

app_name = "awards"


def cached(view):
    return cache_public_page(view)


def cached_data(view):
    return cache_public_page(unprefixed(view))


def cached_api(view):
    return api.open_cors(cache_public_page(unprefixed(view)))


urlpatterns = [
    path("", cached(views.HomeView.as_view()), name="home"),
    path("search/", cached(views.SearchView.as_view()), name="search"),
    path("feed/", cached(EditionFeed()), name="feed"),
    path("nominees/<slug:slug>/", cached(views.NomineeDetailView.as_view()), name="nominee"),
    path("cases/<int:pk>/", cached(views.CaseDetailView.as_view()), name="case"),
    # Open data downloads of one edition.
    path("<int:year>.csv", cached_data(opendata.download_csv), name="download-csv"),
    path("<int:year>.xlsx", cached_data(opendata.download_xlsx), name="download-xlsx"),
    path("<int:year>.json", cached_data(opendata.download_json), name="download-json"),
    # JSON API, read-only.
    path("api/v1/", cached_api(api.api_root), name="api-root"),
    path("api/v1/editions/", cached_api(api.edition_list), name="api-editions"),
    path("api/v1/editions/<int:year>/", cached_api(api.edition_detail), name="api-edition"),
    path("api/v1/nominees/<slug:slug>/", cached_api(api.nominee_detail), name="api-nominee"),
    path("api/v1/search/", cached_api(api.search), name="api-search"),
    # Editions and their lists last: their patterns are the most general.
    path("<int:year>/", cached(views.EditionDetailView.as_view()), name="edition"),
    path(
        "<int:year>/<slug:slug>/",
        cached(views.AwardListDetailView.as_view()),
        name="award-list",
    ),
]
