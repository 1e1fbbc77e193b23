"""Top-level URLs: the admin (path from DJANGO_ADMIN_URL), language switch and the public site."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from summit.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("awards.urls")),
]
