"""Database rules that span two tables, which CHECK constraints cannot express.

* An award in a case list has a case; an award in a nominee list has none.
* An award's case belongs to the award's nominee. Re-crediting a case to
  another nominee carries its awards along (like ON UPDATE CASCADE), so a
  nominee merge stays one consistent statement sequence.

Both SQLite and PostgreSQL raise an IntegrityError when a rule is broken;
`Award.clean()` states the same rules as friendly form errors. The SQL is in awards/triggers.py.
"""

from django.db import migrations

from awards import triggers


def create_data_version(apps, schema_editor):
    apps.get_model("awards", "DataVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [
        migrations.RunPython(
            triggers.run_sql(
                {"sqlite": triggers.CROSS_TABLE_SQLITE, "postgresql": triggers.CROSS_TABLE_POSTGRESQL},
                strict=True,
            ),
            triggers.run_sql(
                {
                    "sqlite": triggers.CROSS_TABLE_SQLITE_REVERSE,
                    "postgresql": triggers.CROSS_TABLE_POSTGRESQL_REVERSE,
                },
                strict=True,
            ),
        ),
        migrations.RunPython(create_data_version, migrations.RunPython.noop),
    ]
