"""Every case gets a key (案例编号 in workbooks): random, unique, the same on every site.

1. The column is added empty, filled with a fresh key per existing case (and the same key on
   that case's history rows), then made NOT NULL and unique. A callable default in AddField
   would give every existing row the same value. The 2022 record's cases take the keys the
   fixture ships, so a site that loaded it before keys existed names them as every new site does.
2. On SQLite, making the column NOT NULL and unique rebuilds awards_case, which SQLite refuses
   while 0002's cross-table triggers name the table: they are dropped first and created again
   at the end (as 0009 does).
"""

import json
from pathlib import Path

from django.db import migrations, models

import awards.codes
from awards import triggers

DROP_SQLITE_TRIGGERS, CREATE_SQLITE_TRIGGERS = triggers.around_sqlite_rebuild()
FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "summit_2022.json"


def _shipped_keys() -> dict:
    """{(nominee name, title): key} of the cases in the 2022 fixture."""
    if not FIXTURE.exists():
        return {}
    objects = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return {
        (o["fields"]["nominee"][0], o["fields"]["title"]): o["fields"]["key"]
        for o in objects
        if o["model"] == "awards.case" and "key" in o["fields"]
    }


def fill_keys(apps, schema_editor):
    Case = apps.get_model("awards", "Case")
    HistoricalCase = apps.get_model("awards", "HistoricalCase")
    shipped = _shipped_keys()
    issued = set(shipped.values())

    def fresh():
        key = awards.codes.new_case_key()
        while key in issued:  # 55 random bits: a repeat is theoretical, but cheap to rule out
            key = awards.codes.new_case_key()
        issued.add(key)
        return key

    by_case = {}
    for case in Case.objects.filter(key__isnull=True).select_related("nominee"):
        shipped_key = shipped.get((case.nominee.name, case.title))
        by_case[case.pk] = case.key = shipped_key or fresh()
        case.save(update_fields=["key"])
    # History rows carry their case's key (restoring a deleted case brings its key back); a
    # deleted case's rows share one new key.
    for pk in HistoricalCase.objects.values_list("id", flat=True).distinct():
        HistoricalCase.objects.filter(id=pk).update(key=by_case.get(pk) or fresh())


def _field(**options):
    return models.CharField(
        editable=False,
        max_length=awards.codes.CASE_KEY_LENGTH,
        verbose_name="案例编号",
        **options,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0011_nominee_sort_key_english"),
    ]

    operations = [
        DROP_SQLITE_TRIGGERS,
        migrations.AddField(model_name="case", name="key", field=_field(null=True)),
        migrations.AddField(model_name="historicalcase", name="key", field=_field(null=True)),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="case", name="key", field=_field(default=awards.codes.new_case_key)
        ),
        migrations.AlterField(
            model_name="historicalcase",
            name="key",
            field=_field(default=awards.codes.new_case_key),
        ),
        migrations.AddConstraint(
            model_name="case",
            constraint=models.UniqueConstraint(fields=("key",), name="case_unique_key"),
        ),
        CREATE_SQLITE_TRIGGERS,
    ]
