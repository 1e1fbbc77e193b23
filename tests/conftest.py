import importlib
import os

import pytest
from django.core.cache import cache

from awards import caching, datastate

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
    settings.LANGUAGE_COOKIE_SECURE = False
    # Query-count tests must not depend on the machine's speed: the data state is re-read on
    # this process's own commits (and at each test's start), not on a 250 ms clock; the tests
    # of the staleness bound set it back to 250 ms.
    settings.PUBLIC_CACHE_STALENESS_MS = 3_600_000


def pytest_runtest_setup(item):
    # @pytest.mark.system_packages(...): skip with the apt command, or fail under CI.
    from tests.system_packages import require

    for marker in item.iter_markers("system_packages"):
        require(*marker.args)


@pytest.fixture(autouse=True)
def _empty_cache():
    # Rolled-back tests reuse data-version numbers, so cached pages and this process's reading
    # of the data state must not outlive a test.
    cache.clear()
    caching.forget_local()
    datastate.invalidate()
    yield
    cache.clear()
    caching.forget_local()
    datastate.invalidate()


@pytest.fixture(scope="session", autouse=True)
def _data_state_listener(django_db_setup):
    # The PostgreSQL listener holds a connection to the test database: close it before
    # pytest-django drops that database.
    yield
    datastate.close()


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


@pytest.fixture
def organizer_group(db):
    """The 组织者 group as migration 0003 (and 0008) make it.

    Transactional tests (the browser tests) flush the database and take the migration's group
    with them; pytest may run them before other tests, so tests that need it ask for it here.
    """
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name="组织者")
    if created:
        migration = importlib.import_module("awards.migrations.0003_organizer_group")
        codenames = [f"{a}_{m}" for m in migration.MODELS for a in migration.ACTIONS]
        codenames += [f"view_historical{m}" for m in migration.MODELS]
        codenames += [f"{a}_certificatedesign" for a in ("add", "change", "delete", "view")]
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="awards", codename__in=codenames)
        )
    return group
