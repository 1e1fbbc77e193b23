"""Open data downloads of one published edition: CSV, XLSX and JSON, one row per award.

The files never depend on the visitor's language: column headers are Chinese (the
organizers' and most readers' language; docs/api.md maps them to the JSON keys) and
nominee kinds are written as their Chinese labels. Every text cell goes through
neutralise_formula, so no spreadsheet runs a name that starts with "=", "+", "-" or "@".
"""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from awards import extensions
from awards.models import Award, Edition
from awards.text import neutralise_formula

# (JSON key, column header in CSV and XLSX). English values come last, so the columns readers
# already use keep their places; an empty English cell means none was entered.
COLUMNS = (
    ("year", "年份"),
    ("list", "榜单"),
    ("position", "顺序"),
    ("rank", "名次"),
    ("level", "等级"),
    ("nominee", "获奖对象"),
    ("nominee_kind", "对象类型"),
    ("case_title", "案例标题"),
    ("withdrawn", "已撤销"),
    ("withdrawal_reason", "撤销原因"),
    ("list_en", "榜单(英文)"),
    ("level_en", "等级(英文)"),
    ("nominee_en", "获奖对象(英文)"),
    ("case_title_en", "案例标题(英文)"),
)


def edition_awards(year: int):
    """The published edition and its awards in list and position order (two queries)."""
    edition = get_object_or_404(Edition.objects.published(), year=year)
    awards = (
        Award.objects.filter(award_list__edition=edition)
        .select_related("award_list", "nominee", "case")
        .order_by("award_list__position", "award_list__pk", "position")
    )
    return edition, list(awards)


def award_records(edition, awards) -> list[dict]:
    """One plain record per award; withdrawn is a boolean, absent values are None."""
    with translation.override("zh-hans"):
        return [
            {
                "year": edition.year,
                "list": award.award_list.name,
                "position": award.position,
                "rank": award.rank,
                "level": award.level or None,
                "nominee": award.nominee.name,
                "nominee_kind": str(award.nominee.get_kind_display()),
                "case_title": award.case.title if award.case else None,
                "withdrawn": award.is_withdrawn,
                "withdrawal_reason": award.withdrawal_reason or None,
                "list_en": award.award_list.name_en or None,
                "level_en": award.level_en or None,
                "nominee_en": award.nominee.name_en or None,
                "case_title_en": (award.case.title_en or None) if award.case else None,
            }
            for award in awards
        ]


def _spreadsheet_row(record: dict) -> list:
    row = []
    for key, _header in COLUMNS:
        value = record[key]
        if key == "withdrawn":
            value = "是" if value else "否"
        row.append(neutralise_formula("" if value is None else value))
    return row


def _filename(edition, extension: str) -> str:
    return f"summit-awards-{edition.year}.{extension}"


def _attachment(response, edition, extension: str):
    response["Content-Disposition"] = f'attachment; filename="{_filename(edition, extension)}"'
    return response


def download_csv(request, year: int):
    edition, awards = edition_awards(year)
    buffer = io.StringIO()
    # The BOM lets Excel and WPS on Chinese Windows detect UTF-8 instead of guessing GBK.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _key, header in COLUMNS])
    writer.writerows(_spreadsheet_row(r) for r in award_records(edition, awards))
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, edition, "csv")


def download_xlsx(request, year: int):
    edition, awards = edition_awards(year)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(str(edition.year))
    sheet.freeze_panes = "A2"
    widths = (8, 30, 8, 8, 10, 28, 16, 50, 8, 30, 30, 10, 28, 50)
    for letter, width in zip("ABCDEFGHIJKLMN", widths, strict=True):
        sheet.column_dimensions[letter].width = width
    header = []
    for _key, title in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for record in award_records(edition, awards):
        sheet.append(_spreadsheet_row(record))
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attachment(response, edition, "xlsx")


def download_json(request, year: int):
    """The edition's awards as JSON, with the keys other packages add (awards/extensions.py)."""
    edition, awards = edition_awards(year)
    document = {
        "year": edition.year,
        "edition": edition.name,
        "edition_en": edition.name_en or None,
        "url": request.build_absolute_uri(edition.get_absolute_url()),
        "columns": [key for key, _header in COLUMNS],
        "awards": award_records(edition, awards),
        **extensions.edition_record(edition, request),
    }
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    return _attachment(response, edition, "json")
