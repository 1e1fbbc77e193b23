"""manage.py import_awards / export_awards: same checks as the admin, exit codes, progress."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from awards.importing import workbook
from awards.models import Award


class Terminal(io.StringIO):
    def isatty(self):
        return True


def self_media_level() -> str:
    return Award.objects.get(award_list__slug="self-media", position=1).level


@pytest.fixture
def changed_file(edition_2022, tmp_path):
    book = load_workbook(io.BytesIO(workbook.export_workbook(edition_2022)))
    book["2022年优秀自媒体"]["F2"] = "一等奖"  # 等级
    path = tmp_path / "2022.xlsx"
    book.save(path)
    return path


@pytest.mark.django_db
def test_dry_run_reports_changes_and_writes_nothing(changed_file):
    out = io.StringIO()

    call_command("import_awards", str(changed_file), "--dry-run", stdout=out, stderr=io.StringIO())

    assert out.getvalue() == "预览(未写入):新增 0 行,修改 1 行,不变 53 行,跳过 0 行。\n"
    assert self_media_level() == ""


@pytest.mark.django_db
def test_import_applies_and_second_run_says_nothing_changed(changed_file):
    first, second = io.StringIO(), io.StringIO()

    call_command(
        "import_awards",
        str(changed_file),
        "--reason",
        "等级更正",
        stdout=first,
        stderr=io.StringIO(),
    )
    call_command("import_awards", str(changed_file), stdout=second, stderr=io.StringIO())

    assert self_media_level() == "一等奖"
    assert second.getvalue() == (
        "导入完成:文件与数据库一致,没有需要更改的内容(54 行不变,0 行跳过)。\n"
    )


@pytest.mark.django_db
def test_bad_input_exits_non_zero_with_readable_error_list(edition_2022, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "年份,榜单,顺序,获奖对象\n2022,2022年优秀自媒体,1,李伯青\n2022,2022年优秀自媒体,x,李伯清\n"
    )
    err = io.StringIO()

    with pytest.raises(CommandError) as caught:
        call_command("import_awards", str(path), stdout=io.StringIO(), stderr=err)

    assert caught.value.returncode == 1
    assert str(caught.value) == "发现 2 个问题,没有导入任何数据。"
    assert err.getvalue().splitlines() == [
        "第2行「获奖对象」:找不到『李伯青』,你是不是要找『李伯清』?如果是新的获奖对象,请在「对象类型」中选择类型。",
        "第3行「顺序」:应为整数,实际是『x』。",
    ]


@pytest.mark.django_db
def test_unreadable_file_exits_with_its_message(tmp_path, db):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_awards", str(path), stdout=io.StringIO(), stderr=err)

    assert err.getvalue() == "文件是空的。\n"


@pytest.mark.django_db
def test_progress_bar_only_on_a_terminal(changed_file):
    quiet, terminal = io.StringIO(), Terminal()

    call_command(
        "import_awards", str(changed_file), "--dry-run", stdout=io.StringIO(), stderr=quiet
    )
    call_command(
        "import_awards", str(changed_file), "--dry-run", stdout=io.StringIO(), stderr=terminal
    )

    assert quiet.getvalue() == ""
    assert "48/48" in terminal.getvalue()


@pytest.mark.django_db
def test_export_writes_xlsx_csv_and_json(edition_2022, tmp_path):
    for kind in ("xlsx", "csv", "json"):
        call_command(
            "export_awards", "2022", "-o", str(tmp_path / f"e.{kind}"), stderr=io.StringIO()
        )

    assert load_workbook(tmp_path / "e.xlsx").sheetnames[1:3] == ["届次", "榜单"]
    assert (tmp_path / "e.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert len(json.loads((tmp_path / "e.json").read_text())["lists"]) == 5


@pytest.mark.django_db
def test_export_format_option_overrides_extension(edition_2022, tmp_path):
    call_command(
        "export_awards",
        "2022",
        "-o",
        str(tmp_path / "out.dat"),
        "--format",
        "csv",
        stderr=io.StringIO(),
    )

    assert (tmp_path / "out.dat").read_bytes().startswith("\ufeff年份".encode())


@pytest.mark.django_db
def test_export_of_missing_year_lists_existing_years(edition_2022):
    with pytest.raises(CommandError) as caught:
        call_command("export_awards", "2019")

    assert str(caught.value) == "没有 2019 年的届次。现有:2022"


@pytest.mark.django_db
def test_exported_file_imports_back_without_change_on_the_cli(edition_2022, tmp_path):
    path = tmp_path / "2022.xlsx"
    call_command("export_awards", "2022", "-o", str(path), stderr=io.StringIO())
    out = io.StringIO()

    call_command("import_awards", str(path), stdout=out, stderr=io.StringIO())

    assert out.getvalue() == "导入完成:文件与数据库一致,没有需要更改的内容(54 行不变,0 行跳过)。\n"
