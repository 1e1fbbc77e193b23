"""Public URLs of the corrections log, mounted before the core's URLs (summit/urls.py).

The last answers the core's feed path with the corrections added (to move onto
awards/extensions.py too). The JSON download and the API's edition record get the log through
awards/extensions.py (registered in apps.py).
"""

from django.urls import path

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
]
