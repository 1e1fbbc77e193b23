"""The public page cache: edits show on the next request, ETags answer 304, staff stay apart."""

import re

import pytest
from django.test import Client

from awards.models import Award, Edition
from tests.factories import AwardFactory, EditionFactory
from tests.pagetext import texts
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

pytestmark = pytest.mark.django_db

PUBLIC_URLS = [
    "/",
    "/2022/",
    "/2022/gov-new-media/",
    "/nominees/chengdu-fabu/",
    "/search/?q=cdfb",
    "/2022.csv",
    "/2022.json",
    "/api/v1/editions/2022/",
    "/api/v1/nominees/chengdu-fabu/",
    "/sitemap.xml",
    "/feed/",
    "/robots.txt",
]


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_second_request_is_served_from_cache_with_no_query(
    edition_2022, client, django_assert_num_queries, url
):
    first = client.get(url)

    # The data state was read by the first request; within the staleness bound a hit reads
    # nothing from the database (awards/datastate.py).
    with django_assert_num_queries(0):
        second = client.get(url)

    assert second.status_code == 200
    assert second.content == first.content


@pytest.mark.parametrize("url", PUBLIC_URLS)
def test_conditional_get_with_etag_answers_304(edition_2022, client, url):
    etag = client.get(url)["ETag"]

    response = client.get(url, headers={"If-None-Match": etag})

    assert (response.status_code, response.content) == (304, b"")


# Real commits: the cache is invalidated on commit, exactly as in production.
@pytest.mark.django_db(transaction=True)
def test_saved_change_shows_on_next_request(edition_2022, client):
    old_etag = client.get("/2022/")["ETag"]
    # A corrected announced name (a rename of the nominee would change no edition page).
    award = Award.objects.get(award_list__slug="gov-new-media", position=1)

    award.announced_name = "成都发布(更正)"
    award.full_clean()
    award.save()
    response = client.get("/2022/", headers={"If-None-Match": old_etag})

    assert response.status_code == 200
    assert texts(response.content, "a", "award__nominee")[0] == "成都发布(更正)"


# Real commits: the cache is invalidated on commit, exactly as in production.
@pytest.mark.django_db(transaction=True)
def test_deleted_award_disappears_on_next_request(edition_2022, client):
    client.get("/2022/new-media/")
    award = Award.objects.get(award_list__slug="new-media", nominee__name="谈资")

    award.delete()
    response = client.get("/2022/new-media/")

    assert "谈资" not in texts(response.content, "li", "award")
    assert len(texts(response.content, "li", "award")) == 6


# Real commits: the cache is invalidated on commit, exactly as in production.
@pytest.mark.django_db(transaction=True)
def test_withdrawal_shows_in_downloads_on_next_request(edition_2022, client):
    client.get("/2022.json")
    award = Award.objects.get(award_list__slug="new-media", nominee__name="谈资")

    award.withdrawn_at = award.award_list.edition.published_at
    award.withdrawal_reason = "更正"
    award.save()
    lists = client.get("/2022.json").json()["lists"]
    records = [record for item in lists for record in item["awards"]]

    assert [r["withdrawn"] for r in records if r["nominee"] == "谈资"] == [True]


# Real commits: the cache is invalidated on commit, exactly as in production.
@pytest.mark.django_db(transaction=True)
def test_unpublishing_hides_the_edition_on_next_request(edition_2022, client):
    cached = client.get("/2022/")

    edition_2022.published_at = None
    edition_2022.save()

    assert cached.status_code == 200
    assert client.get("/2022/").status_code == 404


def test_bulk_write_with_bump_shows_on_next_request(edition_2022, client):
    from awards.caching import bump

    client.get("/2022/")
    Edition.objects.filter(pk=edition_2022.pk).update(name="批量改名")

    bump()

    assert texts(client.get("/2022/").content, "h1", "edition-title") == ["批量改名"]


def test_languages_are_cached_apart(edition_2022, client):
    chinese = client.get("/2022/")
    client.cookies["django_language"] = "en"

    english = client.get("/en/2022/")

    assert texts(chinese.content, "dt")[0] == "举办日期"
    assert texts(english.content, "dt")[0] == "Date"
    assert chinese["ETag"] != english["ETag"]


def test_staff_are_never_served_a_cached_page(edition_2022, client, admin_client):
    client.get("/2022/")
    # A write that skips signals leaves the anonymous cache stale on purpose.
    Edition.objects.filter(pk=edition_2022.pk).update(name="只有工作人员看得到的新名")

    staff = admin_client.get("/2022/")
    anonymous = client.get("/2022/")

    assert texts(staff.content, "h1", "edition-title") == ["只有工作人员看得到的新名"]
    assert texts(anonymous.content, "h1", "edition-title") == ["2022成都市政务新媒体峰会"]
    assert "ETag" not in staff


def test_staff_requests_never_fill_the_cache(edition_2022, client, admin_client):
    admin_client.get("/2022/")
    Edition.objects.filter(pk=edition_2022.pk).update(name="新名")

    anonymous = client.get("/2022/")

    assert texts(anonymous.content, "h1", "edition-title") == ["新名"]


def test_staff_preview_does_not_leak_to_the_public(admin_client, client):
    draft = EditionFactory(year=2060, draft=True)
    AwardFactory(award_list__edition=draft)

    preview = admin_client.get("/2060/")
    public = client.get("/2060/")

    assert (preview.status_code, public.status_code) == (200, 404)


def test_cached_pages_set_no_cookies(edition_2022, client):
    client.get("/2022/")

    cached = client.get("/2022/")

    assert cached.cookies == {}
    assert cached["Cache-Control"] == "public, max-age=0, must-revalidate"


def test_cached_page_keeps_each_host_in_its_absolute_links(edition_2022, settings):
    settings.ALLOWED_HOSTS = ["awards.example.org", "mirror.example.org"]
    Client(HTTP_HOST="awards.example.org").get("/2022/")

    response = Client(HTTP_HOST="mirror.example.org").get("/2022/")

    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', response.content.decode())

    assert canonical.group(1) == "http://mirror.example.org/2022/"
