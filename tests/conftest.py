import importlib
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from django.core.cache import cache

from awards import caching, datastate, fragments, identity
from awards.stats import figures

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
    _sqlite_test_database_in_a_file(settings, config)


def _sqlite_test_database_in_a_file(settings, config):
    """SQLite tests run on a database file, not in memory. An in-memory test database is one
    connection that Django shares with the live server's request threads (browser tests); a
    thread closing it after its request raced the test's own teardown. With a file, each
    thread opens and closes its own connection. The file lives in RAM where the machine has a
    tmpfs (/dev/shm), in a folder of this session's own, removed at the end."""
    database = settings.DATABASES["default"]
    if database["ENGINE"] != "django.db.backends.sqlite3":
        return
    shm = Path("/dev/shm")
    folder = Path(tempfile.mkdtemp(prefix="summit-tests-", dir=shm if shm.is_dir() else None))
    config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
    # Changed in place: django.db.connections may already hold this very dict.
    database.setdefault("TEST", {})["NAME"] = str(folder / "test.sqlite3")


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
    figures.forget_summaries()
    identity.forget()
    fragments.forget()
    yield
    cache.clear()
    caching.forget_local()
    datastate.invalidate()
    figures.forget_summaries()
    identity.forget()
    fragments.forget()


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
    """The 组织者 group as the migrations make it (awards 0003 and 0008, evaluation 0002, jury
    0002).

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
        # …and what the evaluation and jury apps' migrations grant it.
        evaluation = importlib.import_module(
            "awards.evaluation.migrations.0002_organizer_permissions"
        )
        jury = importlib.import_module("awards.jury.migrations.0002_judge_group")
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label__in=("awards", "certificates"), codename__in=codenames
            )
            | Permission.objects.filter(
                content_type__app_label="evaluation",
                codename__in=[
                    f"{a}_{m}"
                    for m in evaluation.MODELS
                    for a in ("add", "change", "delete", "view")
                ],
            )
            | Permission.objects.filter(
                content_type__app_label="jury", codename__in=jury.ORGANIZER_CODENAMES
            )
        )
    return group


# The one password of every test organizer (browser stories type it into the login form).
ORGANIZER_PASSWORD = "organizer-passphrase-7"


@pytest.fixture
def organizer_password():
    return ORGANIZER_PASSWORD


@pytest.fixture
def make_organizer(organizer_group):
    """Makes a staff member in the 组织者 group, as `create_organizer` does."""
    from django.contrib.auth.models import User

    def make(username: str = "organizer"):
        user = User.objects.create_user(username, password=ORGANIZER_PASSWORD, is_staff=True)
        user.groups.add(organizer_group)
        return user

    return make


@pytest.fixture
def organizer(make_organizer, client):
    """An organizer, logged in on the test `client`."""
    user = make_organizer()
    client.force_login(user)
    return user
