"""Public page caching that stays correct across app instances.

One place decides when a cached public response is still valid (docs/architecture.md):

* Every committed change to the five award models bumps a single `DataVersion` row (signals
  registered in `AwardsConfig.ready`; bulk writers call `transaction.on_commit(bump)`).
* A scheduled edition becomes visible at its `published_at`; the newest `published_at` that
  has passed is part of the key, so the page changes at that moment with no cron job.
* Both are read with one small query per request (`state_token`), so instances with their
  own local-memory cache never serve a page older than the last commit.

Views opt in with `@cache_public_page`; `PublicPageCacheMiddleware` does the work. It sits
just after WhiteNoise, so a hit costs that one query and a cache read, and skips sessions,
CSRF, auth, messages and the view: that is what keeps a cached page close to a static file.
"""

import hashlib
import logging
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection, transaction
from django.db.models import F
from django.http import HttpResponse, HttpResponseNotModified
from django.urls import Resolver404, get_resolver
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import get_language

from awards.models import DataVersion, Edition

logger = logging.getLogger(__name__)

# Headers of a rendered page that are not replayed from the cache: they belong to one response
# (Date, Server) or are recomputed (Content-Length). Cookies live apart and are never stored.
_NOT_REPLAYED = frozenset({"date", "server", "content-length", "connection"})
_MARK = "summit_public_page"
_STATE_ATTR = "_summit_state_token"


def bump() -> None:
    """Mark all public data as changed, now (call after bulk writes that skip signals)."""
    updated = DataVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        DataVersion.objects.get_or_create(pk=1)
        DataVersion.objects.filter(pk=1).update(version=F("version") + 1)


def bump_on_commit(**kwargs) -> None:
    """Signal receiver: bump once when the surrounding transaction commits.

    One pending bump per transaction is enough: a callback registered inside a savepoint that
    later rolls back is dropped by Django together with the changes that asked for it, and a
    later change re-registers (the check below then finds no pending bump).
    """
    pending = connection.run_on_commit if connection.in_atomic_block else []
    if any(func is bump for _, func, _ in pending):
        return
    transaction.on_commit(bump)


def _state_sql() -> str:
    qn = connection.ops.quote_name
    return (
        f"SELECT {qn('version')}, (SELECT MAX({qn('published_at')}) FROM "
        f"{qn(Edition._meta.db_table)} WHERE {qn('published_at')} <= %s) "
        f"FROM {qn(DataVersion._meta.db_table)} WHERE {qn('id')} = 1"
    )


def state_token(request=None) -> str:
    """Data version and the newest publication moment that has passed, in one query.

    Plain SQL on purpose: it runs on every public request, and skipping the ORM's query
    compilation is a measurable part of a cached page's cost. Read at most once per request.
    """
    if request is not None and hasattr(request, _STATE_ATTR):
        return getattr(request, _STATE_ATTR)
    row = _read_state()
    if row is None:
        # A flushed database (tests, a fresh install before migrate's data step) has no row.
        DataVersion.objects.get_or_create(pk=1)
        row = _read_state()
    token = f"{row[0]}-{row[1] or 0}"
    if request is not None:
        setattr(request, _STATE_ATTR, token)
    return token


def _read_state():
    """Run the state query; it doubles as the request's connection health check.

    With CONN_HEALTH_CHECKS, Django pings a reused connection (one more round trip) before the
    first query of each request. On a cache hit this query is the only one, so it is the
    ping: if the reused connection turns out dead, it is closed and the query runs once more
    on a fresh one, which is what the health check would have achieved.
    """
    checking = (
        connection.health_check_enabled
        and not connection.health_check_done
        and connection.connection is not None
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    try:
        return _fetch_state(now)
    except (InterfaceError, OperationalError):
        if not checking:
            raise
        connection.close()
        return _fetch_state(now)


def _fetch_state(now):
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(), [now])
        return cursor.fetchone()


def cache_public_page(view):
    """Let PublicPageCacheMiddleware store this view's anonymous GET responses.

    The key is the data state, the language and the full path; staff (who may preview drafts)
    and anyone else with a session are never served from or written to the cache.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return view(request, *args, **kwargs)

    setattr(wrapper, _MARK, True)
    return wrapper


def _is_public_page(request) -> bool:
    return _resolves_to_public_page(
        get_resolver(getattr(request, "urlconf", None)), request.path_info
    )


@lru_cache(maxsize=4096)
def _resolves_to_public_page(resolver, path_info: str) -> bool:
    # URL resolution is a measurable share of a cache hit; the answer for a path never
    # changes while its resolver lives (a new URLconf is a new resolver, so a new key).
    try:
        match = resolver.resolve(path_info)
    except Resolver404:
        return False
    return getattr(match.func, _MARK, False)


def _etag_matches(etag: str, header: str) -> bool:
    # If-None-Match uses the weak comparison (RFC 9110 13.1.2): a proxy that compressed the
    # page may hand back W/"…".
    if header.strip() == "*":
        return True
    return etag in {tag.strip().removeprefix("W/") for tag in header.split(",")}


def _finish(response, etag: str) -> None:
    response["ETag"] = etag
    # Browsers and proxies revalidate every time; the 304 path makes that cheap.
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    # bilingual-urls (h10): the path decides the language, so only the session cookie (staff
    # previews) makes the same URL differ.
    patch_vary_headers(response, ("Cookie",))


def _storable(request, response) -> bool:
    if response.status_code != 200:
        return False
    if response.streaming or response.cookies:
        # A cookie (a CSRF token used by a form on the page, a session) belongs to one visitor.
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    control = response.get("Cache-Control", "").lower()
    return not any(word in control for word in ("private", "no-store", "no-cache"))


class PublicPageCacheMiddleware:
    """Serves and stores the pages of views marked with @cache_public_page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            # Staff preview drafts and see their own messages: never from a shared page.
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            # Everything else (the admin, /healthz, redirects) costs no state query.
            or not _is_public_page(request)
        ):
            return self.get_response(request)

        # bilingual-urls (h10): the language comes from the path, activated by
        # summit.locale.LanguageFromPathMiddleware before this middleware runs.
        language = get_language()
        # Pages carry absolute links (canonical, Open Graph, API records): key on the origin too.
        origin = f"{request.scheme}://{request.get_host()}"
        raw_key = f"{state_token(request)}|{language}|{origin}{request.get_full_path()}"
        digest = hashlib.sha256(raw_key.encode()).hexdigest()[:32]
        etag = quote_etag(digest)

        # This ETag is only ever issued for a cacheable page at this exact state and path.
        if _etag_matches(etag, request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            _finish(response, etag)
            return response

        cache_key = f"page:{digest}"
        stored = _cache_call(cache.get, cache_key)
        if stored is not None:
            status, content, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response.headers[name] = value
            return response

        response = self.get_response(request)
        if _storable(request, response):
            _finish(response, etag)
            headers = [
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in _NOT_REPLAYED
            ]
            _cache_call(
                cache.set,
                cache_key,
                (response.status_code, response.content, headers),
                settings.PUBLIC_CACHE_SECONDS,
            )
        return response


def _cache_call(method, *args):
    # A cache outage (Redis down) costs speed, never availability: render as if it missed.
    try:
        return method(*args)
    except Exception:
        logger.warning("public page cache unavailable", exc_info=True)
        return None
