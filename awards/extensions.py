"""Extension points: how a package adds to the core's public records without the core importing it.

The core (views, open data, API, feed) never imports the packages built on it (corrections,
evaluation, jury). Instead each package registers *parts* here from its AppConfig.ready(), and
the core asks for them at the one place each record is built. So a core path is answered by one
view only, and a newcomer finds every addition by searching for `extensions.register`.

Each part is called once per request with everything it needs, and must fetch its data in a
constant number of queries (a part for lists receives all lists at once, never one at a time).
Parts must only return what is public: the core calls them for published editions and for a
staff preview alike, and passes `preview` so a part can leave out what a draft must not show.

Kinds of part:

``edition_record``  ``fn(edition, request) -> dict``
    Keys added to the edition's record: its JSON download and its API record.
``list_records``    ``fn(award_lists, request) -> {award_list.pk: dict}``
    Keys added to each list's record in the JSON download and the API.
``list_page``       ``fn(award_list, request, preview) -> list[Section]``
    Sections shown on the list's public page below its awards.
``edition_feed``    ``fn(editions, request) -> {edition.pk: FeedAddition}``
    For the Atom feed (/feed/, /en/feed/), published editions only: a later <updated> for an
    edition's entry and lines added to its summary (plain text). Editions a part leaves out
    are unchanged.
``edition_changes`` ``fn(editions) -> {edition.pk: datetime}``
    When a part last changed the public record of these published editions (a correction):
    the sitemap's lastmod of each edition and of its lists follows it.
``sitemap_sections`` ``fn() -> {name: Sitemap class}``
    Sections added to sitemap.xml (the core's sections keep their names).
"""

import datetime
from collections.abc import Callable
from typing import Any, NamedTuple

KINDS = (
    "edition_record",
    "list_records",
    "list_page",
    "edition_feed",
    "edition_changes",
    "sitemap_sections",
)

_parts: dict[str, list[tuple[str, Callable]]] = {kind: [] for kind in KINDS}


class Section(NamedTuple):
    """A block of a public page: a template and its context (rendered with the page's context)."""

    template: str
    context: dict[str, Any]


class FeedAddition(NamedTuple):
    """What a part adds to one edition's feed entry."""

    updated: datetime.datetime | None = None
    lines: tuple[str, ...] = ()


def register(kind: str, name: str, part: Callable) -> None:
    """Add `part` under `kind`; registering the same name twice replaces it (ready() may rerun)."""
    if kind not in _parts:
        raise ValueError(f"Unknown extension kind {kind!r}; expected one of {KINDS}")
    _parts[kind] = [(n, p) for n, p in _parts[kind] if n != name] + [(name, part)]


def edition_record(edition, request) -> dict:
    record: dict = {}
    for _name, part in _parts["edition_record"]:
        record.update(part(edition, request))
    return record


def list_records(award_lists, request) -> dict[int, dict]:
    """{award_list.pk: extra keys}, every list present even when no part adds anything."""
    award_lists = list(award_lists)
    records: dict[int, dict] = {award_list.pk: {} for award_list in award_lists}
    for _name, part in _parts["list_records"]:
        for pk, extra in part(award_lists, request).items():
            records.setdefault(pk, {}).update(extra)
    return records


def list_page(award_list, request, preview: bool) -> list[Section]:
    sections: list[Section] = []
    for _name, part in _parts["list_page"]:
        sections.extend(part(award_list, request, preview))
    return sections


def edition_feed(editions, request) -> dict[int, FeedAddition]:
    """{edition.pk: FeedAddition}, every edition present: the latest `updated` of all parts
    (None when none moves it) and their lines in registration order."""
    editions = list(editions)
    additions = {edition.pk: FeedAddition() for edition in editions}
    for _name, part in _parts["edition_feed"]:
        for pk, addition in part(editions, request).items():
            merged = additions.setdefault(pk, FeedAddition())
            moments = [m for m in (merged.updated, addition.updated) if m is not None]
            additions[pk] = FeedAddition(
                updated=max(moments, default=None), lines=(*merged.lines, *addition.lines)
            )
    return additions


def edition_changes(editions) -> dict:
    """{edition.pk: the latest moment any part reports}, only editions some part reports."""
    editions = list(editions)
    moments: dict = {}
    for _name, part in _parts["edition_changes"]:
        for pk, moment in part(editions).items():
            if moment is not None and (pk not in moments or moment > moments[pk]):
                moments[pk] = moment
    return moments


def sitemap_sections() -> dict:
    sections: dict = {}
    for _name, part in _parts["sitemap_sections"]:
        sections.update(part())
    return sections
