"""Public URLs. Every page, download and API answer goes through the public page cache."""

from django.urls import path

from awards import opendata, views
from awards.api.urls import api_urlpatterns, open_cors
from awards.browse import views as browse
from awards.caching import cache_public_page
from awards.certificates import views as certificates
from awards.feeds import EditionFeed
from awards.sharing import views as sharing
from awards.stats import views as stats

app_name = "awards"


def cached(view):
    return cache_public_page(view)


def cached_api(view):
    return open_cors(cache_public_page(view))


urlpatterns = [
    path("", cached(views.HomeView.as_view()), name="home"),
    path("search/", cached(views.SearchView.as_view()), name="search"),
    path("feed/", cached(EditionFeed()), name="feed"),
    path("favicon.ico", cached(sharing.favicon), name="favicon"),
    path("apple-touch-icon.png", cached(sharing.apple_touch_icon), name="apple-touch-icon"),
    path("nominees/<slug:slug>/share.png", cached(sharing.nominee_image), name="nominee-image"),
    path("nominees/", cached(browse.NomineeIndexView.as_view()), name="nominee-index"),
    path("cases/", cached(browse.CaseIndexView.as_view()), name="case-index"),
    path("stats/", cached(stats.ArchiveStatsView.as_view()), name="stats"),
    path("stats/charts/<slug:name>.svg", cached(stats.archive_chart), name="stats-chart"),
    path("nominees/<slug:slug>/", cached(views.NomineeDetailView.as_view()), name="nominee"),
    path("cases/<int:pk>/", cached(views.CaseDetailView.as_view()), name="case"),
    # Certificate verification: a form, and one page per code (any string; the view decides).
    path("verify/", cached(certificates.verify_form), name="verify-form"),
    path("verify/<str:code>/", cached(certificates.verify), name="verify"),
    # Open data downloads of one edition.
    path("<int:year>.csv", cached(opendata.download_csv), name="download-csv"),
    path("<int:year>.xlsx", cached(opendata.download_xlsx), name="download-xlsx"),
    path("<int:year>.json", cached(opendata.download_json), name="download-json"),
    # JSON API, read-only (django-ninja; awards/api/).
    *api_urlpatterns(cached_api),
    # Editions and their lists last: their patterns are the most general.
    path("<int:year>/", cached(views.EditionDetailView.as_view()), name="edition"),
    path("<int:year>/share.png", cached(sharing.edition_image), name="edition-image"),
    path(
        "<int:year>/<slug:slug>/share.png",
        cached(sharing.list_image),
        name="award-list-image",
    ),
    # Before the list pattern: "stats" is reserved, no list may take it as its slug.
    path("<int:year>/stats/", cached(stats.EditionStatsView.as_view()), name="edition-stats"),
    path(
        "<int:year>/stats/<slug:name>.svg",
        cached(stats.edition_chart),
        name="edition-stats-chart",
    ),
    path(
        "<int:year>/<slug:slug>/",
        cached(views.AwardListDetailView.as_view()),
        name="award-list",
    ),
]
