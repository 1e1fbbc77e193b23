"""The trigram indexes behind search (issue 21): their SQL, and the candidate rows they find.

Search matches substrings (`LIKE '%…%'`), which no B-tree index can serve: on the archive of
bench/generate_archive.py (50,000 nominees, 100,000 awards) every search scanned them all.

* SQLite: an FTS5 table with the `trigram` tokenizer (SQLite ≥ 3.34) per searched column,
  external content (it stores no copy of the text, only the index), kept in step with its table
  by triggers, so bulk writes that skip save() are indexed too.
* PostgreSQL: a `pg_trgm` GIN index per searched column, which serves `LIKE '%…%'` directly.

The index only narrows: a query keeps its plain `LIKE` conditions and gains `id IN (candidate
rows)`, so the results are exactly those of the plain scan whatever the index finds.
A trigram index cannot serve a term shorter than three characters: then `candidates()` gives
None and the query scans as before.
"""

from collections.abc import Sequence

# Terms shorter than this have no trigram: the index cannot narrow them.
MIN_INDEXED = 3

# (table, column) of each searched column; the SQLite index table is f"{table}_search".
INDEXED = (
    ("awards_nominee", "search_text"),
    ("awards_case", "search_text"),
    ("awards_award", "announced_name"),
)


def _fts(table: str) -> str:
    return f"{table}_search"


def _sqlite_statements(table: str, column: str) -> list[str]:
    fts = _fts(table)
    add = f"INSERT INTO {fts}(rowid, {column}) VALUES (new.id, new.{column});"
    remove = f"INSERT INTO {fts}({fts}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    return [
        f"""
        CREATE TRIGGER {fts}_insert AFTER INSERT ON {table}
        BEGIN {add} END
        """,
        f"""
        CREATE TRIGGER {fts}_delete AFTER DELETE ON {table}
        BEGIN {remove} END
        """,
        f"""
        CREATE TRIGGER {fts}_update AFTER UPDATE OF {column} ON {table}
        BEGIN {remove} {add} END
        """,
    ]


def _sqlite_trigger_names(table: str) -> list[str]:
    return [f"{_fts(table)}_{event}" for event in ("insert", "delete", "update")]


# The triggers alone: awards.triggers.around_sqlite_rebuild() drops and recreates them around
# a table rebuild (the rebuild drops the old table's triggers; rowids are kept, so the index
# itself stays right).
SEARCH_TRIGGERS_SQLITE = [
    statement for table, column in INDEXED for statement in _sqlite_statements(table, column)
]
SEARCH_TRIGGERS_SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS {name}"
    for table, _ in INDEXED
    for name in _sqlite_trigger_names(table)
]
SEARCH_TABLES_SQLITE = tuple(_fts(table) for table, _ in INDEXED)

# Tables, their first fill ('rebuild' reads the content table), then the triggers.
SEARCH_INDEX_SQLITE = [
    *(
        f"CREATE VIRTUAL TABLE {_fts(table)} USING fts5("
        f"{column}, content='{table}', content_rowid='id', tokenize='trigram')"
        for table, column in INDEXED
    ),
    *(f"INSERT INTO {_fts(table)}({_fts(table)}) VALUES ('rebuild')" for table, _ in INDEXED),
    *SEARCH_TRIGGERS_SQLITE,
]
SEARCH_INDEX_SQLITE_REVERSE = [
    *SEARCH_TRIGGERS_SQLITE_REVERSE,
    *(f"DROP TABLE IF EXISTS {fts}" for fts in SEARCH_TABLES_SQLITE),
]

# pg_trgm is a trusted extension (PostgreSQL 13+): the database's owner may create it. Not
# Django's TrigramExtension: its reverse queries pg_extension whatever the database, so
# unapplying the migration on SQLite failed. The reverse keeps the extension (dropping it would
# break anything else of the database that uses it).
SEARCH_INDEX_POSTGRESQL = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    *(
        f"CREATE INDEX IF NOT EXISTS {table}_{column}_trgm"
        f" ON {table} USING gin ({column} gin_trgm_ops)"
        for table, column in INDEXED
    ),
]
SEARCH_INDEX_POSTGRESQL_REVERSE = [
    f"DROP INDEX IF EXISTS {table}_{column}_trgm" for table, column in INDEXED
]


def indexable(term: str) -> bool:
    return len(term) >= MIN_INDEXED


def fts_phrase(term: str) -> str:
    """`term` as one FTS5 string: every character literal (quotes doubled), so `*`, `NEAR`,
    `AND`, `^` or a column filter typed into the search box are searched for, not obeyed."""
    return '"' + term.replace('"', '""') + '"'


def _like(term: str) -> str:
    """A `LIKE` pattern containing `term` with its wildcards and backslashes escaped, as
    Django's `contains` writes it (PostgreSQL's default escape is the backslash)."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def candidates(
    vendor: str,
    table: str,
    any_of: Sequence[str],
    all_of: Sequence[str] = (),
    announced: str | None = None,
) -> tuple[str, list[str]] | None:
    """SQL selecting the ids of `table` rows whose indexed column may contain any term of
    `any_of`, or every term of `all_of`, or (nominees) that hold an award announced under a
    name containing `announced`: a superset of the plain conditions' rows, read from the index.

    None when the index cannot serve every part (a term under three characters, another
    database): the caller's plain conditions then scan.
    """
    column = dict(INDEXED)[table]
    if vendor == "postgresql" and table != "awards_nominee":
        # A plain LIKE on one column is already served by its GIN index; the nominees' OR
        # with the announced names is not.
        return None
    long_words = [word for word in all_of if indexable(word)]
    if not all(indexable(term) for term in any_of) or (all_of and not long_words):
        return None
    if announced is not None and not indexable(announced):
        return None
    if vendor == "sqlite":
        parts = [fts_phrase(term) for term in any_of]
        if long_words:
            # Every word must be there, so the long words alone already narrow.
            parts.append("(" + " AND ".join(fts_phrase(word) for word in long_words) + ")")
        selects = [f"SELECT rowid FROM {_fts(table)} WHERE {_fts(table)} MATCH %s"]
        params = [" OR ".join(parts)]
        if announced is not None:
            award_fts = _fts("awards_award")
            selects.append(
                "SELECT nominee_id FROM awards_award WHERE id IN "
                f"(SELECT rowid FROM {award_fts} WHERE {award_fts} MATCH %s)"
            )
            params.append(fts_phrase(announced))
    elif vendor == "postgresql":
        conditions = [f"{column} LIKE %s" for _ in any_of]
        params = [_like(term) for term in any_of]
        if long_words:
            conditions.append("(" + " AND ".join(f"{column} LIKE %s" for _ in long_words) + ")")
            params += [_like(word) for word in long_words]
        selects = [f"SELECT id FROM {table} WHERE " + " OR ".join(conditions)]
        if announced is not None:
            selects.append("SELECT nominee_id FROM awards_award WHERE announced_name LIKE %s")
            params.append(_like(announced))
    else:
        return None
    return " UNION ".join(selects), params
