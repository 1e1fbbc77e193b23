"""The foundation's home and edition views wrapped in cache_public_page (benchmark fallback)."""

from django.urls import path

from awards import views
from awards.caching import cache_public_page
from summit.urls import urlpatterns as site_urlpatterns

urlpatterns = [
    path("", cache_public_page(views.HomeView.as_view())),
    path("<int:year>/", cache_public_page(views.EditionDetailView.as_view())),
    *site_urlpatterns,
]
