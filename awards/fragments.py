"""Rendered parts of public pages, kept in this process for the current data state.

The page cache (awards.caching) keeps whole answers, but not for staff, not for anyone with a
session, not for a path it has not seen (a new query string), and not after a change: then
every page renders again. Most of a page's rendering is the same for all those requests (an
edition's lists, a nominee's timeline, the footer), and it changes only when the data state
does. Such a part is rendered once per data state, language and script prefix and then
reused (issue 21: the edition page's award lists were half of its render).

What may be kept, and why it stays correct:

* The key is the data state token (awards.datastate: every committed change, another
  instance's within 250 ms, a scheduled publication the moment it passes) as the request read
  it before its view read any data (awards.caching.PublicPageCacheMiddleware), the active
  language, the script prefix (reversed links), and whatever the caller names as the part's
  other inputs (`vary`): the request's origin for JSON-LD, the search box's query, the
  language switch's links.
* A new token drops every kept part at once, so memory holds one state at most, and never
  more than about `_MAX_BYTES` (the least recently used part goes first).
* Nothing is kept while this connection's transaction holds uncommitted public changes
  (`caching.change_pending()`), nor for a staff preview (callers pass `keep=False`): a draft
  never enters the memo.
* Never kept: anything holding the CSP nonce, the CSRF token or a session's state. Public
  templates mark only parts without them (templates/includes/, `{% memo %}`).
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from django.urls import get_script_prefix
from django.utils.translation import get_language

from awards import caching, datastate

# About 8 MB: some 200 edition pages of the 2022 size, or 20 of an archive edition of 1,000
# awards, or 250 nominee pages; a worker's memory goal is 120 MiB (docs/performance.md).
_MAX_BYTES = 8_000_000

_lock = threading.Lock()
# Least recently used first: a flood of new search queries pushes out old ones, and what
# readers keep asking for stays.
_kept: OrderedDict[tuple, object] = OrderedDict()
_sizes: dict[tuple, int] = {}
_MISSING = object()
_state = {"token": None, "bytes": 0}
# Hits and renders since the process started: the benchmarks and tests read them.
stats = {"hits": 0, "renders": 0}


def render(name: str, vary: tuple[Hashable, ...], build: Callable[[], str], request, keep=True):
    """The part `name` for these inputs: kept from an earlier render, or `build()` now."""
    key = (name, get_language(), get_script_prefix(), vary)
    return _kept_or_built(request, key, build, sys.getsizeof, keep)


def value(
    name: str,
    vary: tuple[Hashable, ...],
    build: Callable[[], object],
    request,
    *,
    size: Callable[[object], int],
    keep=True,
):
    """Like `render()`, for a value a view reads (`size(value)`: about how many bytes it holds).

    The value is shared by every request of this state: callers must not change it.
    """
    return _kept_or_built(request, (name, vary), build, size, keep)


def _kept_or_built(request, key: tuple, build: Callable, size_of: Callable, keep: bool):
    # The request's state, read before its view read any data (PublicPageCacheMiddleware):
    # a part built now shows that state or a newer one, never an older one. A request that
    # read none, or one that began before the current state, keeps nothing.
    token = caching.pinned_state_token(request) if request is not None else None
    if not keep or token is None or token != datastate.token() or caching.change_pending():
        return build()
    with _lock:
        if _state["token"] != token:
            _forget_locked(token)
        found = _kept.get(key, _MISSING)
        if found is not _MISSING:
            _kept.move_to_end(key)
    if found is not _MISSING:
        stats["hits"] += 1
        return found
    found = build()
    stats["renders"] += 1
    _store(token, key, found, size_of(found))
    return found


def _store(token, key, kept, size: int) -> None:
    with _lock:
        # A change while it rendered: the part belongs to the old state, keep it no longer.
        if _state["token"] != token or size > _MAX_BYTES or key in _kept:
            return
        while _state["bytes"] + size > _MAX_BYTES:
            _state["bytes"] -= _sizes.pop(_kept.popitem(last=False)[0])
        _kept[key] = kept
        _sizes[key] = size
        _state["bytes"] += size


def _forget_locked(token) -> None:
    _kept.clear()
    _sizes.clear()
    _state["token"] = token
    _state["bytes"] = 0


def forget() -> None:
    """Drop every kept part (tests: a rolled-back test reuses data states; benchmarks)."""
    with _lock:
        _forget_locked(None)
