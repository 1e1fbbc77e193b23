"""The site under /prefixed/: a second URLconf for tests of URL caching."""

from django.urls import include, path

urlpatterns = [path("prefixed/", include("summit.urls"))]
