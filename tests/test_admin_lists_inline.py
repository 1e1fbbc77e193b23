"""Adding lists in the admin: no hand-typed slug, position after the edition's last list."""

import pytest
from django.urls import reverse

from awards.models import AwardList, Edition
from tests.factories import AwardListFactory, EditionFactory

pytestmark = pytest.mark.django_db


def _edition_fields(year: int) -> dict:
    return {"year": year, "name": f"{year}成都市政务新媒体峰会", "held_on": f"{year}-12-15"}


def _inline(rows: list[dict], initial: int = 0) -> dict:
    data = {
        "award_lists-TOTAL_FORMS": len(rows),
        "award_lists-INITIAL_FORMS": initial,
        "award_lists-MIN_NUM_FORMS": 0,
        "award_lists-MAX_NUM_FORMS": 1000,
    }
    for index, row in enumerate(rows):
        base = {"slug": "", "position": "", "kind": "nominees", "announced_count": ""}
        data.update({f"award_lists-{index}-{key}": value for key, value in {**base, **row}.items()})
    return data


def test_new_edition_lists_get_slugs_from_names_and_positions_in_order(client, organizer):
    data = {
        **_edition_fields(2033),
        **_inline([{"name": "四川省成都市优秀账号"}, {"name": "甘肅省衛生計生委"}]),
    }

    response = client.post(reverse("admin:awards_edition_add"), data)

    assert response.status_code == 302
    lists = AwardList.objects.filter(edition__year=2033).order_by("position")
    assert [(a.position, a.slug) for a in lists] == [
        (1, "sichuan-sheng-chengdu-shi-youxiu-zhanghao"),
        (2, "gansu-sheng-weisheng-jishengwei"),
    ]


def test_list_added_to_existing_edition_goes_last_with_a_free_slug(client, organizer):
    edition = EditionFactory(year=2033, draft=True)
    first = AwardListFactory(edition=edition, name="十佳案例", slug="shijia-anli", position=5)
    existing = {
        "id": first.pk,
        "edition": edition.pk,
        "name": first.name,
        "slug": first.slug,
        "position": 5,
    }
    # A homophone: the same pinyin, so the slug needs a suffix.
    data = {**_edition_fields(2033), **_inline([existing, {"name": "十家案例"}], initial=1)}

    response = client.post(reverse("admin:awards_edition_change", args=[edition.pk]), data)

    assert response.status_code == 302
    added = AwardList.objects.get(name="十家案例")
    assert (added.position, added.slug) == (6, "shijia-anli-2")


def test_clearing_the_slug_of_a_saved_list_keeps_its_url(client, organizer):
    edition = EditionFactory(year=2033, draft=True)
    saved = AwardListFactory(edition=edition, name="十佳案例", slug="top-cases", position=2)
    row = {"id": saved.pk, "edition": edition.pk, "name": "十佳案例(更名)", "slug": ""}
    data = {**_edition_fields(2033), **_inline([row], initial=1)}

    response = client.post(reverse("admin:awards_edition_change", args=[edition.pk]), data)

    saved.refresh_from_db()
    assert response.status_code == 302
    assert (saved.name, saved.slug, saved.position) == ("十佳案例(更名)", "top-cases", 2)


def test_add_page_shows_blank_position_and_slug_as_automatic(client, organizer):
    edition = EditionFactory(year=2033, draft=True)

    response = client.get(reverse("admin:awards_edition_change", args=[edition.pk]))

    html = response.content.decode()
    empty_position = html[html.index('name="award_lists-__prefix__-position"') :][:200]
    assert 'value="0"' not in empty_position
    assert 'placeholder="自动"' in empty_position


def test_award_list_add_page_fills_slug_and_position(client, organizer):
    edition = EditionFactory(year=2033, draft=True)
    AwardListFactory(edition=edition, position=3)
    data = {"edition": edition.pk, "name": "优秀政务新媒体", "kind": "nominees"}
    data.update({"awards-TOTAL_FORMS": 0, "awards-INITIAL_FORMS": 0})

    response = client.post(reverse("admin:awards_awardlist_add"), data)

    assert response.status_code == 302
    added = AwardList.objects.get(name="优秀政务新媒体")
    assert (added.position, added.slug, added.edition) == (
        4,
        "youxiu-zhengwu-xinmeiti",
        Edition.objects.get(year=2033),
    )
