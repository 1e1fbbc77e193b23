"""Public URLs of the corrections log, mounted before the core's URLs (summit/urls.py).

The last two answer the core's own paths (the feed and an edition's JSON download) with the
corrections added, so the core never imports this package. The API (awards/api/, an outer
layer) reads the log itself.
"""

from django.urls import path

from awards import opendata
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
    path("feed/", cache_public_page(CorrectedEditionFeed()), name="feed"),
    path(
        "<int:year>.json",
        cache_public_page(opendata.download_json),
        {"extra": views.edition_extra},
        name="download-json",
    ),
]
