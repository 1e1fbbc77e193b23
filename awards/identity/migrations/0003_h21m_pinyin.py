"""Stored pinyin of the site's Han names (issue 21), filled for the existing row."""

from django.db import migrations, models

from awards.pinyin import spell_row


def fill(apps, schema_editor):
    for row in apps.get_model("identity", "SiteSettings").objects.all():
        row.pinyin = spell_row(row)
        row.save(update_fields=["pinyin"])


class Migration(migrations.Migration):
    dependencies = [
        ("identity", "0002_random_upload_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="sitesettings",
            name="pinyin",
            field=models.TextField(blank=True, db_default="", editable=False, verbose_name="拼音"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
