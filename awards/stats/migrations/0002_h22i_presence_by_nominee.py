"""PostgreSQL: the award triggers' functions find a winner's presence in an edition from the
nominee's own awards (awards/totals_triggers.py, `_pg_step`), not by walking every list of the
edition, which made a 100,000-award import grow faster than its rows (issue 21).

The functions are replaced in place (CREATE OR REPLACE); the triggers, the totals and SQLite's
row triggers are unchanged. Going back keeps the new functions: they count the same.
"""

from django.db import migrations

from awards import totals_triggers as totals
from awards import triggers


class Migration(migrations.Migration):
    dependencies = [
        ("stats", "0001_edition_totals"),
    ]

    operations = [
        migrations.RunPython(
            triggers.run_sql({"postgresql": totals.TOTALS_POSTGRESQL_AWARD_FUNCTIONS}),
            migrations.RunPython.noop,
        ),
    ]
