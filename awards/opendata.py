"""Open data downloads of one published edition: CSV, XLSX and JSON, the whole record.

Every list appears, even one with no recorded award (its counts and notes say why). The CSV
has one row per award with its list's fields as columns on each row (a list without awards
gets one row with the award columns empty); the XLSX has the same sheet plus a sheet of
lists; the JSON nests edition → lists → awards (docs/api.md describes all three).

The files never depend on the visitor's language: column headers are Chinese (the
organizers' and most readers' language; docs/api.md maps them to the JSON keys), English
values sit in their own "(英文)" columns and keys, and nominee kinds are written as their
Chinese labels. Names are printed as announced (获奖时名称), with the nominee's key beside
them. Every text cell goes through neutralise_formula, so no spreadsheet runs a name that
starts with "=", "+", "-" or "@".
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
from openpyxl.utils import get_column_letter

from awards import extensions
from awards.models import Edition
from awards.text import neutralise_formula

# (JSON key, column header in CSV and XLSX). New columns go last, so the columns readers
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
    ("nominee_key", "对象网址标识"),
    ("case_summary", "案例简介"),
    ("case_summary_en", "案例简介(英文)"),
    ("second_unit", "第二单位"),
    ("second_unit_role", "第二单位角色"),
    ("list_key", "榜单网址标识"),
    ("review_year", "评选年度"),
    ("announced_count", "公布数量"),
    ("recorded_count", "已录入数量"),
    ("withdrawn_count", "已撤销数量"),
    ("source_unpublished", "来源未公布名单"),
    ("list_description", "榜单说明"),
    ("list_description_en", "榜单说明(英文)"),
)
_HEADERS = {**dict(COLUMNS), "kind": "类型"}
# A list's own fields after its name: its counts and its notes.
_LIST_DETAILS = (
    "review_year",
    "announced_count",
    "recorded_count",
    "withdrawn_count",
    "source_unpublished",
    "list_description",
    "list_description_en",
)
# Keys of COLUMNS that belong to the list, repeated on each of its rows.
LIST_KEYS = ("year", "list", "list_en", "list_key", *_LIST_DETAILS)
# The XLSX sheet of lists: (key, header), the headers the award rows give the same fields.
LIST_COLUMNS = tuple(
    (key, _HEADERS[key])
    for key in ("position", "list", "list_en", "list_key", "kind", *_LIST_DETAILS)
)
EDITION_FIELDS = (
    "year",
    "name",
    "name_en",
    "held_on",
    "guided_by",
    "guided_by_en",
    "hosted_by",
    "hosted_by_en",
    "organized_by",
    "organized_by_en",
    "venue",
    "venue_en",
    "summary",
    "summary_en",
    "source_title",
    "source_title_en",
    "source_publisher",
    "source_publisher_en",
    "source_date",
    "source_url",
    "published_at",
)


def published_edition(year: int) -> Edition:
    """The published edition with every list (counts) and award, in three queries."""
    return get_object_or_404(Edition.objects.published().with_results(), year=year)


def _none(value):
    return value if value not in ("", None) else None


def list_record(edition, award_list) -> dict:
    """A list's own fields, in both languages; the name as published (blank when unnamed)."""
    return {
        "year": edition.year,
        "position": award_list.position,
        "list": award_list.shown_name,
        "list_published_name": _none(award_list.name),
        "list_en": _none(award_list.name_en),
        "list_key": award_list.slug,
        "kind": str(award_list.get_kind_display()),
        "review_year": award_list.review_year,
        "announced_count": award_list.announced_count,
        "recorded_count": award_list.recorded_count,
        "withdrawn_count": award_list.withdrawn_count,
        "source_unpublished": award_list.source_unpublished,
        "list_description": _none(award_list.description),
        "list_description_en": _none(award_list.description_en),
    }


def award_record(award) -> dict:
    """An award as announced: its name then, the nominee's key, the case and its units."""
    nominee, case = award.nominee, award.case
    announced = award.announced_name or nominee.name
    return {
        "position": award.position,
        "rank": award.rank,
        "level": _none(award.level),
        "level_en": _none(award.level_en),
        "nominee": announced,
        # An English name translates the nominee's name of today, so only while it is the one.
        "nominee_en": _none(nominee.name_en) if announced == nominee.name else None,
        "nominee_key": nominee.slug,
        "nominee_kind": str(nominee.get_kind_display()),
        "case_title": case.title if case else None,
        "case_title_en": _none(case.title_en) if case else None,
        "case_summary": _none(case.summary) if case else None,
        "case_summary_en": _none(case.summary_en) if case else None,
        "second_unit": _none(case.second_unit) if case else None,
        "second_unit_role": str(case.get_second_unit_role_display()) or None if case else None,
        "withdrawn": award.is_withdrawn,
        "withdrawal_reason": _none(award.withdrawal_reason),
    }


def flat_rows(edition) -> list[dict]:
    """One record per award with its list's fields; a list without awards gives one row."""
    blank = dict.fromkeys(key for key, _header in COLUMNS)
    rows = []
    with translation.override("zh-hans"):
        for award_list in edition.lists:
            listed = {key: list_record(edition, award_list)[key] for key in LIST_KEYS}
            awards = award_list.ordered_awards or [None]
            for award in awards:
                values = award_record(award) if award is not None else {}
                rows.append({**blank, **values, **listed})
    return rows


def _spreadsheet_row(record: dict, columns=COLUMNS) -> list:
    row = []
    for key, _header in columns:
        value = record.get(key)
        if isinstance(value, bool):
            value = "是" if value else "否"
        row.append(neutralise_formula("" if value is None else value))
    return row


def _filename(edition, extension: str) -> str:
    return f"summit-awards-{edition.year}.{extension}"


def _attachment(response, edition, extension: str):
    response["Content-Disposition"] = f'attachment; filename="{_filename(edition, extension)}"'
    return response


def download_csv(request, year: int):
    edition = published_edition(year)
    buffer = io.StringIO()
    # The BOM lets Excel and WPS on Chinese Windows detect UTF-8 instead of guessing GBK.
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _key, header in COLUMNS])
    writer.writerows(_spreadsheet_row(r) for r in flat_rows(edition))
    response = HttpResponse(
        buffer.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    return _attachment(response, edition, "csv")


def _sheet(workbook, title: str, columns, records, widths: dict):
    sheet = workbook.create_sheet(title)
    sheet.freeze_panes = "A2"
    for index, (key, _header) in enumerate(columns):
        letter = get_column_letter(index + 1)
        sheet.column_dimensions[letter].width = widths.get(key, 12)
    header = []
    for _key, title_text in columns:
        cell = WriteOnlyCell(sheet, value=title_text)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    for record in records:
        sheet.append(_spreadsheet_row(record, columns))


WIDTHS = {
    "year": 8,
    "list": 30,
    "position": 8,
    "rank": 8,
    "level": 10,
    "nominee": 28,
    "nominee_kind": 16,
    "case_title": 50,
    "withdrawn": 8,
    "withdrawal_reason": 30,
    "list_en": 30,
    "nominee_en": 28,
    "case_title_en": 50,
    "nominee_key": 24,
    "case_summary": 40,
    "second_unit": 28,
    "list_description": 40,
    "list_description_en": 40,
}


def download_xlsx(request, year: int):
    """The award sheet (as the CSV) and a sheet of lists, every list on it."""
    edition = published_edition(year)
    workbook = Workbook(write_only=True)
    _sheet(workbook, str(edition.year), COLUMNS, flat_rows(edition), WIDTHS)
    with translation.override("zh-hans"):
        lists = [list_record(edition, award_list) for award_list in edition.lists]
    _sheet(workbook, "榜单", LIST_COLUMNS, lists, WIDTHS)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    return _attachment(response, edition, "xlsx")


def edition_document(edition, request) -> dict:
    """The nested record: the edition with all its fields, its lists, their awards."""
    # What other packages add to each list (awards/extensions.py): one call for all lists.
    extras = extensions.list_records(edition.lists, request)
    with translation.override("zh-hans"):
        lists = [
            {
                **list_record(edition, award_list),
                "awards": [award_record(award) for award in award_list.ordered_awards],
                **extras[award_list.pk],
            }
            for award_list in edition.lists
        ]
    fields = {name: getattr(edition, name) for name in EDITION_FIELDS}
    return {
        "year": edition.year,
        "edition": edition.name,
        "edition_en": edition.name_en or None,
        "url": request.build_absolute_uri(edition.get_absolute_url()),
        "fields": {name: _none(value) for name, value in fields.items()},
        "lists": lists,
    }


def download_json(request, year: int):
    """The edition as nested JSON, with what other packages add (awards/extensions.py)."""
    edition = published_edition(year)
    document = {
        **edition_document(edition, request),
        **extensions.edition_record(edition, request),
    }
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    return _attachment(response, edition, "json")
