"""awards/extensions.py: packages add to the core's records through parts, not second views."""

import datetime
import re

import pytest
from django.urls import resolve
from django.utils import timezone

from awards import extensions
from tests.factories import AwardListFactory, EditionFactory

# Later than any row's own updated_at: the entry's <updated> can only come from the part.
LATER = datetime.datetime(2099, 1, 2, tzinfo=datetime.UTC)


@pytest.mark.parametrize("path", ["/feed/", "/2022.json", "/api/v1/editions/2022/"])
def test_core_paths_are_answered_by_the_core_view_only(path):
    match = resolve(path)

    assert match.namespace == "awards"


@pytest.fixture
def feed_part():
    def part(editions, request):
        return {
            e.pk: extensions.FeedAddition(updated=LATER, lines=("附加一行",))
            for e in editions
            if e.year == 2043
        }

    extensions.register("edition_feed", "test", part)
    yield
    extensions._parts["edition_feed"] = [
        (name, p) for name, p in extensions._parts["edition_feed"] if name != "test"
    ]


@pytest.mark.django_db
def test_a_feed_part_moves_its_entry_and_adds_lines(client, feed_part):
    published = timezone.now() - datetime.timedelta(days=10)
    EditionFactory(year=2043, published_at=published)
    EditionFactory(year=2044, published_at=published)

    feed = client.get("/feed/").content.decode()

    entries = dict(
        (year, entry)
        for entry in feed.split("<entry>")[1:]
        for year in (2043, 2044)
        if f"edition-{year}" in entry
    )
    assert sorted(entries) == [2043, 2044]
    assert "附加一行" in entries[2043] and "附加一行" not in entries[2044]
    assert "<updated>2099-01-02" in entries[2043]
    assert "<updated>2099-01-02" not in entries[2044]


@pytest.fixture
def changes_part():
    extensions.register("edition_changes", "test", lambda editions: {e.pk: LATER for e in editions})
    yield
    extensions._parts["edition_changes"] = [
        (name, p) for name, p in extensions._parts["edition_changes"] if name != "test"
    ]


@pytest.mark.django_db
def test_an_edition_changes_part_moves_sitemap_lastmod_of_edition_and_lists(client, changes_part):
    AwardListFactory(edition=EditionFactory(year=2045), slug="first-list")

    sitemap = client.get("/sitemap.xml").content.decode()

    urls = re.findall(r"<url>(.*?)</url>", sitemap, re.S)
    lastmods = {
        re.search(r"<loc>(.*?)</loc>", u).group(1): re.search(r"<lastmod>(.*?)</lastmod>", u)
        for u in urls
    }
    assert lastmods["http://testserver/2045/"].group(1) == "2099-01-02"
    assert lastmods["http://testserver/2045/first-list/"].group(1) == "2099-01-02"
