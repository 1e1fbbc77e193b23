"""Whole-edition workbooks: export, import, preview, idempotence, atomicity and round trips."""

import datetime
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from awards import caching
from awards.importing import layout, services, workbook
from awards.models import Award, AwardList, Case, Edition, Nominee
from tests.factories import (
    AwardFactory,
    AwardListFactory,
    CaseAwardFactory,
    EditionFactory,
    NomineeFactory,
)
from tests.pagetext import texts

# Spreadsheets keep whole seconds; editions built for empty-database round trips use them.
WHOLE_SECOND = timezone.make_aware(datetime.datetime(2024, 5, 6, 7, 8, 9))


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out, indent=None)
    return out.getvalue()


def awards_state():
    """Everything an import may touch, by natural keys (ids and history excluded)."""
    out = io.StringIO()
    call_command(
        "dumpdata",
        "awards.edition",
        "awards.awardlist",
        "awards.nominee",
        "awards.case",
        "awards.award",
        natural_foreign=True,
        natural_primary=True,
        stdout=out,
    )
    records = json.loads(out.getvalue())
    for record in records:
        record["fields"].pop("updated_at", None)  # auto_now: the moment of the write
        # Not in the workbook: an import into an empty database mints new codes (an import
        # over existing awards keeps theirs, tests/test_verification.py).
        record["fields"].pop("verification_code", None)
    return records


def sheets(data: bytes) -> dict:
    book = load_workbook(io.BytesIO(data))
    return {sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book}


def save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def edit(data: bytes, sheet: str, row: int, column: str, value) -> bytes:
    book = load_workbook(io.BytesIO(data))
    header = [cell.value for cell in book[sheet][1]]
    book[sheet].cell(row=row, column=header.index(column) + 1).value = value
    return save(book)


def wipe():
    Award.objects.all().delete()
    Case.objects.all().delete()
    AwardList.objects.all().delete()
    Nominee.objects.all().delete()
    Edition.objects.all().delete()


@pytest.mark.django_db
def test_export_2022_has_edition_lists_and_one_sheet_per_list(edition_2022):
    data = workbook.export_workbook(edition_2022)

    found = sheets(data)

    assert list(found) == [
        "填写说明",
        "届次",
        "榜单",
        "2022年优秀政务新媒体",
        "2022年优秀新媒体",
        "2022年优秀自媒体",
        "2022年新媒体十佳案例",
        "2022年政务新媒体运营先进集体",
    ]
    assert found["届次"][1] == ["年份", 2022]
    assert found["榜单"][4] == [
        "2022年新媒体十佳案例",
        "2022年新媒体十佳案例",
        "2022 Top Ten New Media Cases",
        "top-cases",
        4,
        "案例名单",
        10,
        "来源报道公布了10个案例,但只列出其中5个的名称和单位;其余5个未公开,本站不作补录。",
        "The source report announced 10 cases but named only 5 of them with their organizations;"
        " the other 5 were not made public, and this site does not add them.",
        2022,
        "否",
    ]
    assert found["2022年新媒体十佳案例"][1] == [
        1,
        "成都发布",
        None,
        "政务新媒体账号",
        "“我家门前——殷殷嘱托,民心答卷”主题报道",
        None,
        None,
        None,
        None,
        None,
        None,
        None,
        "chengdu-fabu",
        "0261-PK0T-R1KY",  # the key the fixture ships
        "成都发布",
        None,
        None,
    ]


@pytest.mark.django_db
def test_import_of_own_export_2022_changes_nothing(edition_2022):
    data = workbook.export_workbook(edition_2022)
    before = dump()

    plan = services.apply_import(data, "2022.xlsx")

    assert plan.ok
    assert plan.has_changes is False
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 54, "skip": 0}
    assert plan.summary() == "文件与数据库一致,没有需要更改的内容(54 行不变,0 行跳过)。"
    assert dump() == before


@pytest.mark.django_db
def test_import_into_empty_database_recreates_2022_exactly(edition_2022):
    data = workbook.export_workbook(edition_2022)
    expected = awards_state()
    wipe()

    plan = services.apply_import(data, "2022.xlsx")

    assert plan.counts == {"create": 54, "update": 0, "unchanged": 0, "skip": 0}
    # The workbook carries the nominees' 网址标识 and the cases' keys: recreated, they keep them.
    assert awards_state() == expected


@pytest.mark.django_db
def test_second_import_of_same_file_changes_nothing_and_says_so(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), "2022年优秀自媒体", 2, "等级", "一等奖")
    first = services.apply_import(data, "x.xlsx")
    after_first = dump()

    second = services.apply_import(data, "x.xlsx")

    assert first.counts["update"] == 1
    assert second.has_changes is False
    assert second.summary() == "文件与数据库一致,没有需要更改的内容(54 行不变,0 行跳过)。"
    assert dump() == after_first


@pytest.mark.django_db
def test_preview_lists_each_row_with_its_change(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), "2022年优秀自媒体", 3, "名次", 2)

    plan = services.plan_import(data, "x.xlsx")

    changed = [o for o in plan.outcomes if o.action == "update"]
    assert [(o.sheet, o.row, o.label, o.changes) for o in changed] == [
        ("2022年优秀自媒体", 3, "第2位 温江人不知道的温江事", ["名次:(空) → 2"])
    ]
    assert Award.objects.filter(rank=2).count() == 0


@pytest.mark.django_db
def test_import_updates_existing_year_in_place_by_natural_keys(edition_2022):
    ids = set(Award.objects.values_list("pk", flat=True))
    data = edit(workbook.export_workbook(edition_2022), "届次", 8, "内容", "成都市委网信办(新)")

    services.apply_import(data, "x.xlsx")

    edition_2022.refresh_from_db()
    assert edition_2022.hosted_by == "成都市委网信办(新)"
    assert set(Award.objects.values_list("pk", flat=True)) == ids
    assert Edition.objects.count() == 1


@pytest.mark.django_db
def test_row_only_holding_a_position_is_skipped(edition_2022):
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition_2022)))
    book["2022年新媒体十佳案例"].append([6])
    data = save(book)

    plan = services.apply_import(data, "x.xlsx")

    assert plan.counts == {"create": 0, "update": 0, "unchanged": 54, "skip": 1}
    assert Award.objects.filter(award_list__slug="top-cases").count() == 5


@pytest.mark.django_db
def test_unknown_nominee_without_kind_is_an_error_with_suggestion(edition_2022):
    data = edit(
        workbook.export_workbook(edition_2022), "2022年优秀政务新媒体", 2, "获奖对象", "成都发部"
    )
    data = edit(data, "2022年优秀政务新媒体", 2, "对象类型", None)
    data = edit(data, "2022年优秀政务新媒体", 2, "对象网址标识", None)  # a row typed by hand
    before = dump()

    plan = services.apply_import(data, "x.xlsx")

    assert plan.issue_lines() == [
        "工作表「2022年优秀政务新媒体」第2行「获奖对象」:找不到『成都发部』,你是不是要找『成都发布』?"
        "如果是新的获奖对象,请在「对象类型」中选择类型。"
    ]
    assert dump() == before


@pytest.mark.django_db
def test_unknown_nominee_with_kind_is_created_once_with_slug_and_search_text(edition_2022):
    data = edit(
        workbook.export_workbook(edition_2022),
        "2022年优秀自媒体",
        7,
        "获奖对象",
        " 新的自媒体\u3000",
    )
    data = edit(data, "2022年优秀自媒体", 7, "顺序", 7)
    data = edit(data, "2022年优秀自媒体", 7, "对象类型", "自媒体")
    data = edit(data, "2022年优秀自媒体", 7, "对象网址标识", None)  # a row typed by hand

    plan = services.apply_import(data, "x.xlsx")

    nominee = Nominee.objects.get(name="新的自媒体")
    assert [o.changes for o in plan.outcomes if o.action == "create"] == [
        ["新建获奖对象『新的自媒体』(自媒体)"]
    ]
    assert (nominee.kind, nominee.slug, nominee.search_text) == (
        "self_media",
        "xin-de-zimeiti",
        "|新的自媒体|xindezimeiti|xdzmt|",
    )
    assert nominee.awards.get().position == 7


@pytest.mark.django_db
def test_renamed_nominee_with_kind_previews_creation_and_similar_name(edition_2022):
    data = edit(
        workbook.export_workbook(edition_2022), "2022年优秀政务新媒体", 2, "获奖对象", "成都发部"
    )
    data = edit(data, "2022年优秀政务新媒体", 2, "对象网址标识", None)  # a row typed by hand

    plan = services.plan_import(data, "x.xlsx")

    assert [(o.row, o.changes) for o in plan.outcomes if o.action == "update"] == [
        (
            2,
            [
                "获奖对象:成都发布 → 成都发部",
                "新建获奖对象『成都发部』(政务新媒体账号),注意已有相似的『成都发布』",
            ],
        )
    ]


@pytest.mark.django_db
def test_name_typed_with_spaces_and_full_width_letters_finds_existing_nominee(edition_2022):
    data = edit(
        workbook.export_workbook(edition_2022),
        "2022年优秀自媒体",
        4,
        "获奖对象",
        " 王大山Ｓａｎｍｅｉ ",
    )

    plan = services.apply_import(data, "x.xlsx")

    assert plan.has_changes is False
    assert Nominee.objects.filter(name__startswith="王大山").count() == 1


@pytest.mark.django_db
def test_alias_finds_nominee(edition_2022):
    Nominee.objects.filter(name="成都发布").update(aliases=["成都发布微博"])
    data = edit(
        workbook.export_workbook(edition_2022),
        "2022年优秀政务新媒体",
        2,
        "获奖对象",
        "成都发布微博",
    )

    plan = services.plan_import(data, "x.xlsx")

    assert plan.ok
    assert plan.has_changes is False


@pytest.mark.django_db
def test_duplicate_position_in_a_sheet_is_an_error_not_last_wins(edition_2022):
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition_2022)))
    book["2022年优秀自媒体"].append([1, "成都发布", "政务新媒体账号"])
    before = dump()

    plan = services.apply_import(save(book), "x.xlsx")

    assert plan.issue_lines() == ["工作表「2022年优秀自媒体」第8行「顺序」:顺序 1 与第2行重复。"]
    assert dump() == before


@pytest.mark.django_db
def test_same_nominee_twice_in_a_list_is_an_error(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), "2022年优秀自媒体", 3, "获奖对象", "李伯清")

    plan = services.plan_import(data, "x.xlsx")

    assert plan.issue_lines() == [
        "工作表「2022年优秀自媒体」第3行「获奖对象」:"
        "『李伯清』在2022年「2022年优秀自媒体」中与第2行重复:同一获奖对象在一个榜单中只能获奖一次。"
    ]


@pytest.mark.django_db
def test_swapping_two_nominees_updates_both_rows(edition_2022):
    data = edit(
        workbook.export_workbook(edition_2022),
        "2022年优秀自媒体",
        2,
        "获奖对象",
        "温江人不知道的温江事",
    )
    data = edit(data, "2022年优秀自媒体", 3, "获奖对象", "李伯清")

    plan = services.apply_import(data, "x.xlsx")

    listed = Award.objects.filter(award_list__slug="self-media").order_by("position")
    assert plan.counts["update"] == 2
    assert [a.nominee.name for a in listed][:2] == ["温江人不知道的温江事", "李伯清"]


@pytest.mark.django_db
def test_any_error_writes_nothing_even_when_other_rows_are_valid(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), "2022年优秀自媒体", 2, "等级", "一等奖")
    data = edit(data, "2022年优秀自媒体", 5, "名次", "第一")
    before = dump()

    plan = services.apply_import(data, "x.xlsx")

    assert plan.issue_lines() == [
        "工作表「2022年优秀自媒体」第5行「名次」:应为整数,实际是『第一』。"
    ]
    assert dump() == before


@pytest.mark.django_db
def test_withdrawn_without_reason_is_reported_on_its_column(edition_2022):
    data = edit(
        workbook.export_workbook(edition_2022),
        "2022年优秀自媒体",
        2,
        "撤销时间",
        "2023-01-05 10:00",
    )

    plan = services.plan_import(data, "x.xlsx")

    assert plan.issue_lines() == [
        "工作表「2022年优秀自媒体」第2行「撤销原因」:撤销奖项时必须填写原因。"
    ]


@pytest.mark.django_db
def test_case_titles_with_full_width_punctuation_and_quotes_round_trip_exactly(db):
    titles = [
        "“我家门前——殷殷嘱托,民心答卷”主题报道",
        "「防疫泡泡」:经验‘全国’推广!",
        'He said "hi", then left',
    ]
    edition = EditionFactory(year=2031, published_at=WHOLE_SECOND)
    award_list = AwardListFactory(cases=True, edition=edition)
    for position, title in enumerate(titles, start=1):
        CaseAwardFactory(award_list=award_list, position=position, case__title=title)
    data = workbook.export_workbook(award_list.edition)
    expected = awards_state()
    wipe()

    services.apply_import(data, "x.xlsx")

    assert awards_state() == expected
    assert sorted(Case.objects.values_list("title", flat=True)) == sorted(titles)


@pytest.mark.django_db
def test_formula_like_names_are_neutralised_on_export_and_restored_on_import(db):
    names = ["=1+1", "+86 138", "-负号", "@成都发布", "@@双at"]
    edition = EditionFactory(year=2032, published_at=WHOLE_SECOND)
    award_list = AwardListFactory(edition=edition, name="=SUM(A1)")
    for position, name in enumerate(names, start=1):
        AwardFactory(award_list=award_list, position=position, nominee__name=name, level="\t甲")
    data = workbook.export_workbook(award_list.edition)
    raw = sheets(data)
    expected = awards_state()
    wipe()

    services.apply_import(data, "x.xlsx")

    assert [row[1] for row in raw["=SUM(A1)"][1:]] == [
        "'=1+1",
        "'+86 138",
        "'-负号",
        "'@成都发布",
        "'@@双at",
    ]
    assert {row[5] for row in raw["=SUM(A1)"][1:]} == {"'\t甲"}
    assert awards_state() == expected


@pytest.mark.django_db
def test_long_and_forbidden_list_names_get_legal_unique_sheet_names_and_round_trip(db):
    edition = EditionFactory(year=2033, published_at=WHOLE_SECOND)
    long_name = "2033年成都市优秀政务新媒体账号评选结果:区(市)县政务新媒体账号榜单/第一批"
    first = AwardListFactory(edition=edition, name=long_name, slug="a")
    second = AwardListFactory(edition=edition, name=long_name + "?", slug="b")
    AwardFactory(award_list=first, position=1)
    AwardFactory(award_list=second, position=1)
    data = workbook.export_workbook(edition)
    expected = awards_state()
    wipe()

    services.apply_import(data, "x.xlsx")

    titles = list(sheets(data))[3:]
    assert all(len(title) <= 31 and not set(title) & set("[]:*?/\\") for title in titles)
    assert len(set(titles)) == 2
    assert awards_state() == expected


@pytest.mark.django_db
def test_generated_edition_with_2000_awards_round_trips_without_change(db):
    edition = EditionFactory(year=2034)
    lists = [AwardListFactory(edition=edition, slug=f"l{i}") for i in range(4)]
    nominees = Nominee.objects.bulk_create(
        Nominee(name=f"账号{i:04d}", slug=f"n{i}", kind="account") for i in range(500)
    )
    Award.objects.bulk_create(
        Award(
            award_list=award_list,
            position=p + 1,
            nominee=nominees[p],
            announced_name=nominees[p].name,
        )
        for award_list in lists
        for p in range(500)
    )
    data = workbook.export_workbook(edition)
    before = dump()

    plan = services.apply_import(data, "x.xlsx")

    assert plan.counts == {"create": 0, "update": 0, "unchanged": 2005, "skip": 0}
    assert dump() == before


@pytest.mark.django_db
def test_planning_runs_the_same_number_of_queries_for_1_and_100_awards(
    db, django_assert_num_queries
):
    def make(year, count):
        award_list = AwardListFactory(edition=EditionFactory(year=year))
        for position in range(1, count + 1):
            AwardFactory(award_list=award_list, position=position)
        return workbook.export_workbook(award_list.edition)

    small, large = make(2040, 1), make(2041, 100)

    with django_assert_num_queries(6):
        services.plan_import(small, "x.xlsx")
    with django_assert_num_queries(6):
        services.plan_import(large, "x.xlsx")


@pytest.mark.django_db
def test_import_writes_history_rows_with_user_and_reason(edition_2022):
    user = User.objects.create_user("organizer")
    data = edit(workbook.export_workbook(edition_2022), "2022年优秀自媒体", 2, "等级", "一等奖")

    services.apply_import(data, "x.xlsx", user=user)

    record = Award.history.filter(level="一等奖").get()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "~",
        user,
        "表格导入",
    )


@pytest.mark.django_db(transaction=True)
def test_committed_import_bumps_the_data_version(edition_2022):
    from awards.models import DataVersion

    before = DataVersion.objects.get(pk=1).version
    data = edit(workbook.export_workbook(edition_2022), "2022年优秀自媒体", 2, "等级", "一等奖")

    services.apply_import(data, "x.xlsx")

    assert DataVersion.objects.get(pk=1).version > before


@pytest.mark.django_db
def test_confirm_refuses_when_data_changed_since_preview(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), "2022年优秀自媒体", 2, "等级", "一等奖")
    preview = services.plan_import(data, "x.xlsx", remember=True)
    Award.objects.filter(award_list__slug="self-media", position=2).update(level="二等奖")
    caching.bump()  # what every writer does on commit
    before = dump()

    with pytest.raises(services.PlanChanged):
        services.apply_import(data, "x.xlsx", expected_fingerprint=preview.fingerprint)

    assert dump() == before


@pytest.mark.django_db
def test_confirm_applies_the_previewed_plan_when_nothing_changed(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), "2022年优秀自媒体", 2, "等级", "一等奖")
    preview = services.plan_import(data, "x.xlsx", remember=True)

    applied = services.apply_import(data, "x.xlsx", expected_fingerprint=preview.fingerprint)

    assert applied.fingerprint == preview.fingerprint
    assert Award.objects.get(award_list__slug="self-media", position=1).level == "一等奖"


@pytest.mark.django_db
def test_new_edition_with_new_list_and_case_is_created_from_template(db):
    book = load_workbook(io.BytesIO(workbook.template_workbook()))
    # 年份, 名称 and 举办日期 (row 4 is 名称(英文), left empty).
    for row, value in zip(
        (2, 3, 5), [2035, "2035成都市政务新媒体峰会", datetime.date(2035, 12, 1)], strict=True
    ):
        book["届次"].cell(row=row, column=2, value=value)
    book["榜单"].append(
        ["案例名单(改成榜单名称)", "2035年十佳案例", None, None, None, "案例名单", 10, None]
    )
    book["案例名单(改成榜单名称)"].append(
        [1, "市体育局", None, "单位", "运动让生活更美好", None, "简介", None, None, None, None]
    )

    plan = services.apply_import(save(book), "template.xlsx")

    award = Award.objects.select_related("award_list", "case").get()
    assert plan.counts == {"create": 3, "update": 0, "unchanged": 0, "skip": 0}
    assert (award.award_list.slug, award.case.title, award.case.summary) == (
        "2035-nian-shijia-anli",
        "运动让生活更美好",
        "简介",
    )
    assert Edition.objects.get().published_at is None


@pytest.mark.django_db
def test_template_has_sheets_headers_instructions_and_kind_dropdowns(db):
    data = workbook.template_workbook()

    book = load_workbook(io.BytesIO(data))

    assert book.sheetnames == [
        "填写说明",
        "届次",
        "榜单",
        "获奖名单(改成榜单名称)",
        "案例名单(改成榜单名称)",
    ]
    assert [c.value for c in book["榜单"][1]] == [label for _, label in layout.LIST_COLUMNS]
    assert [c.value for c in book["案例名单(改成榜单名称)"][1]] == [
        label for _, label in layout.AWARD_COLUMNS
    ]
    assert [row[0] for row in book["届次"].iter_rows(min_row=2, values_only=True)] == [
        label for _, label in layout.EDITION_FIELDS
    ]
    assert book["填写说明"]["A1"].value.startswith("本工作簿用于导入一届峰会的全部榜单")
    assert [(v.formula1, str(v.sqref)) for v in book["榜单"].data_validations.dataValidation] == [
        ('"获奖名单,案例名单"', "F2:F1048576")
    ]
    assert [v.formula1 for v in book["获奖名单(改成榜单名称)"].data_validations.dataValidation] == [
        '"政务新媒体账号,媒体,自媒体,单位"'
    ]


@pytest.mark.django_db
def test_sheet_missing_from_lists_sheet_is_an_error(edition_2022):
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition_2022)))
    book.create_sheet("新榜单").append(["顺序", "获奖对象"])
    book["新榜单"].append([1, "成都发布"])

    plan = services.plan_import(save(book), "x.xlsx")

    assert plan.issue_lines() == [
        "工作表「新榜单」:这张表没有登记在「榜单」表中,无法知道它属于哪个榜单。请在「榜单」表中加一行。"
    ]


@pytest.mark.django_db
def test_published_at_round_trips_in_beijing_time(db):
    moment = timezone.make_aware(datetime.datetime(2036, 1, 2, 9, 30, 15, 123456))
    edition = EditionFactory(year=2036, published_at=moment)

    data = workbook.export_workbook(edition)
    plan = services.plan_import(data, "x.xlsx")

    assert sheets(data)["届次"][21] == ["发布时间", datetime.datetime(2036, 1, 2, 9, 30, 15)]
    assert plan.has_changes is False


@pytest.mark.django_db
def test_one_list_csv_export_has_bom_and_imports_back_without_change(edition_2022):
    data = workbook.export_csv(edition_2022)

    plan = services.plan_import(data, "2022.csv")

    assert data.startswith("\ufeff年份,榜单,顺序,获奖对象".encode())
    assert plan.counts == {"create": 0, "update": 0, "unchanged": 48, "skip": 0}


@pytest.mark.django_db
def test_new_nominee_slug_avoids_existing_slugs(db):
    NomineeFactory(name="旧名", slug="xin-de-zimeiti")
    award_list = AwardListFactory(edition=EditionFactory(year=2037), slug="x")
    book = Workbook()
    book.active.append(["年份", "榜单", "顺序", "获奖对象", "对象类型"])
    book.active.append([2037, award_list.name, 1, "新的自媒体", "自媒体"])

    services.apply_import(save(book), "one.xlsx")

    assert Nominee.objects.get(name="新的自媒体").slug == "xin-de-zimeiti-2"


# --- English columns ---------------------------------------------------------------


def _fill_english(data: bytes, sheet: str, names: dict) -> bytes:
    """Type English names into a list's sheet: {Chinese name: English name}."""
    book = load_workbook(io.BytesIO(data))
    header = [cell.value for cell in book[sheet][1]]
    name_column, english_column = header.index("获奖对象"), header.index("获奖对象(英文)")
    for row in book[sheet].iter_rows(min_row=2):
        if row[name_column].value in names:
            row[english_column].value = names[row[name_column].value]
    return save(book)


@pytest.mark.django_db
def test_export_2022_carries_english_columns_and_reimports_unchanged(edition_2022):
    data = workbook.export_workbook(edition_2022)
    before = dump()

    plan = services.apply_import(data, "2022.xlsx")

    found = sheets(data)
    assert found["届次"][3] == ["名称(英文)", "2022 Chengdu Government New Media Summit"]
    assert found["榜单"][0][:3] == ["工作表", "榜单名称", "榜单名称(英文)"]
    assert found["2022年优秀新媒体"][0][:4] == ["顺序", "获奖对象", "获奖对象(英文)", "对象类型"]
    assert plan.has_changes is False
    assert dump() == before


@pytest.mark.django_db
def test_english_names_filled_in_the_workbook_show_under_en(edition_2022, client):
    names = {"锦观新闻": "Jinguan News", "红星新闻": "Red Star News"}
    data = _fill_english(workbook.export_workbook(edition_2022), "2022年优秀新媒体", names)

    plan = services.apply_import(data, "2022.xlsx")
    page = client.get("/en/2022/new-media/").content.decode()

    assert plan.counts == {"create": 0, "update": 2, "unchanged": 52, "skip": 0}
    assert [o.changes for o in plan.outcomes if o.action == "update"] == [
        ["获奖对象(英文):(空) → Jinguan News"],
        ["获奖对象(英文):(空) → Red Star News"],
    ]
    assert texts(page, "a", "award__nominee")[:3] == [
        "Jinguan News",
        "Red Star News",
        "每日经济新闻 (Meiri Jingji Xinwen)",
    ]
    assert Nominee.objects.search("red star").get().name == "红星新闻"


@pytest.mark.django_db
def test_one_nominee_with_two_english_names_is_refused(edition_2022):
    data = workbook.export_workbook(edition_2022)
    data = _fill_english(data, "2022年优秀政务新媒体", {"成都发布": "Chengdu Release"})
    data = _fill_english(data, "2022年新媒体十佳案例", {"成都发布": "Chengdu Releases"})

    plan = services.plan_import(data, "2022.xlsx")

    assert plan.issue_lines() == [
        "工作表「2022年新媒体十佳案例」第2行「获奖对象(英文)」:"
        "『成都发布』的英文名称与第2行不一致。"
    ]


@pytest.mark.django_db
def test_english_name_of_another_nominee_is_refused(edition_2022):
    NomineeFactory(name="成都地铁集团", name_en="Chengdu Metro")  # not in the 2022 file
    data = workbook.export_workbook(edition_2022)
    data = _fill_english(data, "2022年优秀新媒体", {"锦观新闻": "Chengdu Metro"})
    data = _fill_english(data, "2022年优秀政务新媒体", {"成都地铁": "Chengdu Metro"})

    plan = services.apply_import(data, "2022.xlsx")

    assert plan.issue_lines() == [
        "工作表「2022年优秀政务新媒体」第3行「获奖对象(英文)」:"
        "英文名称『Chengdu Metro』已属于『成都地铁集团』。",
        "工作表「2022年优秀新媒体」第2行「获奖对象(英文)」:"
        "英文名称『Chengdu Metro』与「2022年优秀政务新媒体」第3行的『成都地铁』重复。",
    ]
    assert Nominee.objects.get(name="锦观新闻").name_en is None


@pytest.mark.django_db
def test_clearing_an_english_list_name_in_the_workbook_removes_it(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), "榜单", 3, "榜单名称(英文)", None)

    services.apply_import(data, "2022.xlsx")

    assert AwardList.objects.get(slug="new-media").name_en is None


@pytest.mark.django_db
def test_case_title_typed_with_title_marks_matches_the_stored_case(edition_2022):
    typed = "《“我家门前——殷殷嘱托,民心答卷”主题报道》"
    data = edit(
        workbook.export_workbook(edition_2022), "2022年新媒体十佳案例", 2, "案例标题", typed
    )
    before = dump()

    plan = services.apply_import(data, "x.xlsx")

    assert (plan.ok, plan.has_changes, dump() == before) == (True, False, True)


@pytest.mark.django_db
def test_new_case_title_typed_with_title_marks_is_stored_without_them(edition_2022):
    typed = "《“我家门前——殷殷嘱托,民心答卷”主题报道》"
    data = edit(
        workbook.export_workbook(edition_2022), "2022年新媒体十佳案例", 2, "案例标题", typed
    )
    wipe()

    plan = services.apply_import(data, "x.xlsx")

    titles = set(Case.objects.values_list("title", flat=True))
    assert (plan.ok, "“我家门前——殷殷嘱托,民心答卷”主题报道" in titles, typed in titles) == (
        True,
        True,
        False,
    )
