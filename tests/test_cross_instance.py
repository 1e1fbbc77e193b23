"""The public page cache stays correct across app instances, each with its own local cache.

"Instance A" and "instance B" are two local-memory caches with different locations (separate
stores, as two servers have), and, on PostgreSQL, a second Python process.
"""

import datetime
import logging
import time
from contextlib import contextmanager

import pytest
from django.conf.urls.i18n import i18n_patterns
from django.db import connection, transaction
from django.http import HttpResponse
from django.template import engines
from django.test import override_settings
from django.urls import path
from django.utils import timezone

from awards import caching, datastate
from awards.models import Award, DataVersion, Nominee
from tests.factories import AwardFactory, AwardListFactory, EditionFactory, NomineeFactory

# --- A small public page under test (its own URLconf, so it does not depend on templates) ----


@caching.cache_public_page
def names_view(request):
    names = Award.objects.published().order_by("award_list__edition__year", "position")
    return HttpResponse(" ".join(names.values_list("nominee__name", flat=True)))


@caching.cache_public_page
def form_view(request):
    # A page with a CSRF-protected form: its token belongs to one visitor.
    template = engines["django"].from_string("<form method=post>{% csrf_token %}</form>")
    return HttpResponse(template.render({}, request))


def uncached_view(request):
    return HttpResponse(str(Nominee.objects.count()))


urlpatterns = [
    path("form/", form_view),
    path("plain/", uncached_view),
    # Like the site: Chinese unprefixed, English under /en/.
    *i18n_patterns(path("names/", names_view), prefix_default_language=False),
]

pytestmark = pytest.mark.urls("tests.test_cross_instance")


@contextmanager
def instance(name):
    """Run the block as app instance `name`: its own local-memory cache store."""
    with override_settings(
        CACHES={
            "default": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": f"instance-{name}",
            }
        }
    ):
        yield


@pytest.fixture
def instances():
    from django.core.cache import caches

    yield
    for name in ("a", "b"):
        with instance(name):
            caches["default"].clear()


@pytest.fixture
def winner(db):
    award = AwardFactory(nominee=NomineeFactory(name="成都发布"))
    return award.nominee


def _page(client, url="/names/"):
    return client.get(url).content.decode()


# --- Consistency -------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_cross_instance_change_through_a_shows_on_b_next_request(client, winner, instances):
    with instance("b"):
        before_on_b = _page(client)
    with instance("a"), transaction.atomic():
        winner.name = "成都发布2"
        winner.save()

    with instance("b"):
        after_on_b = _page(client)

    assert (before_on_b, after_on_b) == ("成都发布", "成都发布2")


@pytest.mark.django_db
def test_cross_instance_each_instance_renders_once_then_serves_its_copy(
    client, winner, instances, django_assert_num_queries
):
    with instance("a"):
        _page(client)
    with instance("b"), django_assert_num_queries(1):
        _page(client)  # the view's own query: B had no copy (the state was read by A's)

    with instance("b"), django_assert_num_queries(0):
        hit = _page(client)

    assert hit == "成都发布"


@pytest.mark.django_db(transaction=True)
def test_cross_instance_delete_through_a_shows_on_b(client, winner, instances):
    with instance("b"):
        _page(client)
    with instance("a"):
        Award.objects.get().delete()

    with instance("b"):
        page = _page(client)

    assert page == ""


@pytest.mark.django_db
def test_cross_instance_scheduled_edition_appears_when_its_moment_passes_without_a_write(
    client, instances
):
    moment = timezone.now() + datetime.timedelta(seconds=0.4)
    edition = EditionFactory(published_at=moment)
    AwardFactory(award_list=AwardListFactory(edition=edition), nominee__name="成都地铁")
    with instance("b"):
        before = _page(client)

    # Time passing is the only change: no save, no signal, no bump. The tests' staleness
    # bound is an hour, so only the locally computed publication moment can show it.
    time.sleep(max(0.0, (moment - timezone.now()).total_seconds()) + 0.01)
    with instance("b"):
        after = _page(client)

    assert (before, after) == ("", "成都地铁")


@pytest.mark.django_db(transaction=True)
def test_cross_instance_bulk_write_is_seen_once_the_writer_bumps(client, winner, instances):
    with instance("b"):
        _page(client)
    # A bulk write skips signals; its writer owes the bump (awards/caching.py).
    Nominee.objects.filter(pk=winner.pk).update(name="改名")
    with instance("b"):
        without_bump = _page(client)

    with transaction.atomic():
        transaction.on_commit(caching.bump)
    with instance("b"):
        with_bump = _page(client)

    assert (without_bump, with_bump) == ("成都发布", "改名")


@pytest.mark.django_db(transaction=True)
def test_bump_on_commit_registers_once_per_transaction(winner):
    with transaction.atomic():
        for n in range(3):
            winner.name = f"名称{n}"
            winner.save()
        pending = [func for _, func, _ in connection.run_on_commit]

    assert pending == [caching.bump]


@pytest.mark.django_db(transaction=True)
def test_bump_survives_a_rolled_back_savepoint_when_a_later_change_commits():
    nominee = NomineeFactory(name="甲")
    version = DataVersion.objects.get(pk=1).version

    with transaction.atomic():
        try:
            with transaction.atomic():
                Nominee.objects.create(name="乙", kind="media")
                raise RuntimeError("row error")
        except RuntimeError:
            pass
        nominee.name = "丙"
        nominee.save()

    assert DataVersion.objects.get(pk=1).version == version + 1


@pytest.mark.django_db(transaction=True)
def test_rolled_back_transaction_does_not_bump():
    NomineeFactory(name="甲")
    version = DataVersion.objects.get(pk=1).version

    with pytest.raises(RuntimeError), transaction.atomic():
        Nominee.objects.create(name="乙", kind="media")
        raise RuntimeError("import failed")

    assert DataVersion.objects.get(pk=1).version == version


# --- What is never shared ------------------------------------------------------------------


@pytest.mark.django_db
def test_cached_page_hit_costs_no_query(client, winner, django_assert_num_queries):
    client.get("/names/")

    with django_assert_num_queries(0):
        response = client.get("/names/")

    assert response.content.decode() == "成都发布"


@pytest.mark.django_db
def test_cached_page_not_marked_view_costs_no_state_query(
    client, winner, django_assert_num_queries
):
    with django_assert_num_queries(1):
        response = client.get("/plain/")

    assert response.content == b"1"


@pytest.mark.django_db
def test_cached_page_with_session_is_never_served_from_cache(
    client, admin_user, winner, django_assert_num_queries
):
    client.get("/names/")  # an anonymous visitor fills the cache
    client.force_login(admin_user)
    Nominee.objects.filter(pk=winner.pk).update(name="草稿里的新名字")  # no bump

    response = client.get("/names/")

    assert response.content.decode() == "草稿里的新名字"
    assert "ETag" not in response


@pytest.mark.django_db
def test_cached_page_with_csrf_form_is_not_stored(client, django_assert_num_queries):
    first = client.get("/form/")

    with django_assert_num_queries(0):  # the state was read by the first; nothing from the cache
        second = client.get("/form/")

    assert first.cookies["csrftoken"].value != ""
    assert "csrftoken" in second.cookies
    assert "ETag" not in second


@pytest.mark.django_db
def test_cached_page_etag_answers_304_also_for_weak_form(client, winner):
    etag = client.get("/names/")["ETag"]

    strong = client.get("/names/", HTTP_IF_NONE_MATCH=etag)
    weak = client.get("/names/", HTTP_IF_NONE_MATCH=f'"other", W/{etag}')

    assert (strong.status_code, weak.status_code) == (304, 304)
    assert strong["ETag"] == etag
    assert strong["Cache-Control"] == "public, max-age=0, must-revalidate"


@pytest.mark.django_db(transaction=True)
def test_cached_page_etag_changes_after_a_commit(client, winner):
    etag = client.get("/names/")["ETag"]
    winner.save()

    response = client.get("/names/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag


@pytest.mark.django_db
def test_cached_page_language_is_part_of_the_key(client, winner):
    chinese = client.get("/names/", HTTP_ACCEPT_LANGUAGE="en")
    english = client.get("/en/names/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert chinese["Content-Language"] == "zh-hans"
    assert english["Content-Language"] == "en"
    assert chinese["ETag"] != english["ETag"]


@pytest.mark.django_db
def test_cached_page_cache_outage_still_serves_the_page(client, winner, caplog):
    unreachable = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    caplog.set_level(logging.WARNING, logger="awards.caching")

    with override_settings(CACHES=unreachable):
        response = client.get("/names/")

    assert (response.status_code, response.content.decode()) == (200, "成都发布")
    assert [r.getMessage() for r in caplog.records] == ["public page cache unavailable"] * 2


@pytest.mark.django_db
def test_page_stored_by_another_process_between_miss_and_lock_is_not_rendered_again(
    client, winner, instances, caplog, monkeypatch
):
    """The soak's results night once saw two renders of one page for one state on Redis."""
    from django.core.cache import caches

    caplog.set_level(logging.INFO, logger="awards.caching")
    with instance("a"):
        backend = caches["default"]
        real_add = backend.add

        def add_after_the_other_render(key, *args, **kwargs):
            # Another process stores its render and releases its lock just before ours.
            if key.startswith("render:page:"):
                page_key = key.removeprefix("render:")
                other = (200, (("Content-Type", "text/html"),), {"": "其他进程".encode()})
                backend.set(page_key, other)
            return real_add(key, *args, **kwargs)

        monkeypatch.setattr(backend, "add", add_after_the_other_render)
        body = _page(client)
        renders = [r for r in caplog.records if r.getMessage().startswith("rendered ")]
        lock_left = [k for k in backend._cache if "render:page:" in k]

    assert (body, renders, lock_left) == ("其他进程", [], [])


# --- Across processes and broken connections (PostgreSQL: a second process needs a real server)


needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a second process can only share the test database on a database server",
)


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_cross_instance_second_process_sees_commit_of_first_within_the_bound(client):
    from tests.test_data_state import instance_b

    AwardFactory(nominee=NomineeFactory(name="成都发布"))
    with instance_b("locmem://", 250) as ask_b:
        first, cached = ask_b(), ask_b()
        nominee = Nominee.objects.get()
        nominee.name = "成都发布(新)"
        nominee.save()  # autocommit: committed and bumped here, in this process
        # B hears of it through the NOTIFY sent with the bump, and re-reads the state within
        # 250 ms (its PUBLIC_CACHE_STALENESS_MS) even without it (tests/test_data_state.py).
        time.sleep(0.25)
        after = ask_b()

    assert (first, cached, after) == ("200 成都发布", "200 成都发布", "200 成都发布(新)")


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_state_query_reconnects_when_the_reused_connection_died():
    datastate.refresh()  # opens this thread's connection
    victim = connection.connection.info.backend_pid
    with _other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [victim])
    connection.health_check_done = False  # a new request on a reused connection

    token = datastate.refresh()

    assert token.split("-")[0] == str(DataVersion.objects.get(pk=1).version)
    assert connection.connection.info.backend_pid != victim


@contextmanager
def _other_connection():
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"],
        port=settings["PORT"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        dbname=settings["NAME"],
        autocommit=True,
    ) as other:
        yield other


def test_public_page_cache_middleware_runs_before_sessions(settings):
    middleware = settings.MIDDLEWARE

    # Only the language (from the path, which the cache resolves) comes between them.
    assert middleware.index("awards.caching.PublicPageCacheMiddleware") == (
        middleware.index("summit.locale.LanguageFromPathMiddleware") + 1
    )
    assert middleware.index("summit.locale.LanguageFromPathMiddleware") == (
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
    )
    assert middleware.index("awards.caching.PublicPageCacheMiddleware") < middleware.index(
        "django.contrib.sessions.middleware.SessionMiddleware"
    )
