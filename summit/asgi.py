"""ASGI entry point."""

import os

from django.conf import settings
from django.core.asgi import get_asgi_application

from summit.environment import refuse_development_key

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")

application = get_asgi_application()

# A server with DEBUG off never starts on the development key (summit/settings.py).
refuse_development_key(settings.DEBUG, settings.SECRET_KEY)
