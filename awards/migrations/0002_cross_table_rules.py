"""Database rules that span two tables, which CHECK constraints cannot express.

* An award in a case list has a case; an award in a nominee list has none.
* An award's case belongs to the award's nominee. Re-crediting a case to
  another nominee carries its awards along (like ON UPDATE CASCADE), so a
  nominee merge stays one consistent statement sequence.

Both SQLite and PostgreSQL raise an IntegrityError when a rule is broken;
`Award.clean()` states the same rules as friendly form errors.
"""

from django.db import migrations

SQLITE = [
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

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS award_case_matches_kind_insert",
    "DROP TRIGGER IF EXISTS award_case_matches_kind_update",
    "DROP TRIGGER IF EXISTS award_case_nominee_insert",
    "DROP TRIGGER IF EXISTS award_case_nominee_update",
    "DROP TRIGGER IF EXISTS awardlist_kind_update",
    "DROP TRIGGER IF EXISTS case_nominee_cascade",
]

POSTGRESQL = [
    """
    CREATE FUNCTION awards_award_check() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF ((SELECT kind FROM awards_awardlist WHERE id = NEW.award_list_id) = 'cases')
           IS DISTINCT FROM (NEW.case_id IS NOT NULL) THEN
            RAISE EXCEPTION 'award_case_matches_list_kind' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.case_id IS NOT NULL AND
           (SELECT nominee_id FROM awards_case WHERE id = NEW.case_id) <> NEW.nominee_id THEN
            RAISE EXCEPTION 'award_case_nominee_matches' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER award_check BEFORE INSERT OR UPDATE OF award_list_id, case_id, nominee_id
    ON awards_award FOR EACH ROW EXECUTE FUNCTION awards_award_check()
    """,
    """
    CREATE FUNCTION awards_awardlist_kind_check() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM awards_award WHERE award_list_id = NEW.id
                   AND (NEW.kind = 'cases') <> (case_id IS NOT NULL)) THEN
            RAISE EXCEPTION 'award_case_matches_list_kind' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER awardlist_kind_update BEFORE UPDATE OF kind ON awards_awardlist
    FOR EACH ROW EXECUTE FUNCTION awards_awardlist_kind_check()
    """,
    """
    CREATE FUNCTION awards_case_nominee_cascade() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        UPDATE awards_award SET nominee_id = NEW.nominee_id WHERE case_id = NEW.id;
        RETURN NEW;
    END $$
    """,
    """
    CREATE TRIGGER case_nominee_cascade AFTER UPDATE OF nominee_id ON awards_case
    FOR EACH ROW WHEN (NEW.nominee_id IS DISTINCT FROM OLD.nominee_id)
    EXECUTE FUNCTION awards_case_nominee_cascade()
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS case_nominee_cascade ON awards_case",
    "DROP FUNCTION IF EXISTS awards_case_nominee_cascade()",
    "DROP TRIGGER IF EXISTS awardlist_kind_update ON awards_awardlist",
    "DROP FUNCTION IF EXISTS awards_awardlist_kind_check()",
    "DROP TRIGGER IF EXISTS award_check ON awards_award",
    "DROP FUNCTION IF EXISTS awards_award_check()",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        statements = statements_by_vendor.get(schema_editor.connection.vendor)
        if statements is None:
            raise NotImplementedError(
                f"No cross-table rules for {schema_editor.connection.vendor}; "
                "only SQLite and PostgreSQL are supported."
            )
        for statement in statements:
            schema_editor.execute(statement)

    return run


def create_data_version(apps, schema_editor):
    apps.get_model("awards", "DataVersion").objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [("awards", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRESQL}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE}),
        ),
        migrations.RunPython(create_data_version, migrations.RunPython.noop),
    ]
