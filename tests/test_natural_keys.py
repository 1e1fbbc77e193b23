"""Fixtures and dumps refer to rows by business keys, never database ids."""

import json

import pytest
from django.core.management import call_command

from awards.models import Award, AwardList, Case, Edition, Nominee

pytestmark = pytest.mark.django_db(transaction=True)

AWARD_MODELS = [
    "awards.edition",
    "awards.awardlist",
    "awards.nominee",
    "awards.case",
    "awards.award",
]


def _dump(tmp_path):
    path = tmp_path / "dump.json"
    call_command(
        "dumpdata",
        *AWARD_MODELS,
        natural_foreign=True,
        natural_primary=True,
        output=str(path),
        verbosity=0,
    )
    return path


def _business_view():
    """Everything stored, keyed by natural keys, so ids may differ after a reload."""
    return {
        "editions": list(Edition.objects.order_by("year").values_list("year", "name")),
        "lists": list(
            AwardList.objects.order_by("edition__year", "position").values_list(
                "edition__year", "slug", "name", "kind", "announced_count"
            )
        ),
        "nominees": list(Nominee.objects.order_by("name").values_list("name", "slug", "kind")),
        "cases": list(Case.objects.order_by("title").values_list("nominee__name", "title")),
        "awards": list(
            Award.objects.order_by("award_list__position", "position").values_list(
                "award_list__slug", "position", "nominee__name", "case__title"
            )
        ),
    }


def test_natural_key_dump_has_no_database_ids(tmp_path):
    call_command("loaddata", "summit_2022", verbosity=0)

    records = json.loads(_dump(tmp_path).read_text(encoding="utf-8"))

    assert [r for r in records if "pk" in r] == []


def test_natural_key_round_trip_restores_everything(tmp_path):
    call_command("loaddata", "summit_2022", verbosity=0)
    before = _business_view()
    dump = _dump(tmp_path)

    call_command("flush", interactive=False, verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)

    assert _business_view() == before


@pytest.mark.parametrize(
    ("model", "key"),
    [
        (Edition, (2022,)),
        (AwardList, (2022, "top-cases")),
        (Nominee, ("市体育局",)),
        (Case, ("市体育局", "运动让生活更美好——推动体育运动更好融入人民群众的美好生活")),
        (Award, (2022, "top-cases", 4)),
    ],
)
def test_natural_key_finds_the_same_row(model, key):
    call_command("loaddata", "summit_2022", verbosity=0)

    found = model.objects.get_by_natural_key(*key)

    assert found.natural_key() == key
