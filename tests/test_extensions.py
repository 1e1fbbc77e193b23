"""awards/extensions.py: packages add to the core's records through parts, not second views."""

import datetime

import pytest
from django.urls import resolve
from django.utils import timezone

from awards import extensions
from tests.factories import EditionFactory

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
