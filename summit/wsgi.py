"""WSGI entry point for gunicorn."""

import os

# First, before anything can import settings: gunicorn imports this module with no
# DJANGO_SETTINGS_MODULE of its own.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")

from django.conf import settings
from django.core.wsgi import get_wsgi_application

from summit.environment import refuse_development_key

application = get_wsgi_application()

# A server with DEBUG off never starts on the development key (summit/settings.py).
refuse_development_key(settings.DEBUG, settings.SECRET_KEY)

# Under gunicorn's preload_app this runs once in the master: every worker, the first and the
# ones max_requests recycles, starts with the views imported and the templates compiled.
from summit.warmup import warm  # noqa: E402  (needs the settings and apps loaded above)

warm()
