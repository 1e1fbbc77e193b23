"""What a spreadsheet looks like: sheet names and, in one place, every column it may hold.

Each `Column` names the field it fills, its header and the reader that checks its cells
(stage 3). To add a column, add one `Column` to `EDITION`, `LISTS` or `AWARDS`: the header is
then recognised, its cells checked, and the value reaches the planner as `row[name]`
(`awards.importing.plan_awards` decides what it changes; `workbook` exports it).

Headers and kind labels are part of the file format, so they are fixed Chinese strings
rather than translated labels: a file exported in English must still import. An English value
sits beside its Chinese original under the same header with "(英文)"; files without those
columns import as before and leave the stored English values alone.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Cell readers and header matching, re-exported for the callers that know them from here.
from awards.importing.cells import (
    CellError,
    as_case_key,
    as_choice,
    as_date,
    as_datetime,
    as_int,
    as_publication,
    as_text,
    choice,
    english,
    integer,
    same_moment,
    text,
    title,
    to_local_naive,
)
from awards.importing.columns import map_header, suggest
from awards.models import FIRST_YEAR, Award, AwardList, Case, Edition, Nominee
from awards.text import match_key

__all__ = [
    "CellError",
    "as_choice",
    "as_date",
    "as_datetime",
    "as_int",
    "as_publication",
    "as_text",
    "map_header",
    "match_key",
    "same_moment",
    "suggest",
    "to_local_naive",
]

EDITION_SHEET = "届次"
LISTS_SHEET = "榜单"
HELP_SHEET = "填写说明"
RESERVED_SHEETS = (EDITION_SHEET, LISTS_SHEET, HELP_SHEET)

LIST_KINDS = {"获奖名单": "nominees", "案例名单": "cases"}
YES_NO = {"是": "yes", "否": "no"}
UNIT_ROLES = {"制作单位": "producer", "报送单位": "submitter"}
NOMINEE_KINDS = {
    "政务新媒体账号": "account",
    "媒体": "media",
    "自媒体": "self_media",
    "单位": "organization",
}


@dataclass(frozen=True)
class Column:
    """One column (or, on the 届次 sheet, one field row) of a sheet."""

    name: str  # the field it fills in a row
    header: str  # the fixed Chinese header
    read: Callable  # cell -> value, or CellError (see awards.importing.cells)
    required: bool = False  # the header must be there (届次: the value must be filled)
    case_list_only: bool = False  # written only on case-list sheets
    hints: tuple = ()  # headers organizers type for this column, for "你是不是要找…"


# The 届次 sheet has two columns; each row below it holds one of the fields in EDITION.
EDITION_SHEET_COLUMNS = (
    Column("label", "字段", text(), required=True),
    Column("value", "内容", text(), required=True),
)
EDITION = (
    Column("year", "年份", integer(FIRST_YEAR), required=True),
    Column("name", "名称", text(Edition, "name"), required=True),
    Column("name_en", "名称(英文)", english(Edition, "name_en")),
    Column("held_on", "举办日期", as_date, required=True),
    Column("guided_by", "指导单位", text(Edition, "guided_by")),
    Column("guided_by_en", "指导单位(英文)", english(Edition, "guided_by_en")),
    Column("hosted_by", "主办单位", text(Edition, "hosted_by")),
    Column("hosted_by_en", "主办单位(英文)", english(Edition, "hosted_by_en")),
    Column("organized_by", "承办单位", text(Edition, "organized_by")),
    Column("organized_by_en", "承办单位(英文)", english(Edition, "organized_by_en")),
    Column("venue", "举办地点", text(Edition, "venue")),
    Column("venue_en", "举办地点(英文)", english(Edition, "venue_en")),
    Column("summary", "简介", text(Edition, "summary")),
    Column("summary_en", "简介(英文)", english(Edition, "summary_en")),
    Column("source_title", "来源标题", text(Edition, "source_title")),
    Column("source_title_en", "来源标题(英文)", english(Edition, "source_title_en")),
    Column("source_publisher", "来源媒体", text(Edition, "source_publisher")),
    Column("source_publisher_en", "来源媒体(英文)", english(Edition, "source_publisher_en")),
    Column("source_date", "来源日期", as_date),
    Column("source_url", "来源链接", text(Edition, "source_url")),
    Column("published_at", "发布时间", as_publication),
)

# The 榜单 sheet: one list per row, and the sheet that holds its awards.
LISTS = (
    # Blank 工作表: a list with no recorded winner (announced, names not published or not yet
    # entered). Blank 榜单名称: a list whose name the source did not publish.
    Column("sheet", "工作表", text(max_length=31), required=True),
    Column("name", "榜单名称", text(AwardList, "name"), required=True, hints=("名称",)),
    Column("name_en", "榜单名称(英文)", english(AwardList, "name_en")),
    Column("slug", "网址标识", text(AwardList, "slug")),
    Column("position", "顺序", integer()),
    Column("kind", "类型", choice(LIST_KINDS), required=True),
    Column("announced_count", "公布数量", integer()),
    Column("description", "说明", text()),
    Column("description_en", "说明(英文)", english(AwardList, "description_en")),
    Column("review_year", "评选年度", integer(FIRST_YEAR, AwardList, "review_year")),
    Column("source_unpublished", "来源未公布名单", choice(YES_NO)),
)

# One sheet per list: one award per row.
AWARDS = (
    Column("position", "顺序", integer(1, Award, "position"), required=True, hints=("序号",)),
    Column(
        "nominee",
        "获奖对象",
        text(Nominee, "name"),
        required=True,
        hints=("名称", "名字", "账号", "账号名称", "单位", "获奖单位", "获奖账号", "获奖者"),
    ),
    Column("nominee_en", "获奖对象(英文)", english(Nominee, "name_en")),
    Column("nominee_kind", "对象类型", choice(NOMINEE_KINDS)),
    Column(
        "case_title",
        "案例标题",
        title(Case, "title"),
        case_list_only=True,
        hints=("案例", "案例名称", "标题"),
    ),
    Column("case_title_en", "案例标题(英文)", english(Case, "title_en"), case_list_only=True),
    Column("case_summary", "案例简介", text(), case_list_only=True),
    Column("rank", "名次", integer(1, Award, "rank"), hints=("排名",)),
    Column("level", "等级", text(Award, "level"), hints=("奖项", "奖次", "等次", "奖级")),
    Column("level_en", "等级(英文)", english(Award, "level_en")),
    Column("withdrawn_at", "撤销时间", as_datetime),
    Column("withdrawal_reason", "撤销原因", text()),
    # Stable keys of the records with a public URL, written by the export: a row that carries
    # them updates that very nominee or case (a corrected name or title keeps its URL). Both
    # are the same on every site, so a workbook moves between sites: a new nominee or case
    # takes the key its row carries.
    Column("nominee_key", "对象网址标识", text(Nominee, "slug")),
    Column("case_key", "案例编号", as_case_key, case_list_only=True),
    # The name the source announced, when it differs from the nominee's name today (blank:
    # a new award takes the 获奖对象 cell, a stored one keeps its own).
    Column("announced_name", "获奖时名称", text(Award, "announced_name")),
    Column("second_unit", "第二单位", text(Case, "second_unit"), case_list_only=True),
    Column("second_unit_role", "第二单位角色", choice(UNIT_ROLES), case_list_only=True),
)

# One list in one CSV (or a single-sheet workbook): the list is named on every row.
FLAT = (
    Column("year", "年份", integer(), required=True),
    Column("list", "榜单", text(), required=True),
    *AWARDS,
)


def _pairs(columns) -> tuple:
    return tuple((column.name, column.header) for column in columns)


def _required(columns) -> tuple:
    return tuple(column.name for column in columns if column.required)


EDITION_HEADER = tuple(column.header for column in EDITION_SHEET_COLUMNS)

# (field, header) pairs and required fields, as the exporters and older callers use them.
EDITION_FIELDS, EDITION_REQUIRED = _pairs(EDITION), _required(EDITION)
LIST_COLUMNS, LIST_REQUIRED = _pairs(LISTS), _required(LISTS)
AWARD_COLUMNS, AWARD_REQUIRED = _pairs(AWARDS), _required(AWARDS)
FLAT_COLUMNS, FLAT_REQUIRED = _pairs(FLAT), _required(FLAT)
CASE_COLUMNS = tuple(column.name for column in AWARDS if column.case_list_only)


def label_of(mapping: dict, code: str) -> str:
    return next((label for label, value in mapping.items() if value == code), code)


# --- Sheet names --------------------------------------------------------------

_SHEET_FORBIDDEN = str.maketrans(
    {
        "[": "\u3010",  # 【
        "]": "\u3011",  # 】
        ":": "\uff1a",  # full-width colon
        "*": "\uff0a",
        "?": "\uff1f",
        "/": "\uff0f",
        "\\": "\uff3c",
    }
)


def safe_sheet_name(name: str, taken: set) -> str:
    """A legal, unique Excel sheet name (31 characters, no []:*?/\\) close to `name`.

    The 榜单 sheet records which sheet holds which list, so a shortened name loses nothing.
    """
    base = (name or "").translate(_SHEET_FORBIDDEN).strip().strip("'") or _("榜单")
    base = base[:31]
    candidate, n = base, 2
    while match_key(candidate) in taken or candidate.casefold() == "history":
        suffix = f"~{n}"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(match_key(candidate))
    return candidate
