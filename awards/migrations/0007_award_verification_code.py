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
   at the end.
"""

import importlib

from django.db import migrations, models

import awards.codes

SQLITE = [
    """
    CREATE TRIGGER award_code_fixed AFTER UPDATE OF verification_code ON awards_award
    WHEN NEW.verification_code IS NOT OLD.verification_code AND OLD.verification_code IS NOT NULL
    BEGIN
        UPDATE awards_award SET verification_code = OLD.verification_code WHERE id = NEW.id;
    END
    """,
]
SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS award_code_fixed"]

POSTGRESQL = [
    """
    CREATE FUNCTION awards_award_code_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF OLD.verification_code IS NOT NULL THEN
            NEW.verification_code := OLD.verification_code;
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER award_code_fixed BEFORE UPDATE OF verification_code ON awards_award
    FOR EACH ROW WHEN (NEW.verification_code IS DISTINCT FROM OLD.verification_code)
    EXECUTE FUNCTION awards_award_code_fixed()
    """,
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS award_code_fixed ON awards_award",
    "DROP FUNCTION IF EXISTS awards_award_code_fixed()",
]


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


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


def _cross_table_triggers(create: bool):
    # SQLite refuses to rename a rebuilt awards_award while other tables' triggers name it.
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        rules = importlib.import_module("awards.migrations.0002_cross_table_rules")
        for statement in [*rules.SQLITE_REVERSE, *(rules.SQLITE if create else [])]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_nominee_sort_key"),
    ]

    operations = [
        migrations.RunPython(_cross_table_triggers(False), _cross_table_triggers(True)),
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
        migrations.RunPython(_cross_table_triggers(True), _cross_table_triggers(False)),
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
    ]
