# Case.search_text (titles folded for search) and nominees' search text refolded with OpenCC.

from django.db import migrations, models

FIELD = models.TextField(blank=True, db_default="", editable=False, verbose_name="检索文本")


def fold_search_texts(apps, schema_editor):
    """Fill the new case search text and refold nominees' (traditional → simplified)."""
    from awards.pinyin import search_blob
    from awards.text import search_key

    Case = apps.get_model("awards", "Case")
    Nominee = apps.get_model("awards", "Nominee")
    cases = list(Case.objects.only("pk", "title"))
    for case in cases:
        case.search_text = search_key(case.title)
    Case.objects.bulk_update(cases, ["search_text"], batch_size=500)
    nominees = list(Nominee.objects.only("pk", "name", "aliases", "search_text"))
    for nominee in nominees:
        nominee.search_text = search_blob(nominee.name, *nominee.aliases)
    Nominee.objects.bulk_update(nominees, ["search_text"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_pending_import"),
    ]

    operations = [
        # Added with plain ALTER TABLE: Django's SQLite AddField would rebuild awards_case,
        # which breaks the cross-table triggers of 0002 that name it.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(model_name="case", name="search_text", field=FIELD.clone()),
            ],
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE awards_case ADD COLUMN search_text text DEFAULT '' NOT NULL",
                    "ALTER TABLE awards_case DROP COLUMN search_text",
                ),
            ],
        ),
        migrations.AddField(model_name="historicalcase", name="search_text", field=FIELD.clone()),
        migrations.RunPython(fold_search_texts, migrations.RunPython.noop),
    ]
