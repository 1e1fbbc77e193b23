"""Import checks and words: year/date mismatch, duplicates named, sensible column hints."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from awards.importing import services, workbook
from tests.test_import_admin import client_for, upload
from tests.test_import_workbook import edit, save, wipe

pytestmark = pytest.mark.django_db

SELF_MEDIA = "2022年优秀自媒体"
CASES = "2022年新媒体十佳案例"


def edition_2017_held_in_2016(edition_2022) -> bytes:
    data = edit(workbook.export_workbook(edition_2022), "届次", 2, "内容", 2017)
    data = edit(data, "届次", 5, "内容", datetime.date(2016, 12, 18))
    wipe()
    return data


def test_year_and_date_in_different_years_is_a_warning_not_an_error(edition_2022):
    data = edition_2017_held_in_2016(edition_2022)

    plan = services.plan_import(data, "x.xlsx")

    assert plan.ok
    assert plan.notes == [
        "工作表「届次」第5行:「年份」是 2017,「举办日期」却是 2016-12-18,不在同一年。"
        "请确认没有填错;如果峰会确实跨年举办,可以忽略这条提醒。"
    ]


def test_preview_page_shows_the_year_warning(edition_2022, make_organizer):
    data = edition_2017_held_in_2016(edition_2022)
    client = client_for(make_organizer())

    preview = client.get(upload(client, data)["Location"])

    assert "「年份」是 2017,「举办日期」却是 2016-12-18" in preview.content.decode()


def test_matching_year_and_date_give_no_warning(edition_2022):
    plan = services.plan_import(workbook.export_workbook(edition_2022), "x.xlsx")

    assert plan.notes == []


def test_nominee_already_in_the_list_at_a_position_not_in_the_file_is_named(edition_2022):
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition_2022)))
    sheet = book[SELF_MEDIA]
    sheet.delete_rows(3)  # 第2位 stays in the database, missing from the file
    sheet["B2"] = "温江人不知道的温江事"

    plan = services.plan_import(save(book), "x.xlsx")

    assert plan.issue_lines() == [
        "工作表「2022年优秀自媒体」第2行「获奖对象」:『温江人不知道的温江事』已在2022年「2022年优秀自媒体」"
        "第2位获奖(文件中没有这一位):同一获奖对象在一个榜单中只能获奖一次。"
    ]


def test_same_case_twice_in_a_list_names_the_case_and_the_list(edition_2022):
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition_2022)))
    first = [cell.value for cell in book[CASES][2]]
    book[CASES].append([6, *first[1:]])

    plan = services.plan_import(save(book), "x.xlsx")

    assert plan.issue_lines()[-1] == (
        f"工作表「2022年新媒体十佳案例」第7行「案例标题」:案例『{first[4]}』在2022年「2022年新媒体十佳案例」"
        "中与第2行重复:同一案例在一个榜单中只能出现一次。"
    )


@pytest.mark.parametrize(
    ("sheet", "column", "expected"),
    [
        (SELF_MEDIA, "获奖对象", "无法识别的列「名称」。你是不是要找「获奖对象」?"),
        ("榜单", "榜单名称", "无法识别的列「名称」。你是不是要找「榜单名称」?"),
    ],
)
def test_column_renamed_to_name_suggests_what_it_means(edition_2022, sheet, column, expected):
    data = edit(workbook.export_workbook(edition_2022), sheet, 1, column, "名称")

    plan = services.plan_import(data, "x.xlsx")

    assert plan.issue_lines()[0] == f"工作表「{sheet}」第1行:{expected}"


def test_unknown_header_without_a_likely_meaning_gets_no_hint(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), SELF_MEDIA, 1, "等级", "备注")

    plan = services.plan_import(data, "x.xlsx")

    assert plan.issue_lines() == ["工作表「2022年优秀自媒体」第1行:无法识别的列「备注」。"]


def test_changing_the_kind_of_a_list_with_awards_names_list_and_edition(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), "榜单", 5, "类型", "获奖名单")

    plan = services.plan_import(data, "x.xlsx")

    assert plan.issue_lines()[0] == (
        "工作表「榜单」第5行「类型」:2022年「2022年新媒体十佳案例」已有奖项,不能改类型。"
    )
