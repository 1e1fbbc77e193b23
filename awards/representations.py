"""A stored public page and the answers made from it: codings, validators, replayed headers.

awards/caching.py decides when a page may be served from the cache; this module decides what
is kept of a rendered page (its body with gzip and brotli forms, compressed once) and how one
request's answer is built from that (RFC 9110: content codings, ETags, 304s).
"""

import gzip
from functools import lru_cache

import brotli
from django.http import HttpResponse, HttpResponseNotModified
from django.http.response import ResponseHeaders
from django.utils.cache import patch_vary_headers

# Headers of a rendered page that are not replayed from the cache: they belong to one response
# (Date, Server) or are set per answer (Content-Length, Content-Encoding, ETag).
_NOT_REPLAYED = frozenset(
    {"date", "server", "content-length", "connection", "content-encoding", "etag"}
)
# The path decides the language (summit/locale.py), so Accept-Language does not vary a page;
# the session cookie (staff previews) and the accepted codings do.
_VARY = ("Accept-Encoding", "Cookie")
# Compressed forms are worth storing for text only, and only above a packet's worth of bytes.
_COMPRESSIBLE = ("text/", "application/json", "application/xml", "application/rss+xml")
_MIN_COMPRESS_BYTES = 512
# brotli quality 5 and gzip 6: within 2-10 % of the smallest output at a tenth of the time
# (a 26 KB page: about 2 ms together), which matters when every save re-renders every page.
_BROTLI_QUALITY = 5
_GZIP_LEVEL = 6


@lru_cache(maxsize=256)
def encodings(accept_encoding: str) -> tuple[str, ...]:
    """Codings the client takes, best first (RFC 9110 12.5.3; q=0 refuses one)."""
    accepted = {}
    for item in accept_encoding.lower().split(","):
        name, _, params = item.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        accepted[name.strip()] = quality
    star = accepted.get("*", 0.0)
    # Brotli first when equally welcome: it is the smaller of the two.
    ranked = [(accepted.get(c, star), -i, c) for i, c in enumerate(("br", "gzip"))]
    return tuple(c for q, _, c in sorted(ranked, reverse=True) if q > 0)


def etag_for(digest: str, coding: str) -> str:
    # Each coding is its own representation, so it gets its own validator (RFC 9110 8.8.3).
    return f'"{digest}-{coding}"' if coding else f'"{digest}"'


def etag_match(digest: str, header: str) -> str | None:
    # If-None-Match uses the weak comparison (RFC 9110 13.1.2): a proxy that compressed the
    # page may hand back W/"…". Any coding of this digest is the same page at the same state.
    for tag in header.split(","):
        tag = tag.strip().removeprefix("W/")
        if tag.startswith(f'"{digest}'):
            coding = tag[len(digest) + 1 :].strip('"').removeprefix("-")
            if tag == etag_for(digest, coding) and coding in ("", "gzip", "br"):
                return tag
    return None


def entry(response, only: tuple[str, ...] | None = None) -> tuple:
    """What the cache keeps of a page: status, headers, the body and its compressed forms.

    `only` limits the compressed forms to the best of these codings: without a cache to keep
    them (CACHE_URL=dummy://), the forms this answer does not use would be thrown away.
    """
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    patch_vary_headers(response, _VARY)
    headers = tuple(
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _NOT_REPLAYED
    )
    body = response.content
    bodies = {"": body}
    if len(body) >= _MIN_COMPRESS_BYTES and response.get("Content-Type", "").startswith(
        _COMPRESSIBLE
    ):
        wanted = ("br", "gzip") if only is None else only[:1]
        if "gzip" in wanted:
            bodies["gzip"] = gzip.compress(body, _GZIP_LEVEL, mtime=0)
        if "br" in wanted:
            bodies["br"] = brotli.compress(body, quality=_BROTLI_QUALITY)
    return (response.status_code, headers, bodies)


def answer(local: tuple, digest: str, codings: tuple[str, ...]) -> HttpResponse:
    (status, headers, bodies), prepared = local
    coding = next((c for c in codings if c in bodies), "")
    body = bodies[coding]
    response = HttpResponse(body, status=status)
    # The headers of this coding, checked once by a real ResponseHeaders and then copied: on a
    # hit, setting a dozen headers one by one cost as much as the rest of the middleware.
    store = prepared.get(coding)
    if store is None:
        ready = ResponseHeaders(dict(headers))
        ready["Content-Length"] = str(len(body))
        if coding:
            ready["Content-Encoding"] = coding
        ready["ETag"] = etag_for(digest, coding)
        store = prepared[coding] = ready._store
    response.headers._store = dict(store)
    return response


def not_modified(etag: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = "public, max-age=0, must-revalidate"
    patch_vary_headers(response, _VARY)
    return response
