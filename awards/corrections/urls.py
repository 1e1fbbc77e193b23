"""Public URLs of the corrections log, mounted beside the core's URLs (summit/urls.py).

The core's feed, JSON download and API edition record carry the log through
awards/extensions.py (registered in apps.py); no view here answers a core path.
"""

from django.urls import path

from awards.caching import cache_public_page
from awards.corrections import views

app_name = "corrections"

urlpatterns = [
    path(
        "<int:year>/corrections/",
        cache_public_page(views.CorrectionLogView.as_view()),
        name="log",
    ),
]
