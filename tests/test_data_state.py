"""Bounded staleness without a query per request (awards/datastate.py), across processes and
with a real Redis (CI starts one and sets SUMMIT_TEST_REDIS_URL; SUMMIT_REQUIRE_REDIS=1 makes
its absence a failure, never a skip)."""

import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection
from django.db.models import F
from django.test import override_settings

from awards import caching, datastate
from awards.models import DataVersion, Nominee
from tests.factories import AwardFactory, NomineeFactory

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("SUMMIT_TEST_REDIS_URL", "")

pytestmark = pytest.mark.urls("tests.test_cross_instance")

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a second process can only share the test database on a database server",
)


def _redis_reachable() -> bool:
    if not REDIS_URL:
        return False
    import redis

    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping()
    except redis.RedisError:
        return False


if os.environ.get("SUMMIT_REQUIRE_REDIS") == "1":
    assert _redis_reachable(), f"SUMMIT_REQUIRE_REDIS=1 but no Redis at {REDIS_URL!r}"
needs_redis = pytest.mark.skipif(not _redis_reachable(), reason="no SUMMIT_TEST_REDIS_URL")
CACHE_URLS = ["locmem://", pytest.param(REDIS_URL or "redis://", marks=needs_redis)]


def _silent_commit(name: str) -> None:
    """Another instance's commit whose notification never arrives: data and version change,
    no signal, no NOTIFY, nothing this process could hear."""
    Nominee.objects.update(name=name)
    DataVersion.objects.filter(pk=1).update(version=F("version") + 1)


@pytest.mark.django_db(transaction=True)
def test_data_state_lost_notification_shows_within_the_bound(client, settings, monkeypatch):
    AwardFactory(nominee=NomineeFactory(name="成都发布"))
    time.sleep(0.05)  # PostgreSQL: the setup's own notification arrives before the first read
    client.get("/names/")
    # Lost: no NOTIFY arrives, and (the test database being a file) no file stamp is heard.
    monkeypatch.setattr(datastate, "_signalled", lambda: False)

    _silent_commit("成都发布(新)")
    stale = client.get("/names/").content.decode()  # the tests' bound is an hour
    settings.PUBLIC_CACHE_STALENESS_MS = 250
    time.sleep(0.26)
    fresh = client.get("/names/").content.decode()

    assert (stale, fresh) == ("成都发布", "成都发布(新)")


@pytest.mark.django_db(transaction=True)
def test_data_state_hits_read_nothing_until_the_bound_passes(
    client, settings, django_assert_num_queries
):
    AwardFactory(nominee=NomineeFactory(name="成都发布"))
    settings.PUBLIC_CACHE_STALENESS_MS = 250
    client.get("/names/")
    reads = datastate.stats["reads"]

    time.sleep(0.26)
    with django_assert_num_queries(1):  # the re-read; the page itself is a hit
        client.get("/names/")

    assert datastate.stats["reads"] == reads + 1


# --- A second process (PostgreSQL): instance B, with its own cache or a shared Redis -----------

_INSTANCE_B = r"""
import sys
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings
client = Client(HTTP_HOST="127.0.0.1")
with override_settings(ROOT_URLCONF="tests.test_cross_instance"):
    for line in sys.stdin:
        response = client.get(line.strip())
        print("ANSWER", response.status_code, response.content.decode(), flush=True)
"""


@contextmanager
def instance_b(cache_url: str, staleness_ms: int):
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}"
            f":{database['PORT']}/{database['NAME']}"
        ),
        "CACHE_URL": cache_url,
        "PUBLIC_CACHE_STALENESS_MS": str(staleness_ms),
        "LOG_LEVEL": "ERROR",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "PYTHONPATH": str(ROOT),
    }
    process = subprocess.Popen(
        [sys.executable, "-c", _INSTANCE_B],
        cwd=ROOT,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def ask(path="/names/"):
        process.stdin.write(path + "\n")
        process.stdin.flush()
        for _ in range(20):  # bounded: skip any stray output line
            line = process.stdout.readline()
            if not line or line.startswith("ANSWER "):
                return line.removeprefix("ANSWER ").strip()
        return "no answer"

    try:
        yield ask
    finally:
        process.communicate(timeout=30)


@contextmanager
def shared_cache(cache_url: str):
    """This process as instance A, on the same cache as B when that is Redis."""
    if not cache_url.startswith("redis"):
        yield
        return
    from django.core.cache import caches

    redis_cache = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    }
    with override_settings(CACHES=redis_cache):
        caches["default"].clear()
        try:
            yield
        finally:
            caches["default"].clear()


@needs_postgresql
@pytest.mark.parametrize("cache_url", CACHE_URLS)
@pytest.mark.django_db(transaction=True)
def test_cross_instance_lost_notification_bound_holds_on_second_process(cache_url):
    AwardFactory(nominee=NomineeFactory(name="成都发布"))
    with shared_cache(cache_url), instance_b(cache_url, 250) as ask_b:
        first, cached = ask_b(), ask_b()
        _silent_commit("成都发布(新)")
        committed = time.monotonic()
        time.sleep(0.25)
        after = ask_b()
        waited = time.monotonic() - committed

    assert (first, cached, after) == ("200 成都发布", "200 成都发布", "200 成都发布(新)")
    assert waited < 1.0  # the answer was asked for right after the bound, not by luck later


@needs_postgresql
@pytest.mark.parametrize("cache_url", CACHE_URLS)
@pytest.mark.django_db(transaction=True)
def test_cross_instance_notification_shows_a_commit_long_before_the_bound(cache_url):
    AwardFactory(nominee=NomineeFactory(name="成都发布"))
    # B re-reads on its own clock only once an hour: only the NOTIFY can tell it.
    with shared_cache(cache_url), instance_b(cache_url, 3_600_000) as ask_b:
        first = ask_b()
        nominee = Nominee.objects.get()
        nominee.name = "成都发布(新)"
        nominee.save()  # autocommit: the bump and its NOTIFY are committed here
        answers = []
        deadline = time.monotonic() + 2.0
        while time.monotonic() < deadline and answers[-1:] != ["200 成都发布(新)"]:
            answers.append(ask_b())
            time.sleep(0.01)

    assert first == "200 成都发布"
    assert answers[-1] == "200 成都发布(新)"


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_data_state_listener_that_dropped_is_reopened():
    AwardFactory()
    datastate.refresh()
    victim = datastate._signal.conn.info.backend_pid
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [victim])
    time.sleep(0.05)

    # The first poll reads the server's goodbye, the next finds the socket closed: that one
    # re-reads the state and opens a new listener.
    datastate.token()
    datastate.token()

    assert datastate._signal.conn.info.backend_pid != victim
    assert not datastate._signal.broken


# --- Redis as the shared cache -------------------------------------------------------------


@needs_redis
@pytest.mark.django_db
def test_redis_cache_serves_hits_compressed_with_no_query(client, django_assert_num_queries):
    long_name = "成都发布" * 40
    AwardFactory.create_batch(3, nominee=NomineeFactory(name=long_name))
    with shared_cache(REDIS_URL):
        client.get("/names/")
        with django_assert_num_queries(0):
            hit = client.get("/names/", HTTP_ACCEPT_ENCODING="gzip")

    assert hit["Content-Encoding"] == "gzip"
    import gzip

    assert gzip.decompress(hit.content).decode() == " ".join([long_name] * 3)


@needs_redis
@pytest.mark.django_db
def test_redis_cache_waits_for_a_render_in_progress_elsewhere(client, caplog):
    """Single flight: while another process holds the render lock, this one waits for the page
    it stores instead of rendering the same page again."""
    AwardFactory(nominee=NomineeFactory(name="成都发布"))
    with shared_cache(REDIS_URL):
        from django.core.cache import cache

        first = client.get("/names/")  # learn the key this page is stored under
        key = next(k for k in _page_keys(cache))
        entry = cache.get(key)
        cache.delete(key)
        caching.forget_local()  # this process as one that never had the page
        cache.add(f"render:{key}", 999999, 30)  # "another process" is rendering it
        rendered = caching.logger.name

        def store_later():
            time.sleep(0.2)
            cache.set(key, entry, 60)
            cache.delete(f"render:{key}")

        import threading

        writer = threading.Thread(target=store_later)
        writer.start()
        caplog.clear()
        with caplog.at_level("INFO", logger=rendered):
            second = client.get("/names/")
        writer.join()

    assert second.content == first.content
    assert not [r for r in caplog.records if r.getMessage().startswith("rendered")]


def _page_keys(cache):
    client = cache._cache.get_client(None, write=False)
    prefix = cache.make_key("page:")
    for raw in client.scan_iter(match=f"{prefix}*"):
        yield raw.decode().removeprefix(cache.make_key(""))
