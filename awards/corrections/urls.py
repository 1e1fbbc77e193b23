"""Public URLs of the corrections log, mounted before the core's URLs (summit/urls.py).

The last three answer the core's own paths (the feed, an edition's API record and JSON
download) with the corrections added, so the core never imports this package. Data answers
carry both languages at their unprefixed address, as the core's do (awards.bilingual).
"""

from django.urls import path

from awards import api, opendata
from awards.bilingual import unprefixed
from awards.caching import cache_public_page
from awards.corrections import views
from awards.corrections.feeds import CorrectedEditionFeed

app_name = "corrections"

urlpatterns = [
    path(
        "<int:year>/corrections/",
        cache_public_page(views.CorrectionLogView.as_view()),
        name="log",
    ),
    path(
        "api/v1/editions/<int:year>/corrections/",
        api.open_cors(cache_public_page(unprefixed(views.corrections_api))),
        name="api-log",
    ),
    path("feed/", cache_public_page(CorrectedEditionFeed()), name="feed"),
    path(
        "api/v1/editions/<int:year>/",
        api.open_cors(cache_public_page(unprefixed(api.edition_detail))),
        {"extra": views.edition_extra},
        name="api-edition",
    ),
    path(
        "<int:year>.json",
        cache_public_page(unprefixed(opendata.download_json)),
        {"extra": views.edition_extra},
        name="download-json",
    ),
]
