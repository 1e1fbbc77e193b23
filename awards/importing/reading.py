"""Stage 1, read: turn uploaded bytes into plain tables, refusing hostile or unreadable files.

Every check that can be made without parsing is made first: size, file signature, a password,
the zip directory's declared sizes, entity declarations in the XML and the area a sheet
declares. Only then does python-calamine (Rust; .xlsx, .xlsm, .xlsb, .xls, .ods) or the csv
module see the data. Workbooks written by Excel, WPS and LibreOffice import directly.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

import python_calamine
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards.importing.errors import SpreadsheetError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Excel and WPS store a password-protected workbook as an OLE2 (CFB) container with this stream.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
WORKBOOK_EXTENSIONS = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods", ".et")
# A cell with a formula (<f>) is only trustworthy if the file also stored its result (<v>).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")
_LAST_ROW = re.compile(rb'<(?:\w+:)?row[^>]*?\sr="(\d+)"')
_CELL_COLUMN = re.compile(rb'<(?:\w+:)?c\s[^>]*?r="([A-Z]+)\d+"')
_LONG_COLUMN = re.compile(rb'<(?:\w+:)?c\s[^>]*?r="[A-Z]{2}')
# calamine holds a sheet as a dense grid from its first to its last cell: one stray cell at
# XFD1048576 would ask for 17 billion. Refused from the declared rows and columns.
MAX_GRID_CELLS = 12_000_000
UNREADABLE = gettext_noop(
    "无法读取这个工作簿(%(error)s)。请用 Excel、WPS 或 LibreOffice 打开后另存为 .xlsx,再导入。"
)


@dataclass
class Table:
    """One sheet (or a CSV file): its header cells and the non-blank rows below it."""

    name: str | None
    header: list = field(default_factory=list)
    # (row number as the spreadsheet shows it, cell values)
    rows: list[tuple[int, list]] = field(default_factory=list)
    # (row number, column index) of formula cells that carry no stored result
    uncached_formulas: set = field(default_factory=set)


def limit(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def check_upload_size(size: int):
    """Refuses a file over IMPORT_MAX_UPLOAD_BYTES, from its size alone."""
    max_bytes = limit("IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    if size > max_bytes:
        raise SpreadsheetError(
            _("文件太大(%(size)s),上限是 %(limit)s。请拆分后分批导入。")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)}
        )


def read_tables(data: bytes, filename: str = "") -> list[Table]:
    """All tables in an uploaded workbook or CSV file, or SpreadsheetError with the reason."""
    check_upload_size(len(data))
    if not data.strip():
        raise SpreadsheetError(_("文件是空的。"))
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise _password_error()
        return _read_workbook(data)  # .xls (Excel 97-2003, and WPS's default in many offices)
    if data.startswith(ZIP_MAGIC):
        _check_zip(_open_zip(data))
        return _read_workbook(data)
    if (filename or "").lower().endswith(WORKBOOK_EXTENSIONS):
        raise SpreadsheetError(
            _("文件扩展名是 Excel 工作簿,但内容不是。请用 Excel 或 WPS 重新另存为 .xlsx。")
        )
    return [_read_csv(data)]


def _password_error() -> SpreadsheetError:
    return SpreadsheetError(
        _("文件设置了打开密码,无法读取。请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再导入。")
    )


# --- CSV ------------------------------------------------------------------------


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030 (a superset of GBK that Chinese Excel writes)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SpreadsheetError(
            _("无法识别文件的文字编码。请把 CSV 另存为“CSV UTF-8”或 .xlsx 后再导入。")
        ) from None


def _read_csv(data: bytes) -> Table:
    text = decode_text(data)
    if "\x00" in text:
        raise SpreadsheetError(
            _("不支持这种文件格式。请上传 .xlsx、.xls、.ods 工作簿或 .csv 文本文件。")
        )
    table = Table(name=None)
    try:
        _collect_rows(table, enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    except csv.Error as exc:
        raise SpreadsheetError(_("CSV 格式有误:%(error)s") % {"error": exc}) from None
    return table


def _collect_rows(table: Table, numbered_rows) -> None:
    """Row 1 is the header; blank rows are skipped (LibreOffice may declare a million)."""
    max_rows = limit("IMPORT_MAX_ROWS", 50_000)
    rows = table.rows
    for number, values in numbered_rows:
        if number == 1:
            table.header = list(values)
        elif _is_blank(values):
            continue
        elif len(rows) >= max_rows:
            raise SpreadsheetError(_("数据超过 %(max)d 行,请拆分后分批导入。") % {"max": max_rows})
        else:
            rows.append((number, values if isinstance(values, list) else list(values)))


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


# --- Checks on a zip container, before parsing --------------------------------------


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SpreadsheetError(_("文件已损坏,无法作为 .xlsx 打开。")) from None


def _check_zip(archive: zipfile.ZipFile):
    names = set(archive.namelist())
    is_ods = "mimetype" in names and archive.read("mimetype").strip() == ODS_MIMETYPE
    if not (is_ods or names & {"xl/workbook.xml", "xl/workbook.bin"}):
        raise SpreadsheetError(
            _(
                "这个压缩文件不是电子表格(可能是 Word 文档或其他压缩包)。"
                "请上传 .xlsx、.xls、.ods 或 .csv 文件。"
            )
        )
    # A zip bomb declares a huge uncompressed size; refuse before anything is inflated.
    max_total = limit("IMPORT_MAX_UNCOMPRESSED_BYTES", 100 * 1024 * 1024)
    max_ratio = limit("IMPORT_MAX_COMPRESSION_RATIO", 200)
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > max_total or (info.file_size > 1024 * 1024 and ratio > max_ratio):
            raise SpreadsheetError(
                _("文件解压后过大(疑似“压缩炸弹”),已拒绝。请检查文件来源,或另存后重新导入。")
            )
    for name in names:
        if name.endswith((".xml", ".rels")):
            _check_xml_part(archive, name)


def _check_xml_part(archive: zipfile.ZipFile, name: str):
    """No entity declarations (an "XML bomb"), and no sheet larger than a grid we can hold."""
    with archive.open(name) as stream:
        prolog = stream.read(64 * 1024)
    # A DOCTYPE, the only place entities are declared, must come before the root element.
    if b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
        raise SpreadsheetError(
            _(
                "文件含有不安全的 XML 实体定义(疑似“XML 炸弹”),已拒绝。"
                "请用 Excel 或 WPS 另存后再导入。"
            )
        )
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        _check_grid(archive.read(name))


def _check_grid(content: bytes):
    """Refuses a sheet whose cells span more than MAX_GRID_CELLS (rows are in order)."""
    rows = _LAST_ROW.findall(content[-64 * 1024 :]) or _LAST_ROW.findall(content) or [b"1"]
    last_row = int(rows[-1])
    if last_row * 26 <= MAX_GRID_CELLS and not _LONG_COLUMN.search(content):
        return  # the common case, decided without looking at every cell
    width = max((_column_number(c) for c in _CELL_COLUMN.findall(content)), default=1)
    if last_row * width > MAX_GRID_CELLS:
        raise SpreadsheetError(
            _(
                "工作表的范围过大(%(rows)d 行 × %(columns)d 列),已拒绝。"
                "请删除多余的行列后另存再导入。"
            )
            % {"rows": last_row, "columns": width}
        )


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


# --- Workbooks --------------------------------------------------------------------


def _read_workbook(data: bytes) -> list[Table]:
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        if not book.sheet_names:
            raise SpreadsheetError(_(UNREADABLE) % {"error": _("没有工作表")})
        tables = [_read_sheet(book, name) for name in book.sheet_names]
    except SpreadsheetError:
        raise
    except python_calamine.PasswordError:
        raise _password_error() from None
    except Exception as exc:  # calamine raises several types for broken files
        raise SpreadsheetError(_(UNREADABLE) % {"error": type(exc).__name__}) from None
    if data.startswith(ZIP_MAGIC):
        _mark_uncached_formulas(_open_zip(data), tables)
    return tables


def _read_sheet(book, name: str) -> Table:
    sheet = book.get_sheet_by_name(name)
    table = Table(name=name)
    top, left = sheet.start or (0, 0)
    rows = sheet.iter_rows()
    if left:
        pad = [None] * left
        rows = (pad + row for row in rows)
    # Rows above the first non-empty cell are not in the range: number from its top.
    _collect_rows(table, enumerate(rows, start=top + 1))
    return table


# --- Formulas without a stored result (.xlsx written by scripts) ----------------------
# calamine gives such a cell as blank; the organizer must hear that it is a formula.


def _mark_uncached_formulas(archive: zipfile.ZipFile, tables: list[Table]):
    parts = _sheet_parts(archive)
    for table in tables:
        path = parts.get(table.name)
        if path and path in archive.namelist():
            content = archive.read(path)
            if _FORMULA_TAG.search(content):
                table.uncached_formulas = _uncached_formulas(content)


def _sheet_parts(archive: zipfile.ZipFile) -> dict:
    """{sheet name: path of its XML part} from the workbook and its relationships."""
    from defusedxml.ElementTree import fromstring

    names = set(archive.namelist())
    if not {"xl/workbook.xml", "xl/_rels/workbook.xml.rels"} <= names:
        return {}
    targets = {
        rel.get("Id"): rel.get("Target", "")
        for rel in fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    }
    parts = {}
    for element in fromstring(archive.read("xl/workbook.xml")).iter():
        if element.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
        target = targets.get(rel_id, "")
        parts[element.get("name")] = (
            target.lstrip("/") if target.startswith("/") else ("xl/" + target)
        )
    return parts


def _uncached_formulas(content: bytes) -> set:
    """(row, column index) of formula cells whose result was never calculated and saved."""
    from defusedxml.ElementTree import iterparse

    found = set()
    for _event, element in iterparse(io.BytesIO(content), events=("end",)):
        if element.tag.rsplit("}", 1)[-1] != "c":
            continue
        children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
        value = children.get("v")
        reference = element.get("r")
        if reference and "f" in children and (value is None or not (value.text or "")):
            letters = reference.rstrip("0123456789")
            found.add((int(reference[len(letters) :]), _column_number(letters.encode()) - 1))
        element.clear()
    return found
