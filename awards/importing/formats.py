"""CSV and XLSX formats for django-import-export's per-model screens, made safe for organizers.

* CSV is read as UTF-8 (BOM or not), else GB18030, and written with a BOM so Excel shows Chinese.
* XLSX is read through the same guarded reader as the workbook import (size, zip and XML bombs,
  formula cells without a result, password-protected and renamed .xls files).
* Exported text that a spreadsheet would run as a formula is neutralised, and restored on import.

Both are "binary" to the library, so the uploaded bytes reach us undecoded.
"""

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats

from awards.importing.cells import formula_issue
from awards.importing.errors import Issue, SpreadsheetError
from awards.importing.reading import Table, read_tables
from awards.text import neutralise_formula


def _neutralised(dataset: tablib.Dataset) -> tablib.Dataset:
    safe = tablib.Dataset(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        safe.append([neutralise_formula(value) for value in row])
    return safe


def _dataset(table: Table) -> tablib.Dataset:
    for number, index in sorted(table.uncached_formulas):
        if number > 1:
            header = table.header[index] if index < len(table.header) else None
            raise SpreadsheetError(formula_issue(table.name, number, str(header or index + 1)))
    headers = [("" if cell is None else str(cell)) for cell in table.header]
    width = len(headers)
    dataset = tablib.Dataset(headers=headers, title=table.name or "")
    for number, values in table.rows:
        if len(values) > width and any(v not in (None, "") for v in values[width:]):
            raise SpreadsheetError(
                Issue(_("这一行的数据超出了表头的列数。"), sheet=table.name, row=number)
            )
        dataset.append((list(values) + [None] * width)[:width])
    # Kept for messages: the spreadsheet row number of each dataset row.
    dataset.row_numbers = [number for number, _values in table.rows]
    return dataset


class CSV(base_formats.CSV):
    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, str):
            in_stream = in_stream.encode("utf-8")
        tables = read_tables(in_stream, "upload.csv")
        if tables[0].rows == [] and not any(tables[0].header):
            raise SpreadsheetError(_("文件是空的。"))
        return _dataset(tables[0])

    def export_data(self, dataset, **kwargs):
        return ("\ufeff" + _neutralised(dataset).export("csv", **kwargs)).encode("utf-8")


class XLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        tables = [t for t in read_tables(in_stream, "upload.xlsx") if t.rows or any(t.header)]
        if not tables:
            raise SpreadsheetError(_("文件是空的。"))
        # The first sheet with data; an instructions sheet in front of it is ignored.
        with_rows = [t for t in tables if t.rows]
        return _dataset(with_rows[0] if with_rows else tables[0])

    def export_data(self, dataset, **kwargs):
        return _neutralised(dataset).export("xlsx", **kwargs)


FORMATS = [CSV, XLSX]
