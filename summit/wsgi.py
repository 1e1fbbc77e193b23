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
