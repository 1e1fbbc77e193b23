"""Top-level URLs: the admin (path from DJANGO_ADMIN_URL), language switch, discovery files
and the public site, whose pages have English twins under /en/ (Chinese URLs unchanged)."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from django.views.generic import TemplateView

from awards import sitemaps
from awards.caching import cache_public_page
from awards.views import set_language
from summit.health import healthz
from summit.media import serve_media

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    # CSRF-exempt on purpose; see awards.views.set_language.
    path("i18n/setlang/", set_language, name="set_language"),
    path(
        "sitemap.xml",
        cache_public_page(sitemap),
        {"sitemaps": sitemaps.all_sections()},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path(
        "robots.txt",
        cache_public_page(
            TemplateView.as_view(template_name="awards/robots.txt", content_type="text/plain")
        ),
        name="robots",
    ),
    # sitemap.xml and robots.txt describe both languages from one address.
]
if not settings.MEDIA_S3_BUCKET:
    # One machine: the app serves uploaded files itself, under runserver and gunicorn alike
    # (a few small images; a bucket serves them when MEDIA_S3_BUCKET is set).
    urlpatterns.append(re_path(r"^media/(?P<path>.+)$", serve_media, name="media"))
# Chinese at the historic URLs, English under /en/; the URL alone decides (summit/locale.py).
# The API and downloads carry both languages and answer unprefixed (awards.bilingual).
# The corrections log has its own pages only; what it adds to the core's feed, downloads and
# API comes through awards/extensions.py, so the core never imports it.
urlpatterns += i18n_patterns(
    # Judges' and organizers' jury pages (awards.jury); judges are not staff, never in the admin.
    path("jury/", include("awards.jury.urls")),
    path("", include("awards.corrections.urls")),
    path("", include("awards.urls")),
    prefix_default_language=False,
)

handler404 = "awards.views.page_not_found"
handler500 = "awards.views.server_error"
