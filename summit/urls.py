"""Top-level URLs: the admin (path from DJANGO_ADMIN_URL), language switch, discovery files
and the public site."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.generic import TemplateView

from awards.caching import cache_public_page
from awards.corrections.sitemaps import SITEMAPS
from awards.views import set_language
from summit.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    # CSRF-exempt on purpose; see awards.views.set_language.
    path("i18n/setlang/", set_language, name="set_language"),
    path(
        "sitemap.xml",
        cache_public_page(sitemap),
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        cache_public_page(
            TemplateView.as_view(template_name="awards/robots.txt", content_type="text/plain")
        ),
        name="robots",
    ),
    # Before the core's URLs: the corrections log, and the feed, edition API record and JSON
    # download with the log added (see awards/corrections/urls.py).
    path("", include("awards.corrections.urls")),
    path("", include("awards.urls")),
]

handler404 = "awards.views.page_not_found"
handler500 = "awards.views.server_error"
