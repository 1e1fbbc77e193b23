"""Migrations keep every row: a database made by the awards app's 0011 schema (the record of
328cd63) with the 2022 fixture, a certificate design, site settings and a pending upload is
migrated forward, and each table the move touched still holds the same rows."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from awards.pinyin import stored_forms

# The schema every row was written under before the tables moved to their own apps.
BEFORE_MOVE = [
    ("awards", "0011_nominee_sort_key_english"),
    ("certificates", None),
    ("identity", None),
    ("importing", None),
]
MOVED = {
    "awards_certificatedesign": ("certificates", "certificatedesign"),
    "awards_sitesettings": ("identity", "sitesettings"),
    "awards_pendingimport": ("importing", "pendingimport"),
}


def _migrate(targets) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def _rows(table: str) -> list[dict]:
    # By column name: SQLite rebuilds a table on some field changes and may reorder columns.
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _kept(rows: list[dict], before: list[dict]) -> list[dict]:
    """`rows` with only the columns the rows of `before` had."""
    names = list(before[0]) if before else []
    return [{name: row[name] for name in names} for row in rows]


def _counts() -> dict[str, int]:
    return {table: len(_rows(table)) for table in connection.introspection.table_names()}


def _organizer_permissions() -> set[str]:
    from django.contrib.auth.models import Group

    group = Group.objects.get(name="组织者")
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}


def _record_at_0011(old):
    """A small 2022 record written through the 0011 models (today's fixture has columns the
    0011 schema lacks): a list, a nominee under its old syllable slug, a case and awards."""
    import datetime

    edition = old.get_model("awards", "Edition").objects.create(
        year=2022, name="2022成都市政务新媒体峰会", held_on=datetime.date(2022, 12, 16)
    )
    award_list = old.get_model("awards", "AwardList").objects.create(
        edition=edition, name="2022年新媒体十佳案例", slug="top-cases", position=1, kind="cases"
    )
    nominee = old.get_model("awards", "Nominee").objects.create(
        name="微成都", slug="weicheng-du", kind="media"
    )
    case = old.get_model("awards", "Case").objects.create(nominee=nominee, title="“防疫泡泡”经验")
    old.get_model("awards", "Award").objects.create(
        award_list=award_list, position=1, nominee=nominee, case=case
    )
    return edition


@pytest.mark.django_db(transaction=True)
def test_tables_moved_to_their_apps_keep_every_row(organizer_group):
    executor = _migrate(BEFORE_MOVE)
    try:
        old = executor.loader.project_state(BEFORE_MOVE[0]).apps
        edition = _record_at_0011(old)
        old.get_model("awards", "CertificateDesign").objects.create(
            edition_id=edition.pk, title="荣誉证书", wording="{recipient}\n特发此证。"
        )
        old.get_model("awards", "SiteSettings").objects.create(name="成都政务新媒体峰会")
        old.get_model("awards", "PendingImport").objects.create(
            kind="workbook", content=b"PK", sha256="0" * 64
        )
        before, moved_before = _counts(), {table: _rows(table) for table in MOVED}
        permissions_before = _organizer_permissions()

        executor = _migrate(executor.loader.graph.leaf_nodes())

        after = _counts()
        assert {t: n for t, n in before.items() if after.get(t, 0) < n} == {}
        # Columns added later (identity 0003: pinyin) aside, every row keeps every value.
        assert {table: _kept(_rows(table), moved_before[table]) for table in MOVED} == moved_before
        # And the later migrations filled what they added (awards 0016, identity 0003).
        assert (
            _rows("awards_nominee")[0]["pinyin"],
            _rows("awards_sitesettings")[0]["pinyin"],
        ) == (stored_forms("微成都"), stored_forms("成都政务新媒体峰会"))
        assert before["awards_nominee"] > 0
        assert "awards.change_certificatedesign" in permissions_before
        assert _organizer_permissions() == {
            p.replace("awards.", "certificates.") if p.endswith("certificatedesign") else p
            for p in permissions_before
        }
        assert {
            table: ContentType.objects.get(app_label=app, model=model).model_class()._meta.db_table
            for table, (app, model) in MOVED.items()
        } == {table: table for table in MOVED}
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


@pytest.mark.django_db
def test_migrated_database_has_every_trigger_of_awards_triggers():
    expected = {"award_check", "awardlist_kind_update", "case_nominee_cascade", "award_code_fixed"}
    if connection.vendor == "sqlite":
        expected = {
            "award_case_matches_kind_insert",
            "award_case_matches_kind_update",
            "award_case_nominee_insert",
            "award_case_nominee_update",
            "awardlist_kind_update",
            "case_nominee_cascade",
            "award_code_fixed",
            # The search index's (awards/search_index.py): on PostgreSQL a GIN index keeps
            # itself, so there are no triggers to add there.
            *(
                f"{table}_search_{event}"
                for table in ("awards_nominee", "awards_case", "awards_award")
                for event in ("insert", "delete", "update")
            ),
        }
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        sql = "SELECT DISTINCT trigger_name FROM information_schema.triggers"

    # The statistics totals' triggers (stats app, awards/totals_triggers.py).
    expected |= {
        "stats_award_insert",
        "stats_award_delete",
        "stats_award_update",
        "stats_awardlist_edition",
        "stats_edition_year",
        "stats_edition_delete",
        "stats_nominee_kind",
    }

    with connection.cursor() as cursor:
        cursor.execute(sql)
        found = {name for (name,) in cursor.fetchall()}

    assert found == expected


@pytest.mark.django_db(transaction=True)
def test_a_sqlite_table_rebuild_keeps_the_statistics_triggers():
    """A later migration that rebuilds awards_awardlist wraps it in around_sqlite_rebuild();
    the totals' triggers name that table, so they are dropped and created with the others."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite rebuilds tables; PostgreSQL alters them in place")
    from django.apps import apps as installed

    from awards import triggers
    from awards.models import AwardList

    drop, create = triggers.around_sqlite_rebuild()
    sql = "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'stats_%'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        before = {name for (name,) in cursor.fetchall()}

    with connection.schema_editor() as editor:
        drop.code(installed, editor)
        editor._remake_table(AwardList)
        create.code(installed, editor)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        after = {name for (name,) in cursor.fetchall()}

    assert after == before == {name.split()[-1] for name in triggers.TOTALS_SQLITE_REVERSE}
