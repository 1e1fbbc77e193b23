"""Stored pinyin of every Han name (issue 21): public workers spell names from it instead of
loading the segmenter and pypinyin (docs/romanization.md, "Stored forms"). Fills the existing
rows; `manage.py store_pinyin` does the same for rows written by loaddata or bulk scripts."""

from django.db import migrations, models

from awards.pinyin import spell_row

FIELD = models.TextField(blank=True, db_default="", editable=False, verbose_name="拼音")
MODELS = ("edition", "awardlist", "nominee", "case")


def add_in_place(model_name: str) -> migrations.SeparateDatabaseAndState:
    # Plain ALTER TABLE: Django's SQLite AddField would rebuild the table, which breaks the
    # cross-table triggers of 0002 that name it (as in 0005).
    table = f"awards_{model_name}"
    return migrations.SeparateDatabaseAndState(
        state_operations=[
            migrations.AddField(model_name=model_name, name="pinyin", field=FIELD.clone())
        ],
        database_operations=[
            migrations.RunSQL(
                f"ALTER TABLE {table} ADD COLUMN pinyin text DEFAULT '' NOT NULL",
                f"ALTER TABLE {table} DROP COLUMN pinyin",
            )
        ],
    )


def fill(apps, schema_editor):
    for model_name in MODELS:
        model = apps.get_model("awards", model_name)
        rows = list(model.objects.all())
        for row in rows:
            row.pinyin = spell_row(row)
        model.objects.bulk_update([row for row in rows if row.pinyin], ["pinyin"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0015_merge_h22"),
    ]

    operations = [
        *(add_in_place(model_name) for model_name in MODELS),
        *(
            migrations.AddField(model_name=f"historical{name}", name="pinyin", field=FIELD.clone())
            for name in MODELS
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
