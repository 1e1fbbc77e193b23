import os

import pytest
from django.core.cache import cache

# Browser tests combine live_server with the ORM in Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Test-only settings for the whole session (the live server's middleware reads them once):
    plain static storage, a fast hasher, plain HTTP."""
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rolled-back tests reuse data-version numbers, so cached pages must not outlive a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def edition_2022(db):
    """The real 2022 fixture, loaded through loaddata."""
    from django.core.management import call_command

    from awards.models import Edition

    call_command("loaddata", "summit_2022", verbosity=0)
    return Edition.objects.get(year=2022)


@pytest.fixture
def chengdu_identity(db):
    """The site identity `make run` loads (fixtures/site_chengdu.json)."""
    from django.core.management import call_command

    call_command("loaddata", "site_chengdu", verbosity=0)
