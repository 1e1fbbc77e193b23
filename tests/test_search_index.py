"""The trigram indexes behind search (awards/search_index.py) find exactly what the plain scan
finds, and follow every write: on SQLite FTS5 tables kept by triggers, on PostgreSQL pg_trgm
GIN indexes (run the suite with DATABASE_URL pointing at PostgreSQL for that side)."""

import pytest
from django.db import connection
from django.db.models.functions import Length

from awards.models import Award, Case, Nominee
from awards.search import search_results
from awards.search_index import SEARCH_TABLES_SQLITE, fts_phrase
from tests.factories import AwardFactory, CaseAwardFactory, CaseFactory, NomineeFactory

# Chinese, pinyin, initials, mixed, 1–2 characters, and strings that mean something to LIKE
# (% _ \), to SQL (quotes, --) or to FTS5 (" * ^ NEAR AND OR NOT, column filters, braces).
QUERIES = [
    "成都",
    "成都发布",
    "成",
    "都发",
    "锦江",
    "chengdu",
    "ChengDu",
    "cdfb",
    "chengdu fabu",
    "fabu chengdu",
    "cd fabu",
    "jj",
    "j",
    "e家",
    "成都e家",
    "網路理政",
    "网路理政",
    "旧名称",
    "旧名称发布",
    "release official",
    "100%",
    "%",
    "%%%",
    "_",
    "a_b",
    "a\\b",
    "\\",
    '"',
    '"测试"',
    '引号"测试',
    "'",
    "''",
    "--",
    "*",
    "星号*",
    "发布*",
    "^成都",
    "NEAR",
    "NEAR(成都 发布)",
    "AND",
    "成都 AND 发布",
    "OR",
    "NOT 成都",
    "search_text:成都",
    "{search_text}:成都",
    "ABC",
    "abc",
    "xyzzy",
    "没有这个名字",
]


@pytest.fixture
def hostile_names(edition_2022):
    """Names with the characters above, an alias, an English description, a former name."""
    for name in [
        "100%真实",
        "a_b测试号",
        "a\\b反斜杠号",
        '引号"测试"号',
        "星号*发布",
        "NEAR成都发布",
        "AND政务",
        "ABC成都",
        "^成都头条",
        "search_text:成都",
        "{search_text}:成都",
        "網路理政平台",
    ]:
        AwardFactory(nominee=NomineeFactory(name=name))
    AwardFactory(
        nominee=NomineeFactory(
            name="锦江发布", aliases=["锦江区官方"], description_en="Jinjiang release official"
        )
    )
    AwardFactory(nominee=NomineeFactory(name="新名称发布"), announced_name="旧名称发布")
    CaseAwardFactory(case=CaseFactory(title="100%_“引号”*NEAR 成都AND案例"))
    # A nominee without a published award: found by both, shown by neither page.
    NomineeFactory(name="成都草稿号")


def _found(model, query: str, *, indexed: bool) -> list[int]:
    field = "name" if model is Nominee else "title"
    rows = model.objects.search(query, indexed=indexed).order_by(Length(field), field, "pk")
    return list(rows.values_list("pk", flat=True))


@pytest.mark.django_db
def test_indexed_search_finds_exactly_what_the_plain_scan_finds(hostile_names):
    differing = {}
    found_any = set()

    for query in QUERIES:
        for model in (Nominee, Case):
            indexed = _found(model, query, indexed=True)
            plain = _found(model, query, indexed=False)
            if indexed != plain:
                differing[(model.__name__, query)] = (indexed, plain)
            if plain:
                found_any.add(query)

    assert differing == {}
    # The comparison means something: the hostile strings do find their names.
    for query in ["成都", "chengdu fabu", "100%", "a_b", '"测试"', "星号*", "NEAR", "旧名称"]:
        assert query in found_any


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "uses_index"),
    [("chengdu", True), ("成都发布", True), ("chengdu fabu", True), ("成都", False), ("j", False)],
)
def test_search_reads_the_index_for_three_characters_or_more(edition_2022, query, uses_index):
    marker = "_search WHERE" if connection.vendor == "sqlite" else "= ANY(ARRAY(SELECT id"

    sql = str(Nominee.objects.search(query).query)

    assert (marker in sql) == uses_index


@pytest.mark.django_db
def test_search_page_results_are_the_plain_scans_in_the_same_order(hostile_names):
    """The page's groups, in rank order, for queries the index serves and ones it cannot."""
    for query in ["chengdu", "成都发布", "成都", "cdfb", "旧名称发布", "100%"]:
        results = search_results(query)
        plain = Nominee.objects.search(query, indexed=False)
        expected = {n.pk for n in plain if n.awards.published().exists()}

        assert {n.pk for n in results.nominees} == expected, query
    assert [n.name for n in search_results("旧名称").nominees] == ["新名称发布"]


@pytest.mark.django_db
def test_the_index_follows_saves_renames_updates_and_deletes(edition_2022):
    award = AwardFactory(nominee=NomineeFactory(name="测试索引号"))
    nominee = award.nominee
    assert _found(Nominee, "测试索引", indexed=True) == [nominee.pk]

    nominee.name = "改名以后号"
    nominee.save()
    assert _found(Nominee, "改名以后", indexed=True) == [nominee.pk]
    # Still found by the old name: the award keeps the name it was announced under.
    assert _found(Nominee, "测试索引", indexed=True) == [nominee.pk]

    # A bulk write that skips save(): the database keeps the index, not the model.
    Nominee.objects.filter(pk=nominee.pk).update(search_text="|批量写入号|")
    assert _found(Nominee, "批量写入", indexed=True) == [nominee.pk]
    Award.objects.filter(pk=award.pk).update(announced_name="公布时的名字")
    assert _found(Nominee, "公布时的名", indexed=True) == [nominee.pk]
    assert _found(Nominee, "测试索引", indexed=True) == []
    assert _found(Nominee, "改名以后", indexed=True) == []

    case = CaseAwardFactory(case=CaseFactory(title="索引案例标题")).case
    assert _found(Case, "索引案例", indexed=True) == [case.pk]
    Award.objects.filter(case=case).delete()
    case.delete()
    Award.objects.filter(pk=award.pk).delete()
    nominee.delete()

    assert _found(Case, "索引案例", indexed=True) == []
    assert _found(Nominee, "批量写入", indexed=True) == []
    assert _found(Nominee, "公布时的名", indexed=True) == []


def test_fts_phrase_keeps_every_character_literal():
    assert fts_phrase('a"b') == '"a""b"'
    assert fts_phrase("NEAR(x y) AND *") == '"NEAR(x y) AND *"'


@pytest.mark.django_db
def test_sqlite_index_tables_exist_and_match_their_content():
    if connection.vendor != "sqlite":
        pytest.skip("FTS5 tables are SQLite's; PostgreSQL keeps GIN indexes")
    NomineeFactory(name="完整性检查号")

    with connection.cursor() as cursor:
        for table in SEARCH_TABLES_SQLITE:
            # FTS5's own check: the index holds exactly the content table's rows.
            cursor.execute(f"INSERT INTO {table}({table}, rank) VALUES ('integrity-check', 1)")


@pytest.mark.django_db
def test_postgresql_keeps_a_trigram_index_on_each_searched_column():
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes are PostgreSQL's; SQLite keeps FTS5 tables")

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%_trgm'")
        found = {name: "gin_trgm_ops" in definition for name, definition in cursor.fetchall()}

    assert found == {
        "awards_nominee_search_text_trgm": True,
        "awards_case_search_text_trgm": True,
        "awards_award_announced_name_trgm": True,
    }
