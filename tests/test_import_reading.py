"""The guarded reader: encodings, limits and cell conversions."""

import datetime
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import Workbook

from awards.importing import layout
from awards.importing.errors import SpreadsheetError
from awards.importing.reading import decode_text, read_tables


def xlsx(rows) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "data",
    ["成都发布,“案例”".encode(), "\ufeff成都发布,“案例”".encode(), "成都发布,“案例”".encode("gbk")],
    ids=["utf8", "utf8-bom", "gbk"],
)
def test_csv_text_is_decoded_from_utf8_bom_or_gbk(data):
    assert decode_text(data) == "成都发布,“案例”"


def test_gb18030_only_characters_are_decoded():
    text = "𠀀成都"

    assert decode_text(text.encode("gb18030")) == text


def test_upload_over_the_limit_is_refused_before_parsing(settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024

    with pytest.raises(SpreadsheetError) as caught:
        read_tables(b"PK\x03\x04" + b"\0" * 2000, "big.xlsx")

    assert str(caught.value) == "文件太大(2.0\xa0KB),上限是 1.0\xa0KB。请拆分后分批导入。"


def test_too_many_rows_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 3

    with pytest.raises(SpreadsheetError) as caught:
        read_tables(b"a\n1\n2\n3\n4\n", "x.csv")

    assert str(caught.value) == "数据超过 3 行,请拆分后分批导入。"


def test_blank_rows_between_and_after_data_are_ignored():
    data = xlsx([["顺序"], [1], [None], ["\u3000"], [2], [None], [None]])

    (table,) = read_tables(data, "x.xlsx")

    assert table.rows == [(2, [1]), (5, [2])]


def test_file_named_xlsx_that_is_text_is_refused():
    with pytest.raises(SpreadsheetError) as caught:
        read_tables(b"a,b\n1,2\n", "list.xlsx")

    assert (
        str(caught.value)
        == "文件扩展名是 Excel 工作簿,但内容不是。请用 Excel 或 WPS 重新另存为 .xlsx。"
    )


def test_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")

    with pytest.raises(SpreadsheetError) as caught:
        read_tables(buffer.getvalue(), "x.xlsx")

    assert (
        str(caught.value) == "这个压缩文件不是电子表格(可能是 Word 文档或其他压缩包)。"
        "请上传 .xlsx、.xls、.ods 或 .csv 文件。"
    )


def test_text_is_trimmed_of_ideographic_spaces_and_keeps_punctuation():
    assert layout.as_text("\u3000“成都发布”:第一! ") == "“成都发布”:第一!"


def test_text_over_length_is_an_error():
    with pytest.raises(layout.CellError) as caught:
        layout.as_text("长" * 6, max_length=5)

    assert str(caught.value) == "太长了:最多 5 个字,实际 6 个字。"


@pytest.mark.parametrize(("value", "expected"), [("１２", 12), (3.0, 3), (" 7 ", 7), (None, None)])
def test_integers_accept_full_width_digits_and_whole_floats(value, expected):
    assert layout.as_int(value) == expected


@pytest.mark.parametrize(
    "value", ["2022-12-15", "2022/12/15", "2022年12月15日", datetime.date(2022, 12, 15)]
)
def test_dates_accept_common_spellings(value):
    assert layout.as_date(value) == datetime.date(2022, 12, 15)


def test_naive_datetime_is_read_as_beijing_time():
    moment = layout.as_datetime("2022-12-16 13:40")

    assert moment == timezone.make_aware(datetime.datetime(2022, 12, 16, 5, 40), datetime.UTC)


def test_kind_accepts_label_or_code_and_lists_choices_otherwise():
    with pytest.raises(layout.CellError) as caught:
        layout.as_choice("公众号", layout.NOMINEE_KINDS)

    assert layout.as_choice(" 自媒体 ", layout.NOMINEE_KINDS) == "self_media"
    assert layout.as_choice("media", layout.NOMINEE_KINDS) == "media"
    assert (
        str(caught.value) == "『公众号』不是可选的类型,请填写:政务新媒体账号、媒体、自媒体、单位。"
    )


def test_sheet_names_are_legal_unique_and_avoid_reserved_names():
    taken = {layout.match_key(name) for name in layout.RESERVED_SHEETS}

    names = [layout.safe_sheet_name(n, taken) for n in ["榜单", "a/b:c?", "x" * 40, "x" * 40]]

    assert names == ["榜单~2", "a\uff0fb\uff1ac\uff1f", "x" * 31, "x" * 29 + "~2"]
