"""The SQL of the database triggers, in one place: the migrations that create them and the
ones that must drop and recreate them around a SQLite table rebuild import it from here.

SQLite rebuilds a table (create a copy, move the rows, drop, rename) to make a column NOT NULL
or add a unique constraint, and refuses while another table's trigger names the rebuilt table:
a migration that rebuilds awards_award or awards_awardlist wraps its work in
`around_sqlite_rebuild()`, so the next rebuild cannot forget a trigger.
"""

from django.db import migrations

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

CROSS_TABLE_POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS case_nominee_cascade ON awards_case",
    "DROP FUNCTION IF EXISTS awards_case_nominee_cascade()",
    "DROP TRIGGER IF EXISTS awardlist_kind_update ON awards_awardlist",
    "DROP FUNCTION IF EXISTS awards_awardlist_kind_check()",
    "DROP TRIGGER IF EXISTS award_check ON awards_award",
    "DROP FUNCTION IF EXISTS awards_award_check()",
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
CODE_FIXED_POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS award_code_fixed ON awards_award",
    "DROP FUNCTION IF EXISTS awards_award_code_fixed()",
]


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
    totals' once their tables exist, before a table rebuild and creating them again after
    it; on PostgreSQL both do nothing."""
    drop = run_sql({"sqlite": [*CROSS_TABLE_SQLITE_REVERSE, *TOTALS_SQLITE_REVERSE]})
    return (
        migrations.RunPython(drop, _create_sqlite_triggers),
        migrations.RunPython(_create_sqlite_triggers, drop),
    )


def _create_sqlite_triggers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    statements = [*CROSS_TABLE_SQLITE_REVERSE, *CROSS_TABLE_SQLITE]
    # Migrations older than the stats app rebuild tables before its tables exist.
    if set(TOTALS_TABLES) <= set(schema_editor.connection.introspection.table_names()):
        statements += [*TOTALS_SQLITE_REVERSE, *TOTALS_SQLITE]
    for statement in statements:
        schema_editor.execute(statement)


# stats 0001 (awards/stats/models.py): the totals behind /stats/, kept by the statements that
# change what they count, so they commit or roll back with the change (issue 21). Each set
# below is recounted from the awards (current awards only; drafts included, filtered when
# read), except SQLite's edition totals, which row triggers step by one award at a time.

TOTALS_TABLES = ("stats_editiontotal", "stats_nomineetotal")


def recount_nominees(nominees: str) -> list[str]:
    """Statements recounting the nominees selected by the SQL `nominees` (ids): a row per
    nominee with a current award, none for one without."""
    return [
        f"DELETE FROM stats_nomineetotal WHERE nominee_id IN ({nominees})",
        f"""
        INSERT INTO stats_nomineetotal (nominee_id, kind, awards, first_year)
        SELECT a.nominee_id, n.kind, COUNT(*), MIN(e.year)
        FROM awards_award a
        JOIN awards_awardlist l ON l.id = a.award_list_id
        JOIN awards_edition e ON e.id = l.edition_id
        JOIN awards_nominee n ON n.id = a.nominee_id
        WHERE a.withdrawn_at IS NULL AND a.nominee_id IN ({nominees})
        GROUP BY a.nominee_id, n.kind
        """,
    ]


def recount_editions(editions: str) -> list[str]:
    """Statements recounting the editions selected by the SQL `editions` (ids); an edition
    without lists gets no row (read as zero)."""
    return [
        f"DELETE FROM stats_editiontotal WHERE edition_id IN ({editions})",
        f"""
        INSERT INTO stats_editiontotal (edition_id, awards, winners)
        SELECT l.edition_id, COUNT(a.id), COUNT(DISTINCT a.nominee_id)
        FROM awards_awardlist l
        LEFT JOIN awards_award a ON a.award_list_id = l.id AND a.withdrawn_at IS NULL
        WHERE l.edition_id IN ({editions})
        GROUP BY l.edition_id
        """,
    ]


TOTALS_FILL = [
    *recount_editions("SELECT id FROM awards_edition"),
    *recount_nominees("SELECT nominee_id FROM awards_award"),
]


def _sqlite_step(row: str, sign: str) -> list[str]:
    """SQLite: add (sign "+") or remove ("-") the current award `row` (NEW or OLD) to its
    edition's totals. Row triggers run once per row as it changes, each seeing the rows
    changed before it, so stepping by one stays exact for multi-row statements too."""
    others = f"""EXISTS (
        SELECT 1 FROM awards_award o JOIN awards_awardlist ol ON ol.id = o.award_list_id
        WHERE o.nominee_id = {row}.nominee_id AND o.withdrawn_at IS NULL AND o.id <> {row}.id
          AND ol.edition_id = stats_editiontotal.edition_id)"""
    condition = f"{row}.withdrawn_at IS NULL"
    edition = f"(SELECT edition_id FROM awards_awardlist WHERE id = {row}.award_list_id)"
    statements = [
        f"""
        UPDATE stats_editiontotal
        SET awards = awards {sign} 1, winners = winners {sign} (NOT {others})
        WHERE {condition} AND edition_id = {edition}
        """
    ]
    if sign == "+":
        statements.insert(
            0,
            f"""
            INSERT OR IGNORE INTO stats_editiontotal (edition_id, awards, winners)
            SELECT edition_id, 0, 0 FROM awards_awardlist
            WHERE {condition} AND id = {row}.award_list_id
            """,
        )
    return statements


def _sqlite_trigger(name: str, event: str, when: str, statements: list[str]) -> str:
    body = ";\n".join(s.strip() for s in statements)
    when = f"WHEN {when}" if when else ""
    return f"CREATE TRIGGER {name} {event} {when}\nBEGIN\n{body};\nEND"


_AWARD_MOVED = (
    "((OLD.withdrawn_at IS NULL) <> (NEW.withdrawn_at IS NULL)"
    " OR OLD.nominee_id <> NEW.nominee_id OR OLD.award_list_id <> NEW.award_list_id)"
)
_LIST_NOMINEES = "SELECT nominee_id FROM awards_award WHERE award_list_id = NEW.id"
_EDITION_NOMINEES = """SELECT a.nominee_id FROM awards_award a
    JOIN awards_awardlist l ON l.id = a.award_list_id WHERE l.edition_id = NEW.id"""

TOTALS_SQLITE = [
    _sqlite_trigger(
        "stats_award_insert",
        "AFTER INSERT ON awards_award",
        "NEW.withdrawn_at IS NULL",
        [*_sqlite_step("NEW", "+"), *recount_nominees("NEW.nominee_id")],
    ),
    _sqlite_trigger(
        "stats_award_delete",
        "AFTER DELETE ON awards_award",
        "OLD.withdrawn_at IS NULL",
        [*_sqlite_step("OLD", "-"), *recount_nominees("OLD.nominee_id")],
    ),
    _sqlite_trigger(
        "stats_award_update",
        "AFTER UPDATE OF withdrawn_at, nominee_id, award_list_id ON awards_award",
        _AWARD_MOVED,
        [
            *_sqlite_step("OLD", "-"),
            *_sqlite_step("NEW", "+"),
            *recount_nominees("OLD.nominee_id, NEW.nominee_id"),
        ],
    ),
    _sqlite_trigger(
        "stats_awardlist_edition",
        "AFTER UPDATE OF edition_id ON awards_awardlist",
        "OLD.edition_id <> NEW.edition_id",
        [*recount_editions("OLD.edition_id, NEW.edition_id"), *recount_nominees(_LIST_NOMINEES)],
    ),
    _sqlite_trigger(
        "stats_edition_year",
        "AFTER UPDATE OF year ON awards_edition",
        "OLD.year <> NEW.year",
        recount_nominees(_EDITION_NOMINEES),
    ),
    _sqlite_trigger(
        "stats_edition_delete",
        "AFTER DELETE ON awards_edition",
        "",
        ["DELETE FROM stats_editiontotal WHERE edition_id = OLD.id"],
    ),
    _sqlite_trigger(
        "stats_nominee_kind",
        "AFTER UPDATE OF kind ON awards_nominee",
        "OLD.kind <> NEW.kind",
        ["UPDATE stats_nomineetotal SET kind = NEW.kind WHERE nominee_id = NEW.id"],
    ),
]
TOTALS_SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for name in (
        "stats_award_insert",
        "stats_award_delete",
        "stats_award_update",
        "stats_awardlist_edition",
        "stats_edition_year",
        "stats_edition_delete",
        "stats_nominee_kind",
    )
]

# PostgreSQL: statement triggers with transition tables, so a bulk_create of 10,000 awards
# recounts its editions and nominees once, set-based, instead of 10,000 times. Two
# transactions recounting from their own snapshots could each miss the other's awards, so
# the recount first takes one transaction-scoped advisory lock: writers of awards wait for
# each other's commit (rare: the organizers' saves and imports); readers never wait.
TOTALS_LOCK = 21_2021_0001


def _pg_recount(rows: str) -> str:
    """The body recounting the editions and nominees of `rows` (award_list_id, nominee_id)."""
    editions = (
        f"SELECT edition_id FROM awards_awardlist WHERE id IN (SELECT award_list_id FROM {rows})"
    )
    nominees = f"SELECT nominee_id FROM {rows}"
    statements = [*recount_editions(editions), *recount_nominees(nominees)]
    # A statement that touched no row (a DELETE matching nothing) takes no lock.
    return (
        f"IF NOT EXISTS (SELECT 1 FROM {rows}) THEN RETURN NULL; END IF;\n"
        f"PERFORM pg_advisory_xact_lock({TOTALS_LOCK});\n"
        + ";\n".join(s.strip() for s in statements)
    )


_PG_CHANGED = """(SELECT o.award_list_id, o.nominee_id FROM old_rows o JOIN new_rows n USING (id)
        WHERE (o.withdrawn_at IS NULL) <> (n.withdrawn_at IS NULL)
           OR o.nominee_id <> n.nominee_id OR o.award_list_id <> n.award_list_id
        UNION ALL
        SELECT n.award_list_id, n.nominee_id FROM old_rows o JOIN new_rows n USING (id)
        WHERE (o.withdrawn_at IS NULL) <> (n.withdrawn_at IS NULL)
           OR o.nominee_id <> n.nominee_id OR o.award_list_id <> n.award_list_id) AS changed"""


def _pg_function(name: str, body: str) -> str:
    return f"""
    CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {body};
        RETURN NULL;
    END $$
    """


TOTALS_POSTGRESQL = [
    _pg_function("stats_award_inserted", _pg_recount("new_rows")),
    _pg_function("stats_award_deleted", _pg_recount("old_rows")),
    # Most updates (a note, a position, a history stamp) move nothing counted: skip them.
    _pg_function("stats_award_updated", _pg_recount(_PG_CHANGED)),
    """
    CREATE TRIGGER stats_award_insert AFTER INSERT ON awards_award
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stats_award_inserted()
    """,
    """
    CREATE TRIGGER stats_award_delete AFTER DELETE ON awards_award
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stats_award_deleted()
    """,
    """
    CREATE TRIGGER stats_award_update AFTER UPDATE ON awards_award
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT
    EXECUTE FUNCTION stats_award_updated()
    """,
    _pg_function(
        "stats_awardlist_moved",
        f"PERFORM pg_advisory_xact_lock({TOTALS_LOCK});\n"
        + ";\n".join(
            s.strip()
            for s in [
                *recount_editions("OLD.edition_id, NEW.edition_id"),
                *recount_nominees(_LIST_NOMINEES),
            ]
        ),
    ),
    """
    CREATE TRIGGER stats_awardlist_edition AFTER UPDATE OF edition_id ON awards_awardlist
    FOR EACH ROW WHEN (OLD.edition_id IS DISTINCT FROM NEW.edition_id)
    EXECUTE FUNCTION stats_awardlist_moved()
    """,
    _pg_function(
        "stats_edition_year_changed",
        f"PERFORM pg_advisory_xact_lock({TOTALS_LOCK});\n"
        + ";\n".join(s.strip() for s in recount_nominees(_EDITION_NOMINEES)),
    ),
    """
    CREATE TRIGGER stats_edition_year AFTER UPDATE OF year ON awards_edition
    FOR EACH ROW WHEN (OLD.year IS DISTINCT FROM NEW.year)
    EXECUTE FUNCTION stats_edition_year_changed()
    """,
    _pg_function(
        "stats_edition_deleted", "DELETE FROM stats_editiontotal WHERE edition_id = OLD.id"
    ),
    """
    CREATE TRIGGER stats_edition_delete AFTER DELETE ON awards_edition
    FOR EACH ROW EXECUTE FUNCTION stats_edition_deleted()
    """,
    _pg_function(
        "stats_nominee_kind_changed",
        "UPDATE stats_nomineetotal SET kind = NEW.kind WHERE nominee_id = NEW.id",
    ),
    """
    CREATE TRIGGER stats_nominee_kind AFTER UPDATE OF kind ON awards_nominee
    FOR EACH ROW WHEN (OLD.kind IS DISTINCT FROM NEW.kind)
    EXECUTE FUNCTION stats_nominee_kind_changed()
    """,
]
TOTALS_POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS stats_award_insert ON awards_award",
    "DROP TRIGGER IF EXISTS stats_award_delete ON awards_award",
    "DROP TRIGGER IF EXISTS stats_award_update ON awards_award",
    "DROP TRIGGER IF EXISTS stats_awardlist_edition ON awards_awardlist",
    "DROP TRIGGER IF EXISTS stats_edition_year ON awards_edition",
    "DROP TRIGGER IF EXISTS stats_edition_delete ON awards_edition",
    "DROP TRIGGER IF EXISTS stats_nominee_kind ON awards_nominee",
    *(
        f"DROP FUNCTION IF EXISTS {name}()"
        for name in (
            "stats_award_inserted",
            "stats_award_deleted",
            "stats_award_updated",
            "stats_awardlist_moved",
            "stats_edition_year_changed",
            "stats_edition_deleted",
            "stats_nominee_kind_changed",
        )
    ),
]
