"""A second URLconf for tests of URL caching: the public pages under /prefixed/."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

urlpatterns = i18n_patterns(
    path("prefixed/", include("awards.urls")), prefix_default_language=False
)
