"""The workbook layout (sheet names, headers) and how each cell is read back.

Headers and kind labels are part of the file format, so they are fixed Chinese
strings rather than translated labels: a file exported in English must still import.
"""

import datetime
import difflib
import functools
import re
import unicodedata

from django.utils import timezone
from django.utils.translation import gettext as _

from awards.importing.errors import Issue
from awards.text import clean_text, match_key, restore_formula

EDITION_SHEET = "届次"
LISTS_SHEET = "榜单"
HELP_SHEET = "填写说明"
RESERVED_SHEETS = (EDITION_SHEET, LISTS_SHEET, HELP_SHEET)
EDITION_HEADER = ("字段", "内容")

# (model field, header) in the order they are written.
EDITION_FIELDS = (
    ("year", "年份"),
    ("name", "名称"),
    ("held_on", "举办日期"),
    ("guided_by", "指导单位"),
    ("hosted_by", "主办单位"),
    ("organized_by", "承办单位"),
    ("venue", "举办地点"),
    ("summary", "简介"),
    ("source_title", "来源标题"),
    ("source_publisher", "来源媒体"),
    ("source_date", "来源日期"),
    ("source_url", "来源链接"),
    ("published_at", "发布时间"),
)
EDITION_REQUIRED = ("year", "name", "held_on")

LIST_COLUMNS = (
    ("sheet", "工作表"),
    ("name", "榜单名称"),
    ("slug", "网址标识"),
    ("position", "顺序"),
    ("kind", "类型"),
    ("announced_count", "公布数量"),
    ("description", "说明"),
)
LIST_REQUIRED = ("sheet", "name", "kind")

AWARD_COLUMNS = (
    ("position", "顺序"),
    ("nominee", "获奖对象"),
    ("nominee_kind", "对象类型"),
    ("case_title", "案例标题"),
    ("case_summary", "案例简介"),
    ("rank", "名次"),
    ("level", "等级"),
    ("withdrawn_at", "撤销时间"),
    ("withdrawal_reason", "撤销原因"),
)
AWARD_REQUIRED = ("position", "nominee")
CASE_COLUMNS = ("case_title", "case_summary")

# One list in one CSV (or a single-sheet workbook): the list is named on every row.
FLAT_COLUMNS = (("year", "年份"), ("list", "榜单"), *AWARD_COLUMNS)
FLAT_REQUIRED = ("year", "list", "position", "nominee")

LIST_KINDS = {"获奖名单": "nominees", "案例名单": "cases"}
NOMINEE_KINDS = {
    "政务新媒体账号": "account",
    "媒体": "media",
    "自媒体": "self_media",
    "单位": "organization",
}


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


# --- Headers ------------------------------------------------------------------


def suggest(value: str, choices, cutoff: float = 0.5) -> str | None:
    """The closest choice by match key, for "你是不是要找…" hints."""
    by_key = {}
    for choice in choices:
        by_key.setdefault(match_key(choice), choice)
    found = difflib.get_close_matches(match_key(value), list(by_key), n=1, cutoff=cutoff)
    return by_key[found[0]] if found else None


def map_header(table, columns, required) -> tuple[dict, list[Issue]]:
    """{field: column index} for a header row; stray and full-width spaces are ignored."""
    known = {match_key(label): name for name, label in columns}
    labels = dict(columns)
    found, issues = {}, []
    for index, cell in enumerate(table.header):
        text = clean_text(str(cell)) if cell is not None else ""
        if not text:
            continue
        name = known.get(match_key(text))
        if name is None:
            hint = suggest(text, labels.values())
            message = _("无法识别的列「%(column)s」。") % {"column": text}
            if hint:
                message += _("你是不是要找「%(hint)s」?") % {"hint": hint}
            issues.append(Issue(message, sheet=table.name, row=1))
        elif name in found:
            issues.append(
                Issue(_("列「%(column)s」出现了两次。") % {"column": text}, sheet=table.name, row=1)
            )
        else:
            found[name] = index
    for name in required:
        if name not in found:
            issues.append(
                Issue(
                    _("缺少列「%(column)s」。") % {"column": labels[name]}, sheet=table.name, row=1
                )
            )
    return found, issues


# --- Cells --------------------------------------------------------------------


class CellError(ValueError):
    """A cell that cannot be read; the message says what was expected."""


def as_text(value, max_length: int | None = None) -> str:
    """The text as typed, trimmed (U+3000 too), with our formula escaping undone."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise CellError(_("应为文字,实际是逻辑值『%(value)s』。") % {"value": value})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.strftime("%Y-%m-%d %H:%M:%S")
    elif isinstance(value, datetime.date):
        value = value.isoformat()
    # Trim first: a tab or CR our export protected with ' must come back exactly.
    text = restore_formula(clean_text(str(value)))
    if max_length is not None and len(text) > max_length:
        raise CellError(
            _("太长了:最多 %(max)d 个字,实际 %(length)d 个字。")
            % {"max": max_length, "length": len(text)}
        )
    return text


def as_int(value, minimum: int = 0, maximum: int | None = None) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise CellError(_("应为整数,实际是『%(value)s』。") % {"value": value})
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str):
        text = unicodedata.normalize("NFKC", restore_formula(value)).strip()
        if re.fullmatch(r"[+-]?\d+", text):
            value = int(text)
    if not isinstance(value, int):
        raise CellError(_("应为整数,实际是『%(value)s』。") % {"value": value})
    if value < minimum:
        raise CellError(_("不能小于 %(min)d,实际是 %(value)d。") % {"min": minimum, "value": value})
    if maximum is not None and value > maximum:
        raise CellError(_("不能大于 %(max)d,实际是 %(value)d。") % {"max": maximum, "value": value})
    return value


_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")
_TIME = re.compile(r"(\d{1,2})\s*[:时]\s*(\d{1,2})(?:\s*[:分]\s*(\d{1,2})(?:\.\d+)?)?\s*秒?")


def as_date(value) -> datetime.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = unicodedata.normalize("NFKC", str(value)).strip()
    found = _DATE.fullmatch(text)
    if found:
        try:
            return datetime.date(*(int(g) for g in found.groups()))
        except ValueError:
            pass
    raise CellError(_("应为日期(例如 2022-12-15),实际是『%(value)s』。") % {"value": value})


def as_datetime(value) -> datetime.datetime | None:
    """A moment; spreadsheets carry no time zone, so naive values are Beijing time (TIME_ZONE)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip()
        moment = None
        date_part = _DATE.match(text)
        if date_part:
            rest = text[date_part.end() :].strip().lstrip("T").strip()
            time_part = _TIME.fullmatch(rest) if rest else None
            if not rest or time_part:
                hms = [int(g or 0) for g in time_part.groups()] if time_part else [0, 0, 0]
                try:
                    moment = datetime.datetime(*(int(g) for g in date_part.groups()), *hms)
                except ValueError:
                    moment = None
        if moment is None:
            raise CellError(
                _("应为日期时间(例如 2022-12-16 13:40),实际是『%(value)s』。") % {"value": value}
            )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment.replace(microsecond=0))
    return moment


@functools.cache
def _choice_keys(items: tuple) -> dict:
    by_key = {match_key(label): code for label, code in items}
    by_key.update({match_key(code): code for _label, code in items})
    return by_key


def as_choice(value, mapping: dict) -> str:
    """A kind given by its Chinese label or code; '' when blank."""
    text = as_text(value)
    if not text:
        return ""
    code = _choice_keys(tuple(mapping.items())).get(match_key(text))
    if code is None:
        raise CellError(
            _("『%(value)s』不是可选的类型,请填写:%(choices)s。")
            % {"value": text, "choices": "、".join(mapping)}
        )
    return code


def to_local_naive(moment: datetime.datetime | None):
    """How a moment is written to a spreadsheet: Beijing wall time, whole seconds."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None, microsecond=0)


def same_moment(a, b) -> bool:
    """Equal to the second: spreadsheets do not keep microseconds."""
    if a is None or b is None:
        return a is b
    return a.replace(microsecond=0) == b.replace(microsecond=0)
