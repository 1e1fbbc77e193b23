"""Rendering without the page cache (CACHE_URL=dummy://, and what every change leaves behind).

Every answer is rendered and compressed only into the coding it is sent in (the other forms
would be thrown away unread); the site identity is read once per data state (issue 21)."""

import gzip

import brotli
import pytest
from django.db import transaction
from django.utils import translation

from awards import datastate, identity
from awards.identity.models import SiteSettings
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_page_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


@pytest.mark.parametrize(
    ("accept", "coding", "decode"),
    [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("identity", None, bytes),
    ],
)
def test_each_answer_comes_in_the_coding_asked_for(
    edition_2022, client, no_page_cache, accept, coding, decode
):
    plain = client.get("/2022/", HTTP_ACCEPT_ENCODING="identity").content

    response = client.get("/2022/", HTTP_ACCEPT_ENCODING=accept)

    assert response.status_code == 200
    assert response.get("Content-Encoding") == coding
    assert decode(response.content) == plain
    assert response["Vary"] == "Cookie, Accept-Encoding"


@pytest.mark.django_db(transaction=True)
def test_without_a_cache_the_parts_of_a_page_are_kept_for_the_data_state(
    edition_2022, client, no_page_cache, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(datastate, "_signalled", lambda: False)  # only this process's commits
    client.get("/2022/")
    first = client.get("/nominees/chengdu-fabu/")

    # The nominee's awards, its timeline and the site identity are kept for this data state
    # (awards.fragments): no query until the next change.
    with django_assert_num_queries(0):
        second = client.get("/nominees/chengdu-fabu/")

    assert second.content == first.content


@pytest.mark.django_db(transaction=True)
def test_the_site_identity_is_read_once_per_data_state(
    chengdu_identity, django_assert_num_queries, monkeypatch
):
    # Only this process's commits move the state here: the file-backed test database's stamp
    # may move with SQLite's own housekeeping between two reads.
    monkeypatch.setattr(datastate, "_signalled", lambda: False)
    first = identity.current()
    with django_assert_num_queries(0):
        again = identity.current()
    with translation.override("en"):
        english = identity.current()

    settings_row = SiteSettings.get_solo()
    settings_row.name = "2015四川省政务新媒体榜单"
    settings_row.save()  # committed at once: the data state changes
    changed = identity.current()

    assert again is first
    assert english.name != first.name
    assert (first.name, changed.name) == ("成都市政务新媒体峰会榜单", "2015四川省政务新媒体榜单")


@pytest.mark.django_db(transaction=True)
def test_an_identity_read_inside_an_uncommitted_change_is_not_kept(chengdu_identity):
    with transaction.atomic():
        settings_row = SiteSettings.get_solo()
        settings_row.name = "回滚的名称"
        settings_row.save()
        inside = identity.current()
        transaction.set_rollback(True)

    after = identity.current()

    assert (inside.name, after.name) == ("回滚的名称", "成都市政务新媒体峰会榜单")
