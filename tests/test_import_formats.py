"""Workbooks saved by LibreOffice (.ods, .xls, .xlsx) import directly; oversized grids do not."""

import io

import pytest
from openpyxl import Workbook

from awards.importing import services, workbook
from awards.importing.errors import SpreadsheetError
from awards.importing.reading import read_tables
from awards.models import Edition
from tests.data.make_corpus import libreoffice_convert

needs_soffice = pytest.mark.system_packages("libreoffice-calc-nogui")


@needs_soffice
@pytest.mark.parametrize("fmt", ["ods", "xls"])
@pytest.mark.django_db
def test_whole_edition_saved_by_libreoffice_imports_without_change(edition_2022, tmp_path, fmt):
    exported = tmp_path / "summit-2022.xlsx"
    exported.write_bytes(workbook.export_workbook(Edition.objects.get(year=2022)))
    converted = libreoffice_convert(exported, tmp_path / f"summit-2022.{fmt}", fmt)

    plan = services.plan_import(converted.read_bytes(), converted.name)

    assert plan.issue_lines() == []
    assert plan.counts["create"] == 0
    assert plan.counts["update"] == 0
    assert plan.counts["unchanged"] == len(plan.outcomes)


@needs_soffice
def test_ods_sheet_keeps_numbers_dates_and_text_as_typed(tmp_path):
    source = tmp_path / "cells.csv"
    source.write_text("顺序,获奖对象,撤销时间\n1,成都发布,2022-12-16 13:40:00\n", encoding="utf-8")
    converted = libreoffice_convert(source, tmp_path / "cells.ods", "ods", "CSV:44,34,76,1")

    (table,) = read_tables(converted.read_bytes(), "cells.ods")

    (number, (position, name, moment)) = table.rows[0]
    assert table.header == ["顺序", "获奖对象", "撤销时间"]
    assert (number, position, name, str(moment)) == (2, 1, "成都发布", "2022-12-16 13:40:00")


def test_cell_far_outside_the_data_is_refused_before_parsing():
    book = Workbook()
    book.active.append(["顺序", "获奖对象"])
    book.active["XFD1048576"] = "x"
    buffer = io.BytesIO()
    book.save(buffer)

    with pytest.raises(SpreadsheetError) as caught:
        read_tables(buffer.getvalue(), "far.xlsx")

    assert str(caught.value) == (
        "工作表的范围过大(1048576 行 × 16384 列),已拒绝。请删除多余的行列后另存再导入。"
    )


def test_binary_file_of_another_kind_gets_a_clear_message():
    with pytest.raises(SpreadsheetError) as caught:
        read_tables(b"%PDF-1.4\n\x00\x01binary", "results.pdf")

    assert (
        str(caught.value) == "不支持这种文件格式。请上传 .xlsx、.xls、.ods 工作簿或 .csv 文本文件。"
    )
