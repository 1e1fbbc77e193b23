"""Lists are named with their edition wherever the admin could confuse two editions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from awards.models import AwardList
from tests.factories import AwardFactory, AwardListFactory, EditionFactory, NomineeFactory
from tests.pagetext import texts

pytestmark = pytest.mark.django_db


def _twin_lists():
    return [
        AwardListFactory(name="十佳案例", edition=EditionFactory(year=year, draft=True))
        for year in (2031, 2032)
    ]


def test_list_label_names_the_edition_unless_the_name_does():
    edition = EditionFactory(year=2031)

    labels = [str(AwardListFactory(edition=edition, name=n)) for n in ("十佳案例", "2031年十佳")]

    assert labels == ["十佳案例(2031届)", "2031年十佳"]


def test_list_delete_confirmation_names_the_edition(client, organizer):
    first, _second = _twin_lists()
    AwardFactory(award_list=first, nominee=NomineeFactory(name="成都发布"))

    response = client.get(reverse("admin:awards_awardlist_delete", args=[first.pk]))

    html = response.content.decode()
    objects = texts(html, "a")
    assert "十佳案例(2031届)" in objects
    assert "十佳案例(2031届) · 成都发布" in objects


def test_edition_delete_confirmation_names_its_lists_with_the_edition(client, organizer):
    first, _second = _twin_lists()

    response = client.get(reverse("admin:awards_edition_delete", args=[first.edition.pk]))

    assert "十佳案例(2031届)" in response.content.decode()


def test_deleted_records_tell_twin_lists_apart(client, organizer):
    for award_list in _twin_lists():
        client.post(reverse("admin:awards_awardlist_delete", args=[award_list.pk]), {"post": "yes"})

    page = client.get(reverse("admin:awards_awardlist_deleted"))

    labels = sorted(label for _record, label in page.context["rows"])
    assert labels == ["十佳案例(2031届)", "十佳案例(2032届)"]


def test_deleted_awards_name_their_list_with_the_edition(client, organizer):
    for award_list in _twin_lists():
        award = AwardFactory(award_list=award_list, position=1, nominee=NomineeFactory())
        client.post(reverse("admin:awards_award_delete", args=[award.pk]), {"post": "yes"})

    page = client.get(reverse("admin:awards_award_deleted"))

    labels = sorted(label.split(" · ")[0] for _record, label in page.context["rows"])
    assert labels == ["十佳案例(2031届)", "十佳案例(2032届)"]


def _deleted_lists_queries(client) -> int:
    url = reverse("admin:awards_awardlist_deleted")
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured)


def test_deleted_lists_page_query_count_constant(client, organizer):
    AwardListFactory(edition=EditionFactory(year=2031)).delete()
    one = _deleted_lists_queries(client)

    for year in range(2032, 2037):
        AwardListFactory(edition=EditionFactory(year=year)).delete()

    assert _deleted_lists_queries(client) == one
    assert AwardList.objects.count() == 0
