"""Public page caching that stays correct across app instances.

One place decides when a cached public response is still valid:

* Every committed change to the five award models bumps a single `DataVersion`
  row (signals registered in `AwardsConfig.ready`, bulk writers call `bump()`).
* A scheduled edition becomes visible at its `published_at`; the newest
  `published_at` that has passed is part of the key, so the page changes at
  that moment with no cron job.
* Both are read with one small query per request, so instances with their own
  local-memory cache still never serve a page older than the last commit.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F, Subquery
from django.http import HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.http import quote_etag

from awards.models import DataVersion, Edition


def bump() -> None:
    """Mark all public data as changed, now (call after bulk writes that skip signals)."""
    updated = DataVersion.objects.filter(pk=1).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        DataVersion.objects.get_or_create(pk=1)
        DataVersion.objects.filter(pk=1).update(version=F("version") + 1)


def bump_on_commit(**kwargs) -> None:
    """Signal receiver: bump once when the surrounding transaction commits."""
    pending = connection.run_on_commit if connection.in_atomic_block else []
    if any(func is bump for _, func, _ in pending):
        return
    transaction.on_commit(bump)


def state_token() -> str:
    """Data version and the newest publication moment that has passed, in one query."""
    newest = (
        Edition.objects.filter(published_at__lte=timezone.now())
        .order_by("-published_at")
        .values("published_at")[:1]
    )
    row = (
        DataVersion.objects.filter(pk=1)
        .annotate(newest=Subquery(newest))
        .values_list("version", "newest")
        .first()
    )
    if row is None:
        # A flushed database (tests, a fresh install before migrate's data step) has no row yet.
        DataVersion.objects.get_or_create(pk=1)
        return state_token()
    version, newest_at = row
    return f"{version}-{newest_at.timestamp() if newest_at else 0}"


def _is_staff_request(request) -> bool:
    # Anonymous visitors carry no session cookie, so the common case costs no query.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_authenticated and request.user.is_staff


def cache_public_page(view):
    """Cache a public GET response per path, language and data state, with ETag support.

    Staff (who may preview drafts) bypass the cache entirely.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _is_staff_request(request):
            return view(request, *args, **kwargs)

        token = state_token()
        language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
        raw_key = f"{token}|{language}|{request.get_full_path()}"
        digest = hashlib.sha256(raw_key.encode()).hexdigest()[:32]
        etag = quote_etag(digest)

        if etag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
            response = HttpResponseNotModified()
            _finish(response, etag)
            return response

        cache_key = f"page:{digest}"
        stored = cache.get(cache_key)
        if stored is not None:
            status, content, headers = stored
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
        else:
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if response.status_code in (200, 404) and not response.streaming:
                headers = [
                    (name, response[name])
                    for name in ("Content-Type", "Content-Disposition", "Content-Language")
                    if response.has_header(name)
                ]
                cache.set(
                    cache_key,
                    (response.status_code, response.content, headers),
                    settings.PUBLIC_CACHE_SECONDS,
                )
        if response.status_code == 200:
            _finish(response, etag)
        return response

    return wrapper


def _finish(response, etag: str) -> None:
    response["ETag"] = etag
    # Browsers and proxies revalidate every time; the 304 path makes that cheap.
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
