"""The import preview shows everything the import will write: new rows in full, old → new."""

import io

import pytest
from openpyxl import load_workbook

from awards.importing import services, workbook
from tests.data.make_corpus import libreoffice_convert
from tests.test_import_workbook import edit, save, wipe

pytestmark = pytest.mark.django_db

CASES = "2022年新媒体十佳案例"
OLD_TITLE = "“我家门前——殷殷嘱托,民心答卷”主题报道"


def outcome_of(plan, sheet, row):
    (found,) = [o for o in plan.outcomes if (o.sheet, o.row) == (sheet, row)]
    return found


def test_new_case_row_shows_title_summary_rank_and_level(edition_2022):
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition_2022)))
    book[CASES].append([6, "成都发布", None, None, "新案例", None, "简介", 1, "一等奖"])
    row = book[CASES].max_row

    plan = services.plan_import(save(book), "x.xlsx")

    found = outcome_of(plan, CASES, row)
    assert (found.action, found.label) == ("create", "第6位 成都发布")
    assert found.changes == ["案例标题:新案例", "案例简介:简介", "名次:1", "等级:一等奖"]


def test_replacing_a_case_shows_the_true_old_title(edition_2022):
    data = edit(workbook.export_workbook(edition_2022), CASES, 2, "案例标题", "另一个案例")

    plan = services.plan_import(data, "x.xlsx")

    assert outcome_of(plan, CASES, 2).changes == [f"案例标题:{OLD_TITLE} → 另一个案例"]


def test_new_edition_and_lists_show_every_field_they_write(edition_2022):
    data = workbook.export_workbook(edition_2022)
    wipe()

    plan = services.plan_import(data, "x.xlsx")

    edition, first_list = plan.outcomes[0], plan.outcomes[1]
    assert edition.changes[:4] == [
        "年份:2022",
        "名称:" + edition.label,
        "名称(英文):2022 Chengdu Government New Media Summit",
        "举办日期:2022-12-15",
    ]
    assert first_list.changes == [
        "网址标识:gov-new-media",
        "类型:获奖名单",
        "顺序:1",
        "公布数量:20",
        "榜单名称(英文):2022 Outstanding Government New Media",
    ]


@pytest.mark.system_packages("libreoffice-calc-nogui")
def test_value_computed_by_a_formula_is_shown_and_written(edition_2022, tmp_path):
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition_2022)))
    book[CASES].append([6, "成都发布", None, None, "新案例", None, None, "=1+2", '="一等"&"奖"'])
    source = tmp_path / "formulas.xlsx"
    source.write_bytes(save(book))
    # LibreOffice calculates the formulas and saves their results, as Excel and WPS do.
    (tmp_path / "saved").mkdir()
    saved = libreoffice_convert(source, tmp_path / "saved" / "formulas.xlsx", "xlsx")

    plan = services.plan_import(saved.read_bytes(), "formulas.xlsx")

    found = outcome_of(plan, CASES, 7)
    assert found.changes == ["案例标题:新案例", "名次:3", "等级:一等奖"]
