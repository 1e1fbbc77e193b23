"""Every award gets a verification code: random, unique, and fixed once issued.

1. The column is added empty, filled with a fresh random code per existing award (and the same
   code on that award's history rows), then made NOT NULL and unique. A callable default in
   AddField would give every existing row the same value.
2. A trigger keeps a code once issued: an UPDATE that would change it keeps the old one. This
   is what makes `loaddata summit_2022` safe to repeat: the fixture has no codes, so the
   deserializer builds each award with a fresh default and UPDATEs the existing row with it;
   the database keeps the code already printed on certificates. The same holds for imports,
   merges and any other writer.
3. On SQLite, making the column NOT NULL and unique rebuilds awards_award, which SQLite refuses
   while 0002's cross-table triggers name the table: they are dropped first and created again
   at the end (awards/triggers.py holds the SQL of both).
"""

from django.db import migrations, models

import awards.codes
from awards import triggers

DROP_CROSS_TABLE_TRIGGERS, CREATE_CROSS_TABLE_TRIGGERS = triggers.around_sqlite_rebuild()


def fill_codes(apps, schema_editor):
    Award = apps.get_model("awards", "Award")
    HistoricalAward = apps.get_model("awards", "HistoricalAward")
    issued = set()

    def fresh():
        code = awards.codes.new_code()
        while code in issued:  # 80 random bits: a repeat is theoretical, but cheap to rule out
            code = awards.codes.new_code()
        issued.add(code)
        return code

    by_award = {}
    for award in Award.objects.filter(verification_code__isnull=True).only("pk"):
        by_award[award.pk] = award.verification_code = fresh()
        award.save(update_fields=["verification_code"])
    # History rows carry the code their award has (restoring a deleted award brings its code
    # back); a deleted award's rows share one new code.
    for pk in HistoricalAward.objects.values_list("id", flat=True).distinct():
        code = by_award.get(pk) or fresh()
        HistoricalAward.objects.filter(id=pk).update(verification_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_nominee_sort_key"),
    ]

    operations = [
        DROP_CROSS_TABLE_TRIGGERS,
        migrations.AddField(
            model_name="award",
            name="verification_code",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="验证码"),
        ),
        migrations.AddField(
            model_name="historicalaward",
            name="verification_code",
            field=models.CharField(editable=False, max_length=16, null=True, verbose_name="验证码"),
        ),
        migrations.RunPython(fill_codes, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="award",
            name="verification_code",
            field=models.CharField(
                default=awards.codes.new_code,
                editable=False,
                max_length=16,
                verbose_name="验证码",
            ),
        ),
        migrations.AlterField(
            model_name="historicalaward",
            name="verification_code",
            field=models.CharField(
                default=awards.codes.new_code,
                editable=False,
                max_length=16,
                verbose_name="验证码",
            ),
        ),
        migrations.AddConstraint(
            model_name="award",
            constraint=models.UniqueConstraint(
                fields=("verification_code",), name="award_unique_code"
            ),
        ),
        CREATE_CROSS_TABLE_TRIGGERS,
        migrations.RunPython(
            triggers.run_sql(
                {"sqlite": triggers.CODE_FIXED_SQLITE, "postgresql": triggers.CODE_FIXED_POSTGRESQL}
            ),
            triggers.run_sql(
                {
                    "sqlite": triggers.CODE_FIXED_SQLITE_REVERSE,
                    "postgresql": triggers.CODE_FIXED_POSTGRESQL_REVERSE,
                }
            ),
        ),
    ]
