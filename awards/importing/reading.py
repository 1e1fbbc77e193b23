"""Turn uploaded bytes into plain tables, refusing hostile or unreadable files with a clear reason.

Every check that can be made without parsing is made first: size, file signature,
the zip directory's declared sizes. Only then does openpyxl (which parses XML
through defusedxml when it is installed) or the csv module see the data.
"""

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from awards.importing.errors import SpreadsheetError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
# Excel and WPS store a password-protected workbook as an OLE2 (CFB) container with this stream.
ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# A cell with a formula (<f>) is only trustworthy if the file also stored its result (<v>).
_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[\s>/]")


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


def read_tables(data: bytes, filename: str = "") -> list[Table]:
    """All tables in an uploaded .xlsx or .csv file, or SpreadsheetError with the reason."""
    from django.template.defaultfilters import filesizeformat

    max_bytes = limit("IMPORT_MAX_UPLOAD_BYTES", 5 * 1024 * 1024)
    if len(data) > max_bytes:
        raise SpreadsheetError(
            _("文件太大(%(size)s),上限是 %(limit)s。请拆分后分批导入。")
            % {"size": filesizeformat(len(data)), "limit": filesizeformat(max_bytes)}
        )
    if not data.strip():
        raise SpreadsheetError(_("文件是空的。"))
    name = (filename or "").lower()
    if data.startswith(OLE2_MAGIC):
        if ENCRYPTED_STREAM in data:
            raise SpreadsheetError(
                _(
                    "文件设置了打开密码,无法读取。"
                    "请在 Excel 或 WPS 中取消密码后另存为 .xlsx 再导入。"
                )
            )
        raise SpreadsheetError(
            _(
                "这是旧版 Excel 97-2003 工作簿(.xls),即使扩展名是 .xlsx 也无法读取。"
                "请在 Excel 或 WPS 中“另存为”Excel 工作簿(.xlsx)后再导入。"
            )
        )
    if data.startswith(ZIP_MAGIC):
        return _read_xlsx(data)
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise SpreadsheetError(
            _("文件扩展名是 Excel 工作簿,但内容不是。请用 Excel 或 WPS 重新另存为 .xlsx。")
        )
    return [_read_csv(data)]


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
        raise SpreadsheetError(_("文件不是 CSV 文本,也不是 .xlsx 工作簿。"))
    table = Table(name=None)
    try:
        _collect_rows(table, enumerate(csv.reader(io.StringIO(text, newline="")), start=1))
    except csv.Error as exc:
        raise SpreadsheetError(_("CSV 格式有误:%(error)s") % {"error": exc}) from None
    return table


def _collect_rows(table: Table, numbered_rows) -> None:
    """Row 1 is the header; blank rows are skipped (LibreOffice may declare a million)."""
    max_rows = limit("IMPORT_MAX_ROWS", 50_000)
    for number, values in numbered_rows:
        if number == 1:
            table.header = list(values)
        elif _is_blank(values):
            continue
        elif len(table.rows) >= max_rows:
            raise SpreadsheetError(_("数据超过 %(max)d 行,请拆分后分批导入。") % {"max": max_rows})
        else:
            table.rows.append((number, list(values)))


def _is_blank(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SpreadsheetError(_("文件已损坏,无法作为 .xlsx 打开。")) from None
    names = set(archive.namelist())
    if "xl/workbook.xml" not in names:
        raise SpreadsheetError(
            _("这个压缩文件不是 Excel 工作簿(可能是 Word 文档或其他压缩包)。请上传 .xlsx 文件。")
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
    return archive


def _xml_bomb() -> SpreadsheetError:
    return SpreadsheetError(
        _("文件含有不安全的 XML 实体定义(疑似“XML 炸弹”),已拒绝。请用 Excel 或 WPS 另存后再导入。")
    )


def _read_xlsx(data: bytes) -> list[Table]:
    from xml.parsers.expat import ExpatError

    from awards.importing import xlsx

    archive = _open_zip(data)
    try:
        sheets = xlsx.read_sheets(archive)
    except xlsx.EntitiesRefused:
        raise _xml_bomb() from None
    except (xlsx.Unsupported, ExpatError, KeyError, ValueError, IndexError, OSError):
        return _read_xlsx_with_openpyxl(data, archive)
    tables = []
    for name, rows, uncached in sheets:
        table = Table(name=name, uncached_formulas=uncached)
        _collect_rows(table, rows)
        tables.append(table)
    return tables


def _read_xlsx_with_openpyxl(data: bytes, archive) -> list[Table]:
    """The general reader, for files the lean one does not understand."""
    import openpyxl
    from defusedxml.common import DefusedXmlException

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        tables = []
        for sheet in book.worksheets:
            table = Table(name=sheet.title)
            # LibreOffice may declare a million rows; only rows really present are read.
            sheet.reset_dimensions()
            _collect_rows(table, enumerate(sheet.iter_rows(values_only=True), start=1))
            path = getattr(sheet, "_worksheet_path", None)
            if path:
                table.uncached_formulas = _uncached_formulas(archive, path)
            tables.append(table)
        book.close()
    except SpreadsheetError:
        raise
    except Exception as exc:  # openpyxl raises many types for broken files
        if _caused_by(exc, DefusedXmlException):
            # openpyxl parses through defusedxml, which refuses entity definitions.
            raise _xml_bomb() from None
        raise SpreadsheetError(
            _("无法读取这个 .xlsx 文件(%(error)s)。请用 Excel 或 WPS 打开后另存,再导入。")
            % {"error": type(exc).__name__}
        ) from None
    return tables


def _caused_by(exc: BaseException, kind) -> bool:
    """Whether `kind` is anywhere in the chain (openpyxl re-raises parse errors as ValueError)."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        if isinstance(exc, kind):
            return True
        seen.add(id(exc))
        exc = exc.__cause__ or exc.__context__
    return False


def _uncached_formulas(archive: zipfile.ZipFile, path: str) -> set:
    """(row, column index) of formula cells whose result was never calculated and saved."""
    from defusedxml.ElementTree import iterparse

    content = archive.read(path.lstrip("/"))
    if not _FORMULA_TAG.search(content):
        return set()
    found = set()
    for _event, element in iterparse(io.BytesIO(content), events=("end",)):
        if element.tag.rsplit("}", 1)[-1] != "c":
            continue
        children = {child.tag.rsplit("}", 1)[-1]: child for child in element}
        value = children.get("v")
        reference = element.get("r")
        if reference and "f" in children and (value is None or not (value.text or "")):
            found.add(_cell_position(reference))
        element.clear()
    return found


def _cell_position(reference: str) -> tuple[int, int]:
    from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

    letters, row = coordinate_from_string(reference)
    return row, column_index_from_string(letters) - 1
