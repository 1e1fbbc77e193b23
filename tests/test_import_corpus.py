"""Every file of the generated bad-input corpus: its own message, and the database untouched."""

import io
import zipfile

import openpyxl
import pytest
from defusedxml.common import EntitiesForbidden
from django.core.management import call_command

from awards.importing import services
from awards.importing.errors import SpreadsheetError
from awards.importing.reading import read_tables
from awards.models import Award, Nominee
from tests.data.make_corpus import LEVELS, SELF_MEDIA, make_corpus
from tests.system_packages import require


@pytest.fixture(scope="session")
def corpus(tmp_path_factory):
    return make_corpus(tmp_path_factory.mktemp("corpus"))


def dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


FILE_ERRORS = {
    "empty.csv": "文件是空的。",
    "empty.xlsx": "文件是空的。",
    "blank_sheet.xlsx": "文件是空的。",
    "header_only.csv": "文件只有表头,没有数据。",
    "header_only.xlsx": "文件只有表头,没有数据。",
    "zip_bomb.xlsx": "文件解压后过大(疑似“压缩炸弹”),已拒绝。请检查文件来源,或另存后重新导入。",
    "xml_bomb.xlsx": "文件含有不安全的 XML 实体定义(疑似“XML 炸弹”),已拒绝。"
    "请用 Excel 或 WPS 另存后再导入。",
    "encrypted.xlsx": "文件设置了打开密码,无法读取。"
    "请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再导入。",
    # A real .xls imports (see test_import_formats.py); this one is a broken container.
    "renamed.xls.xlsx": "无法读取这个工作簿(没有工作表)。"
    "请用 Excel、WPS 或 LibreOffice 打开后另存为 .xlsx,再导入。",
}

ROW_ERRORS = {
    "unknown_nominee.csv": [
        "第7行「获奖对象」:找不到『看透 成都吧』,你是不是要找『看透成都』?"
        "如果是新的获奖对象,请在「对象类型」中选择类型。"
    ],
    "duplicate_key.csv": ["第8行「顺序」:顺序 3 与第4行重复。"],
    "wrong_types.csv": [
        "第5行「顺序」:应为整数,实际是『第四』。",
        "第5行「名次」:应为整数,实际是『一』。",
    ],
    "over_length.csv": ["第2行「获奖对象」:太长了:最多 200 个字,实际 201 个字。"],
    "missing_column.csv": ["第1行:缺少列「获奖对象」。"],
    "extra_column.csv": ["第1行:无法识别的列「获奖单位」。你是不是要找「获奖对象」?"],
    "formula_no_value.xlsx": [
        "工作表「Sheet1」第4行「名次」:这是公式,但文件里没有保存计算结果。"
        "请在 Excel 或 WPS 中打开并保存一次,或把公式改成数值。"
    ],
}

GOOD_FILES = [
    "gbk.csv",
    "utf8.csv",
    "utf8_bom.csv",
    "spaced_headers.csv",
    "million_rows.xlsx",
    "libreoffice.xlsx",
    "libreoffice.xls",
    "libreoffice.ods",
]


@pytest.mark.parametrize(("name", "message"), FILE_ERRORS.items())
@pytest.mark.django_db
def test_unreadable_corpus_file_gets_its_message_and_writes_nothing(
    edition_2022, corpus, name, message
):
    before = dump()

    with pytest.raises(SpreadsheetError) as caught:
        services.apply_import(corpus[name].read_bytes(), name)

    assert str(caught.value) == message
    assert dump() == before


@pytest.mark.parametrize(("name", "lines"), ROW_ERRORS.items())
@pytest.mark.django_db
def test_invalid_corpus_file_lists_located_errors_and_writes_nothing(
    edition_2022, corpus, name, lines
):
    before = dump()

    plan = services.apply_import(corpus[name].read_bytes(), name)

    assert plan.issue_lines() == lines
    assert dump() == before


@pytest.mark.parametrize("name", GOOD_FILES)
@pytest.mark.django_db
def test_good_corpus_file_is_decoded_and_applied_exactly(edition_2022, corpus, name):
    if name not in corpus:
        require("libreoffice-calc-nogui")

    plan = services.apply_import(corpus[name].read_bytes(), name)

    awards = Award.objects.filter(award_list__slug="self-media").order_by("position")
    assert plan.counts == {"create": 0, "update": 6, "unchanged": 0, "skip": 0}
    assert [(a.nominee.name, a.level) for a in awards] == list(zip(SELF_MEDIA, LEVELS, strict=True))


@pytest.mark.django_db
def test_formula_like_names_from_csv_are_stored_as_plain_text(edition_2022, corpus):
    services.apply_import(corpus["formula_names.csv"].read_bytes(), "formula_names.csv")

    assert sorted(
        Nominee.objects.filter(kind="self_media", awards__position__gt=6).values_list(
            "name", flat=True
        )
    ) == sorted(["=1+1", "+8613800000000", "-负号开头的账号", "@成都发布", '=HYPERLINK("x")'])


def test_openpyxl_parses_through_defusedxml(corpus):
    with pytest.raises(ValueError) as caught:
        openpyxl.load_workbook(corpus["xml_bomb.xlsx"], read_only=True)

    assert isinstance(caught.value.__cause__ or caught.value.__context__, EntitiesForbidden)


def test_zip_bomb_is_refused_from_its_declared_size_before_inflating(corpus):
    archive = zipfile.ZipFile(corpus["zip_bomb.xlsx"])
    declared = sum(info.file_size for info in archive.infolist())

    with pytest.raises(SpreadsheetError):
        read_tables(corpus["zip_bomb.xlsx"].read_bytes(), "zip_bomb.xlsx")

    assert declared > 100 * 1024 * 1024
    assert corpus["zip_bomb.xlsx"].stat().st_size < 1024 * 1024


def test_million_declared_rows_read_only_the_real_ones(corpus):
    (table,) = read_tables(corpus["million_rows.xlsx"].read_bytes(), "million_rows.xlsx")

    assert [number for number, _values in table.rows] == [2, 3, 4, 5, 6, 7]


def test_corpus_has_libreoffice_workbook_when_soffice_is_installed(corpus):
    require("libreoffice-calc-nogui")

    (table,) = read_tables(corpus["libreoffice.xlsx"].read_bytes(), "libreoffice.xlsx")

    assert table.header == ["年份", "榜单", "顺序", "获奖对象", "对象类型", "名次", "等级"]
