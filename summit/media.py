"""Uploaded files on one machine: served by the app under runserver and gunicorn alike."""

from django.conf import settings
from django.views.static import serve


def serve_media(request, path):
    """A file under MEDIA_ROOT (read per request, so tests and deployments can move it).

    Only mounted without a bucket (summit/urls.py). `serve` refuses paths outside the root
    and answers If-Modified-Since; the few small images it serves need nothing more.
    """
    return serve(request, path, document_root=settings.MEDIA_ROOT)
