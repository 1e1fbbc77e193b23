"""Parts of public pages kept for the data state (awards.fragments, `{% memo %}`).

Without the page cache (staff, sessions, new query strings, CACHE_URL=dummy://), a page's
lists, timeline and footer render once per data state and language; a change, a draft or
another origin never reads someone else's part."""

import sys

import pytest
from django.db import transaction

from awards import caching, datastate, fragments
from awards.models import AwardList, Nominee
from tests.factories import AwardFactory, AwardListFactory, EditionFactory
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

# The memo keeps only what is committed, so these tests commit.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _only_own_commits(monkeypatch):
    # Only this process's commits move the state here: the file-backed test database's stamp
    # may move with SQLite's own housekeeping between two reads.
    monkeypatch.setattr(datastate, "_signalled", lambda: False)
    fragments.forget()
    yield
    fragments.forget()


@pytest.fixture
def no_page_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}


def test_a_second_render_reads_the_kept_parts_and_runs_no_query_for_them(
    edition_2022, client, no_page_cache, django_assert_num_queries
):
    first = client.get("/nominees/chengdu-fabu/")
    renders = fragments.stats["renders"]

    with django_assert_num_queries(0):
        second = client.get("/nominees/chengdu-fabu/")

    assert second.content.decode() == first.content.decode()
    assert fragments.stats["renders"] == renders


def test_a_committed_change_shows_on_the_next_render(edition_2022, client, no_page_cache):
    edition_before = client.get("/2022/").content.decode()
    nominee_before = client.get("/nominees/chengdu-fabu/").content.decode()
    award_list = AwardList.objects.filter(edition=edition_2022).order_by("position").first()
    nominee = Nominee.objects.get(slug="chengdu-fabu")

    award_list.name = "改过名的榜单"
    award_list.save()  # committed at once: the data state changes
    nominee.name = "成都发布(改名)"
    nominee.save()
    edition_after = client.get("/2022/").content.decode()
    nominee_after = client.get("/nominees/chengdu-fabu/").content.decode()

    assert "改过名的榜单" not in edition_before
    assert "改过名的榜单" in edition_after
    assert "<h1>成都发布(改名)</h1>" not in nominee_before
    assert "<h1>成都发布(改名)</h1>" in nominee_after


def test_a_change_inside_an_open_transaction_is_never_kept(edition_2022, client, no_page_cache):
    with transaction.atomic():
        nominee = Nominee.objects.get(slug="chengdu-fabu")
        nominee.name = "回滚的名称"
        nominee.save()
        inside = client.get("/nominees/chengdu-fabu/").content.decode()
        transaction.set_rollback(True)

    after = client.get("/nominees/chengdu-fabu/").content.decode()

    assert "回滚的名称" in inside
    assert "回滚的名称" not in after


def test_each_language_keeps_its_own_parts(edition_2022, client, no_page_cache):
    chinese = client.get("/2022/").content.decode()

    english = client.get("/en/2022/").content.decode()
    chinese_again = client.get("/2022/").content.decode()

    assert chinese_again == chinese
    assert english != chinese
    assert 'href="/en/nominees/chengdu-fabu/"' in english
    assert 'href="/en/nominees/chengdu-fabu/"' not in chinese


def test_each_origin_gets_its_own_links_in_the_structured_data(
    edition_2022, client, no_page_cache, settings
):
    settings.ALLOWED_HOSTS = ["awards.example", "mirror.example"]

    first = client.get("/2022/", HTTP_HOST="awards.example").content.decode()
    second = client.get("/2022/", HTTP_HOST="mirror.example").content.decode()

    assert '"url": "http://awards.example/2022/"' in first
    assert '"url": "http://mirror.example/2022/"' in second
    assert "awards.example" not in second


def test_the_search_box_keeps_each_query(edition_2022, client, no_page_cache):
    client.get("/search/?q=chengdu")

    other = client.get("/search/?q=gaoxin").content.decode()

    assert 'name="q" value="gaoxin"' in other
    assert "chengdu" not in other.split("<main", 1)[0]


def test_a_staff_preview_of_a_draft_is_never_kept(client, admin_client, no_page_cache):
    draft = EditionFactory(year=2051, draft=True)
    award = AwardFactory(award_list=AwardListFactory(edition=draft, slug="hidden-list"))

    preview = admin_client.get("/2051/")
    staff_nominee = admin_client.get(award.nominee.get_absolute_url())
    public_edition = client.get("/2051/")
    public_nominee = client.get(award.nominee.get_absolute_url())

    assert preview.status_code == staff_nominee.status_code == 200
    assert award.nominee.name in preview.content.decode()
    assert public_edition.status_code == public_nominee.status_code == 404
    assert award.nominee.name not in str(list(fragments._kept.values()))


@pytest.fixture
def pinned(rf):
    request = rf.get("/")
    caching.state_token(request)  # as PublicPageCacheMiddleware does before the view
    return request


def test_the_least_recently_used_part_makes_room(monkeypatch, pinned):
    monkeypatch.setattr(fragments, "_MAX_BYTES", 2 * sys.getsizeof("aaaa"))
    fragments.render("a", (), lambda: "aaaa", pinned)
    fragments.render("b", (), lambda: "bbbb", pinned)
    fragments.render("a", (), lambda: "not read", pinned)  # a is now the most recently used

    fragments.render("c", (), lambda: "cccc", pinned)

    assert fragments.render("a", (), lambda: "again", pinned) == "aaaa"
    assert fragments.render("b", (), lambda: "rendered anew", pinned) == "rendered anew"


def test_a_request_that_began_before_a_change_keeps_nothing(rf, pinned):
    fragments.render("part", (), lambda: "old", pinned)
    caching.bump()  # committed: the state moves on while `pinned` is still rendering
    later = rf.get("/")
    caching.state_token(later)

    during = fragments.render("part", (), lambda: "built from older data", pinned)
    after = fragments.render("part", (), lambda: "new", later)

    assert (during, after) == ("built from older data", "new")
    assert fragments.render("part", (), lambda: "not read", later) == "new"


def test_a_request_that_read_no_state_before_its_view_keeps_nothing(rf):
    request = rf.get("/")

    fragments.render("part", (), lambda: "first", request)

    assert fragments.render("part", (), lambda: "second", request) == "second"


def test_a_repeated_search_runs_no_query_until_the_data_changes(
    edition_2022, client, no_page_cache, django_assert_num_queries
):
    first = client.get("/search/?q=chengdu").content.decode()

    with django_assert_num_queries(0):
        second = client.get("/search/?q=chengdu").content.decode()
    nominee = Nominee.objects.get(slug="chengdu-fabu")
    nominee.name = "成都发布(改名)"
    nominee.save()
    after = client.get("/search/?q=chengdu").content.decode()

    assert second == first
    # The name is shown highlighted (<mark>成都</mark>…), so only the new part is looked for.
    assert "(改名)" not in first
    assert "(改名)" in after


def test_a_search_never_shows_a_draft_it_kept_for_staff(
    edition_2022, client, admin_client, no_page_cache
):
    draft = EditionFactory(year=2151, published_at=None)
    AwardFactory(award_list=AwardListFactory(edition=draft), nominee__name="草稿里的成都单位")

    staff = admin_client.get("/search/?q=成都").content.decode()
    public = client.get("/search/?q=成都").content.decode()

    for page in (staff, public):
        assert "/nominees/chengdu-fabu/" in page  # the published results are there
        assert "草稿里的" not in page
