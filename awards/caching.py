"""Public page caching that stays correct across app instances.

One place decides when a cached public response is still valid (docs/architecture.md):

* Every committed change to the five award models bumps a single `DataVersion` row (signals
  registered in `AwardsConfig.ready`; bulk writers call `transaction.on_commit(bump)`).
* A scheduled edition becomes visible at its `published_at`; the newest `published_at` that
  has passed is part of the key, so the page changes at that moment with no cron job.
* Each process keeps the last reading of both (`awards.datastate`): its own commits show on
  its next request, other instances' commits within `PUBLIC_CACHE_STALENESS_MS` (250 ms)
  whether or not their notification arrives. A cache hit runs no query.

Views opt in with `@cache_public_page`; `PublicPageCacheMiddleware` does the work. It sits
just after WhiteNoise, so a hit costs a cache read, and skips sessions, CSRF, auth, messages
and the view: that is what keeps a cached page close to a static file. Text answers are
stored with their gzip and brotli forms, compressed once when stored and never per request.
Each page is rendered at most once per change by the processes sharing a cache: the others
wait for that render (single flight).
"""

import hashlib
import logging
import os
import time
from collections import OrderedDict
from functools import lru_cache, wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection, transaction
from django.db.models import F
from django.urls import Resolver404, get_resolver
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from awards import datastate, representations, sessions
from awards.models import DataVersion

logger = logging.getLogger(__name__)

_MARK = "summit_public_page"
_STATE_ATTR = "_summit_state_token"
# How long a request waits for another process's render of the same page before rendering
# itself (a render that died must not stall the page); the lock outlives a slow render.
_WAIT_SECONDS = 5.0
_LOCK_SECONDS = 30


def bump() -> None:
    """Mark all public data as changed, now (call after bulk writes that skip signals).

    The other instances hear of it through a notification sent with the commit (PostgreSQL),
    and within the staleness bound if that notification is lost; this process at once.
    """
    with transaction.atomic():
        updated = DataVersion.objects.filter(pk=1).update(
            version=F("version") + 1, changed_at=timezone.now()
        )
        if not updated:
            DataVersion.objects.get_or_create(pk=1)
            DataVersion.objects.filter(pk=1).update(version=F("version") + 1)
        datastate.notify()
        # Now, for this connection's own next read (which sees the uncommitted row), and again
        # at the commit, in case another thread re-read the state in between.
        datastate.invalidate()
        transaction.on_commit(datastate.invalidate)


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


def change_pending() -> bool:
    """This connection's transaction changed public data that is not committed yet.

    Values derived from the data state and kept under its token (the site identity, the
    archive statistics) are not kept then: they would hold uncommitted data under the token of
    the state before it, and a rollback would leave them there.
    """
    pending = connection.run_on_commit if connection.in_atomic_block else []
    return any(func is bump for _, func, _ in pending)


def state_token(request=None) -> str:
    """Data version and the newest publication moment that has passed (awards.datastate).

    Read at most once per request, so the key and the ETag of one answer agree.
    """
    if request is not None and hasattr(request, _STATE_ATTR):
        return getattr(request, _STATE_ATTR)
    token = datastate.token()
    if request is not None:
        setattr(request, _STATE_ATTR, token)
    return token


def pinned_state_token(request) -> str | None:
    """The state token this request read before its view ran, or None if it read none."""
    return getattr(request, _STATE_ATTR, None)


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


# Entries this process has read, ready to answer from without unpickling (the shared cache's
# copy is a pickle; Redis's is a network round trip away), with their prepared headers; one
# bounded LRU per cache backend object. Keys include the data state: nothing here goes stale.
_LOCAL_ATTR = "_summit_local_pages"


def _local_pages(backend) -> OrderedDict:
    pages = getattr(backend, _LOCAL_ATTR, None)
    if pages is None:
        pages = OrderedDict()
        setattr(backend, _LOCAL_ATTR, pages)
    return pages


def _local_put(pages: OrderedDict, key: str, entry: tuple, backend) -> tuple:
    local = (entry, {})
    # CACHE_URL=dummy:// means no page cache at all (benchmarks of the uncached site).
    if not isinstance(backend, DummyCache):
        pages[key] = local
        while len(pages) > settings.PUBLIC_CACHE_LOCAL_ENTRIES:
            pages.popitem(last=False)
    return local


def forget_local() -> None:
    """Drop this process's ready copies (tests: a rolled-back test reuses data versions)."""
    _local_pages(caches["default"]).clear()


class PublicPageCacheMiddleware:
    """Serves and stores the pages of views marked with @cache_public_page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or not _is_public_page(request):
            # Everything else (the admin, /healthz, redirects) never touches the page cache.
            return self.get_response(request)
        if sessions.is_genuine(request.COOKIES.get(settings.SESSION_COOKIE_NAME)):
            # Staff preview drafts and see their own messages: never from a shared page, and
            # never kept by a proxy or the browser's shared cache either. A made-up session
            # cookie fails the key's signature and is anonymous (awards/sessions.py).
            # The state is read before the view reads data: awards.fragments keeps parts of
            # this page under it, which must not be older than what they show.
            state_token(request)
            response = self.get_response(request)
            response["Cache-Control"] = "private, no-store"
            patch_vary_headers(response, ("Cookie",))
            return response

        # bilingual-urls (h10): the language comes from the path, activated by
        # summit.locale.LanguageFromPathMiddleware before this middleware runs.
        language = get_language()
        # Pages carry absolute links (canonical, Open Graph, API records): key on the origin too.
        origin = f"{request.scheme}://{request.get_host()}"
        raw_key = f"{state_token(request)}|{language}|{origin}{request.get_full_path()}"
        digest = hashlib.sha256(raw_key.encode()).hexdigest()[:32]

        # This digest is only ever issued for a cacheable page at this exact state and path.
        if_none_match = request.META.get("HTTP_IF_NONE_MATCH", "")
        if matched := representations.etag_match(digest, if_none_match):
            return representations.not_modified(matched)

        backend = caches["default"]
        pages = _local_pages(backend)
        cache_key = f"page:{digest}"
        local = pages.get(cache_key)
        if local is None:
            entry = _cache_call(backend.get, cache_key, failed=_OUTAGE)
            if entry is None or entry is _OUTAGE:
                entry = self._render_once(request, backend, cache_key, raw_key, entry is None)
                if not isinstance(entry, tuple):
                    return entry  # not storable: the rendered response as it is
            local = _local_put(pages, cache_key, entry, backend)
        codings = representations.encodings(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if if_none_match.strip() == "*":
            # "*" matches any current representation: this page exists (RFC 9110 13.1.2).
            coding = next((c for c in codings if c in local[0][2]), "")
            return representations.not_modified(representations.etag_for(digest, coding))
        return representations.answer(local, digest, codings)

    def _render_once(self, request, cache, cache_key: str, raw_key: str, lock: bool):
        """Render and store the page, unless another process sharing the cache is at it.

        Without a reachable cache (lock=False) every request renders, as without a cache.
        """
        lock_key = f"render:{cache_key}"
        acquired = lock and _cache_call(cache.add, lock_key, os.getpid(), _LOCK_SECONDS)
        if acquired:
            # Another process may have stored the page and released its lock between our miss
            # and our lock: read once more, or that page would be rendered twice for one state.
            entry = _cache_call(cache.get, cache_key)
            if entry is not None:
                _cache_call(cache.delete, lock_key)
                return entry
        elif lock and acquired is False:
            deadline = time.monotonic() + _WAIT_SECONDS
            while time.monotonic() < deadline:
                time.sleep(0.005)
                entry = _cache_call(cache.get, cache_key)
                if entry is not None:
                    return entry
                if _cache_call(cache.get, lock_key) is None:
                    # That render ended: stored just now, or it could not be stored.
                    entry = _cache_call(cache.get, cache_key)
                    if entry is not None:
                        return entry
                    break
        try:
            started = time.perf_counter()
            response = self.get_response(request)
            if not _storable(request, response):
                # Returned as rendered; with If-None-Match: * a 404 stays a 404: "*" only
                # matches a representation that exists.
                return response
            if isinstance(cache, DummyCache):
                # No page cache: this answer is the only use of the entry.
                entry = representations.entry(
                    response,
                    representations.encodings(request.META.get("HTTP_ACCEPT_ENCODING", "")),
                )
            else:
                entry = representations.entry(response)
                _cache_call(cache.set, cache_key, entry, settings.PUBLIC_CACHE_SECONDS)
            # Renders are what the page cache saves: one line each lets load tests count them.
            logger.info(
                "rendered %s pid=%s ms=%.1f",
                raw_key,
                os.getpid(),
                (time.perf_counter() - started) * 1000,
            )
            return entry
        finally:
            if lock:
                _cache_call(cache.delete, lock_key)


_OUTAGE = object()


def _cache_call(method, *args, failed=None):
    # A cache outage (Redis down) costs speed, never availability: render as if it missed.
    try:
        return method(*args)
    except Exception:
        logger.warning("public page cache unavailable", exc_info=True)
        return failed
