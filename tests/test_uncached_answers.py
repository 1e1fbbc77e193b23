"""Without a page cache (CACHE_URL=dummy://) every answer is rendered, and compressed only
into the coding that answer uses: the other forms would be thrown away unread (issue 21)."""

import gzip

import brotli
import pytest

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


def test_without_a_cache_every_request_renders(
    edition_2022, client, no_page_cache, django_assert_num_queries
):
    client.get("/2022/")

    # The same queries again: nothing was kept (the data state itself is kept, bounded).
    first = client.get("/nominees/chengdu-fabu/")
    with django_assert_num_queries(3):
        second = client.get("/nominees/chengdu-fabu/")

    assert second.content == first.content
