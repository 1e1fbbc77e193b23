"""The SQL of the triggers that keep the statistics totals (awards/stats/models.py; issue 21).

Created and filled by awards/stats/migrations/0001_edition_totals.py; awards/triggers.py's
`around_sqlite_rebuild()` drops and recreates the SQLite ones around a table rebuild, since
they name awards_award, awards_awardlist, awards_edition and awards_nominee.
"""

# stats 0001 (awards/stats/models.py): the totals behind /stats/, kept by the statements that
# change what they count, so they commit or roll back with the change (issue 21). Each set
# below counts current awards only (drafts included, filtered when read). Winner totals are
# recounted from the awards for the winners a statement touched; edition totals are stepped
# by what changed (SQLite: one award per row trigger; PostgreSQL: one step per statement)
# and recounted whole only when a list moves to another edition and by TOTALS_FILL.

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
# steps its editions and recounts its winners once, set-based, instead of 10,000 times. Two
# transactions counting from their own snapshots could each miss the other's awards, so the
# trigger first takes one transaction-scoped advisory lock: writers of awards wait for each
# other's commit (rare: the organizers' saves and imports); readers never wait.
TOTALS_LOCK = 21_2021_0001


def _pg_step(old: str | None, new: str | None) -> str:
    """PostgreSQL: move the edition totals by what one statement changed, in one UPDATE.

    `old` and `new` are the statement's rows before and after (id, award_list_id,
    nominee_id, withdrawn_at), None when the operation has none. Awards move by the current
    rows in and out; a (winner, edition) pair is a winner now if it has a current award now,
    and was one before if a removed row was its or it has more current awards now than this
    statement added. One probe of the nominee's own awards per pair, so a 100,000-row
    statement stays linear (a recount of whole editions per statement made batched inserts
    quadratic). The edition is looked up per award, never joined: the planner, misled by
    totals of tables that grew inside the transaction, walked every list of the edition
    per pair, a cost that grew with the edition's size (issue 21).
    """
    empty = "SELECT NULL::bigint AS id, NULL::bigint AS edition_id, NULL::bigint AS nominee_id"

    def current(rows):
        if rows is None:
            return f"{empty} WHERE false"
        return f"""SELECT r.id, l.edition_id, r.nominee_id FROM {rows} r
            JOIN awards_awardlist l ON l.id = r.award_list_id WHERE r.withdrawn_at IS NULL"""

    return f"""
    WITH o AS ({current(old)}),
    n AS ({current(new)}),
    pairs AS (
        SELECT edition_id, nominee_id, bool_or(was) AS was, SUM(added) AS added
        FROM (SELECT edition_id, nominee_id, true AS was, 0 AS added FROM o
              UNION ALL SELECT edition_id, nominee_id, false, 1 FROM n) AS touched
        GROUP BY edition_id, nominee_id),
    presence AS (
        SELECT p.edition_id, p.was, p.added,
               (SELECT COUNT(*) FROM awards_award a
                WHERE a.nominee_id = p.nominee_id AND a.withdrawn_at IS NULL
                  AND (SELECT al.edition_id FROM awards_awardlist al
                       WHERE al.id = a.award_list_id) = p.edition_id) AS now
        FROM pairs p),
    changes AS (
        SELECT edition_id, 1 AS awards, 0 AS winners FROM n
        UNION ALL SELECT edition_id, -1, 0 FROM o
        UNION ALL SELECT edition_id, 0,
               (CASE WHEN now > 0 THEN 1 ELSE 0 END)
             - (CASE WHEN was OR now > added THEN 1 ELSE 0 END)
        FROM presence)
    UPDATE stats_editiontotal t
    SET awards = t.awards + d.awards, winners = t.winners + d.winners
    FROM (SELECT edition_id, SUM(awards) AS awards, SUM(winners) AS winners
          FROM changes GROUP BY edition_id) AS d
    WHERE t.edition_id = d.edition_id
    """


def _pg_body(old: str | None, new: str | None) -> str:
    """Step the edition totals and recount the winners of the statement's rows."""
    sources = [rows for rows in (old, new) if rows]
    nominees = " UNION ".join(
        f"SELECT nominee_id FROM {rows} AS rows{i}" for i, rows in enumerate(sources)
    )
    lists = " UNION ".join(
        f"SELECT award_list_id FROM {rows} AS lists{i}" for i, rows in enumerate(sources)
    )
    # The step is an UPDATE (an upsert would check its negative proposal against the
    # totals' CHECK before finding the conflict): an edition without a row gets one first.
    ensure = f"""INSERT INTO stats_editiontotal (edition_id, awards, winners)
        SELECT DISTINCT edition_id, 0, 0 FROM awards_awardlist WHERE id IN ({lists})
        ON CONFLICT (edition_id) DO NOTHING"""
    statements = [ensure, _pg_step(old, new), *recount_nominees(nominees)]
    # A statement that touched no row (a DELETE matching nothing) takes no lock.
    return (
        f"IF NOT EXISTS (SELECT 1 FROM {sources[-1]} AS rows) THEN RETURN NULL; END IF;\n"
        f"PERFORM pg_advisory_xact_lock({TOTALS_LOCK});\n"
        + ";\n".join(s.strip() for s in statements)
    )


# An UPDATE counts only its rows whose counted columns changed (a note or a position moves
# nothing): those rows before and after.
_PG_MOVED = """(o.withdrawn_at IS NULL) <> (n.withdrawn_at IS NULL)
           OR o.nominee_id <> n.nominee_id OR o.award_list_id <> n.award_list_id"""
_PG_MOVED_OLD = f"""(SELECT o.id, o.award_list_id, o.nominee_id, o.withdrawn_at
        FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {_PG_MOVED})"""
_PG_MOVED_NEW = f"""(SELECT n.id, n.award_list_id, n.nominee_id, n.withdrawn_at
        FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {_PG_MOVED})"""


def _pg_function(name: str, body: str) -> str:
    return f"""
    CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {body};
        RETURN NULL;
    END $$
    """


# The functions of the award triggers; stats 0002 replaces those 0001 created (issue 21).
TOTALS_POSTGRESQL_AWARD_FUNCTIONS = [
    _pg_function("stats_award_inserted", _pg_body(None, "new_rows")),
    _pg_function("stats_award_deleted", _pg_body("old_rows", None)),
    # Most updates (a note, a position, a history stamp) move nothing counted: skip them.
    _pg_function("stats_award_updated", _pg_body(_PG_MOVED_OLD, _PG_MOVED_NEW)),
]

TOTALS_POSTGRESQL = [
    *TOTALS_POSTGRESQL_AWARD_FUNCTIONS,
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
