"""The SQL of the database triggers, in one place: the migrations that create them and the
ones that must drop and recreate them around a SQLite table rebuild import it from here.

SQLite rebuilds a table (create a copy, move the rows, drop, rename) to make a column NOT NULL
or add a unique constraint, and refuses while another table's trigger names the rebuilt table:
a migration that rebuilds awards_award or awards_awardlist wraps its work in
`around_sqlite_rebuild()`, so the next rebuild cannot forget a trigger.
"""

import textwrap

from django.db import migrations

from awards.search_index import (
    SEARCH_TABLES_SQLITE,
    SEARCH_TRIGGERS_SQLITE,
    SEARCH_TRIGGERS_SQLITE_REVERSE,
)
from awards.totals_triggers import TOTALS_SQLITE, TOTALS_SQLITE_REVERSE, TOTALS_TABLES


def trigger_function(name: str, body: str) -> str:
    """A PostgreSQL trigger function: its statements, then it lets the row through."""
    return f"""
    CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
{textwrap.indent(textwrap.dedent(body).strip(), " " * 8)}
        RETURN NEW;
    END $$
    """


def drop_trigger(trigger: str, table: str, function: str) -> list[str]:
    """Undo a PostgreSQL trigger: the trigger first, then the function it runs."""
    return [f"DROP TRIGGER IF EXISTS {trigger} ON {table}", f"DROP FUNCTION IF EXISTS {function}()"]


# 0002: rules that span two tables, which CHECK constraints cannot express.
# * An award in a case list has a case; an award in a nominee list has none.
# * An award's case belongs to the award's nominee. Re-crediting a case to another nominee
#   carries its awards along (like ON UPDATE CASCADE).
CROSS_TABLE_SQLITE = [
    # Award inserted or moved: case presence must match the list kind.
    """
    CREATE TRIGGER award_case_matches_kind_insert BEFORE INSERT ON awards_award
    WHEN ((SELECT kind FROM awards_awardlist WHERE id = NEW.award_list_id) = 'cases')
         <> (NEW.case_id IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'award_case_matches_list_kind'); END
    """,
    """
    CREATE TRIGGER award_case_matches_kind_update
    BEFORE UPDATE OF award_list_id, case_id ON awards_award
    WHEN ((SELECT kind FROM awards_awardlist WHERE id = NEW.award_list_id) = 'cases')
         <> (NEW.case_id IS NOT NULL)
    BEGIN SELECT RAISE(ABORT, 'award_case_matches_list_kind'); END
    """,
    """
    CREATE TRIGGER award_case_nominee_insert BEFORE INSERT ON awards_award
    WHEN NEW.case_id IS NOT NULL
     AND (SELECT nominee_id FROM awards_case WHERE id = NEW.case_id) <> NEW.nominee_id
    BEGIN SELECT RAISE(ABORT, 'award_case_nominee_matches'); END
    """,
    """
    CREATE TRIGGER award_case_nominee_update BEFORE UPDATE OF case_id, nominee_id ON awards_award
    WHEN NEW.case_id IS NOT NULL
     AND (SELECT nominee_id FROM awards_case WHERE id = NEW.case_id) <> NEW.nominee_id
    BEGIN SELECT RAISE(ABORT, 'award_case_nominee_matches'); END
    """,
    # A list's kind may not change under awards that then break the rule.
    """
    CREATE TRIGGER awardlist_kind_update BEFORE UPDATE OF kind ON awards_awardlist
    WHEN EXISTS (
        SELECT 1 FROM awards_award
        WHERE award_list_id = NEW.id AND ((NEW.kind = 'cases') <> (case_id IS NOT NULL))
    )
    BEGIN SELECT RAISE(ABORT, 'award_case_matches_list_kind'); END
    """,
    # Re-crediting a case carries its awards along.
    """
    CREATE TRIGGER case_nominee_cascade AFTER UPDATE OF nominee_id ON awards_case
    WHEN NEW.nominee_id <> OLD.nominee_id
    BEGIN UPDATE awards_award SET nominee_id = NEW.nominee_id WHERE case_id = NEW.id; END
    """,
]

CROSS_TABLE_SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS award_case_matches_kind_insert",
    "DROP TRIGGER IF EXISTS award_case_matches_kind_update",
    "DROP TRIGGER IF EXISTS award_case_nominee_insert",
    "DROP TRIGGER IF EXISTS award_case_nominee_update",
    "DROP TRIGGER IF EXISTS awardlist_kind_update",
    "DROP TRIGGER IF EXISTS case_nominee_cascade",
]

CROSS_TABLE_POSTGRESQL = [
    trigger_function(
        "awards_award_check",
        """
        IF ((SELECT kind FROM awards_awardlist WHERE id = NEW.award_list_id) = 'cases')
           IS DISTINCT FROM (NEW.case_id IS NOT NULL) THEN
            RAISE EXCEPTION 'award_case_matches_list_kind' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.case_id IS NOT NULL AND
           (SELECT nominee_id FROM awards_case WHERE id = NEW.case_id) <> NEW.nominee_id THEN
            RAISE EXCEPTION 'award_case_nominee_matches' USING ERRCODE = 'check_violation';
        END IF;
        """,
    ),
    """
    CREATE TRIGGER award_check BEFORE INSERT OR UPDATE OF award_list_id, case_id, nominee_id
    ON awards_award FOR EACH ROW EXECUTE FUNCTION awards_award_check()
    """,
    trigger_function(
        "awards_awardlist_kind_check",
        """
        IF EXISTS (SELECT 1 FROM awards_award WHERE award_list_id = NEW.id
                   AND (NEW.kind = 'cases') <> (case_id IS NOT NULL)) THEN
            RAISE EXCEPTION 'award_case_matches_list_kind' USING ERRCODE = 'check_violation';
        END IF;
        """,
    ),
    """
    CREATE TRIGGER awardlist_kind_update BEFORE UPDATE OF kind ON awards_awardlist
    FOR EACH ROW EXECUTE FUNCTION awards_awardlist_kind_check()
    """,
    trigger_function(
        "awards_case_nominee_cascade",
        """
        UPDATE awards_award SET nominee_id = NEW.nominee_id WHERE case_id = NEW.id;
        """,
    ),
    """
    CREATE TRIGGER case_nominee_cascade AFTER UPDATE OF nominee_id ON awards_case
    FOR EACH ROW WHEN (NEW.nominee_id IS DISTINCT FROM OLD.nominee_id)
    EXECUTE FUNCTION awards_case_nominee_cascade()
    """,
]

CROSS_TABLE_POSTGRESQL_REVERSE = [
    *drop_trigger("case_nominee_cascade", "awards_case", "awards_case_nominee_cascade"),
    *drop_trigger("awardlist_kind_update", "awards_awardlist", "awards_awardlist_kind_check"),
    *drop_trigger("award_check", "awards_award", "awards_award_check"),
]


# 0007: a verification code, once issued, stays (an UPDATE that would change it keeps it).
CODE_FIXED_SQLITE = [
    """
    CREATE TRIGGER award_code_fixed AFTER UPDATE OF verification_code ON awards_award
    WHEN NEW.verification_code IS NOT OLD.verification_code AND OLD.verification_code IS NOT NULL
    BEGIN
        UPDATE awards_award SET verification_code = OLD.verification_code WHERE id = NEW.id;
    END
    """,
]
CODE_FIXED_SQLITE_REVERSE = ["DROP TRIGGER IF EXISTS award_code_fixed"]

CODE_FIXED_POSTGRESQL = [
    trigger_function(
        "awards_award_code_fixed",
        """
        IF OLD.verification_code IS NOT NULL THEN
            NEW.verification_code := OLD.verification_code;
        END IF;
        """,
    ),
    """
    CREATE TRIGGER award_code_fixed BEFORE UPDATE OF verification_code ON awards_award
    FOR EACH ROW WHEN (NEW.verification_code IS DISTINCT FROM OLD.verification_code)
    EXECUTE FUNCTION awards_award_code_fixed()
    """,
]
CODE_FIXED_POSTGRESQL_REVERSE = drop_trigger(
    "award_code_fixed", "awards_award", "awards_award_code_fixed"
)


def run_sql(statements_by_vendor: dict[str, list[str]], *, strict: bool = False):
    """A RunPython function running the statements for the database's vendor; with `strict`,
    a vendor that has none is an error instead of a no-op."""

    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if strict and vendor not in statements_by_vendor:
            raise NotImplementedError(
                f"No cross-table rules for {vendor}; only SQLite and PostgreSQL are supported."
            )
        for statement in statements_by_vendor.get(vendor, []):
            schema_editor.execute(statement)

    return run


def around_sqlite_rebuild() -> tuple[migrations.RunPython, migrations.RunPython]:
    """(drop, create): operations dropping 0002's SQLite triggers, and the statistics
    totals' and the search index's once their tables exist, before a table rebuild and
    creating them again after it; on PostgreSQL both do nothing."""
    drop = run_sql(
        {
            "sqlite": [
                *CROSS_TABLE_SQLITE_REVERSE,
                *TOTALS_SQLITE_REVERSE,
                *SEARCH_TRIGGERS_SQLITE_REVERSE,
            ]
        }
    )
    return (
        migrations.RunPython(drop, _create_sqlite_triggers),
        migrations.RunPython(_create_sqlite_triggers, drop),
    )


def _create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    statements = [*CROSS_TABLE_SQLITE_REVERSE, *CROSS_TABLE_SQLITE]
    # Migrations older than the stats app rebuild tables before its tables exist.
    tables = set(schema_editor.connection.introspection.table_names())
    if set(TOTALS_TABLES) <= tables:
        statements += [*TOTALS_SQLITE_REVERSE, *TOTALS_SQLITE]
    # The search index's tables (awards migration 0017) exist only from then on.
    if set(SEARCH_TABLES_SQLITE) <= tables:
        statements += [*SEARCH_TRIGGERS_SQLITE_REVERSE, *SEARCH_TRIGGERS_SQLITE]
    for statement in statements:
        schema_editor.execute(statement)
