"""Reading one metric workbook cell: counts as Chinese exports write them, platforms, periods."""

import calendar
import datetime
import re
import unicodedata

from django.utils.translation import gettext as _

from awards.evaluation.vocabulary import Platform
from awards.importing.cells import CellError
from awards.models.base import FIRST_YEAR, LAST_YEAR
from awards.text import match_key, restore_formula

# 清博's data rule: a read count shown as "10万+" is recorded as 100001.
TEN_WAN_PLUS = 100_001
_EMPTY = {"", "-", "—", "--", "/", "无", "n/a", "na"}
_NUMBER = re.compile(r"[+]?\d+(?:\.\d+)?")
_UNITS = {"万": 10_000, "亿": 100_000_000}

PLATFORM_NAMES = {
    Platform.WECHAT: ("微信公众号", "公众号", "微信", "wechat", "weixin"),
    Platform.WEIBO: ("微博", "新浪微博", "weibo"),
    Platform.DOUYIN: ("抖音", "抖音号", "douyin"),
    Platform.TOUTIAO: ("今日头条", "头条", "头条号", "toutiao"),
    Platform.CHANNELS: ("视频号", "微信视频号", "channels"),
    Platform.OTHER: ("其他", "其它", "other"),
}
_PLATFORMS = {match_key(name): p for p, names in PLATFORM_NAMES.items() for name in names}


def as_count(value, *, whole: bool = True) -> float | int | None:
    """A metric: 12345, "12,345", "1.2万" (12000), "10万+" (100001); blank or "-" is None."""
    if value is None or isinstance(value, bool):
        if isinstance(value, bool):
            raise CellError(_("应为数字,实际是逻辑值『%(value)s』。") % {"value": value})
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # workbooks store every number as a float
    if isinstance(value, (int, float)):
        number = value
    else:
        text = unicodedata.normalize("NFKC", restore_formula(str(value))).strip()
        text = text.replace(",", "").replace(" ", "")
        if text.lower() in _EMPTY:
            return None
        number = _parse(text)
    if number < 0:
        raise CellError(_("不能为负数,实际是『%(value)s』。") % {"value": value})
    if whole:
        rounded = round(number)
        if abs(rounded - number) > 1e-6:
            raise CellError(_("应为整数,实际是『%(value)s』。") % {"value": value})
        return int(rounded)
    return float(number)


def _parse(text: str) -> float:
    if text == "10万+":
        return TEN_WAN_PLUS
    unit = _UNITS.get(text[-1:]) if text else None
    digits = text[:-1] if unit else text
    if not _NUMBER.fullmatch(digits):
        raise CellError(
            _("无法识别的数字『%(value)s』:应为数字,例如 12345、1.2万 或 10万+。") % {"value": text}
        )
    return float(digits) * (unit or 1)


def as_platform(value) -> str:
    key = match_key(str(value or ""))
    if key not in _PLATFORMS:
        names = "、".join(str(p.label) for p in Platform)
        raise CellError(
            _("无法识别的平台『%(value)s』:应为 %(names)s 之一。")
            % {"value": value, "names": names}
        )
    return _PLATFORMS[key]


_MONTH = re.compile(r"(\d{4})\s*(?:[-/.年]\s*)?(\d{1,2})\s*月?")
_RANGE = re.compile(r"(\d{4}-\d{1,2}-\d{1,2})\s*(?:~|～|至|到|—|--)\s*(\d{4}-\d{1,2}-\d{1,2})")


def default_days(starts_on: datetime.date, ends_on: datetime.date) -> int:
    """清博's d: 30 for a calendar month, 365 for a calendar year, else the real count."""
    real = (ends_on - starts_on).days + 1
    month_end = calendar.monthrange(starts_on.year, starts_on.month)[1]
    if starts_on.day == 1 and ends_on == starts_on.replace(day=month_end):
        return 30
    if (starts_on.month, starts_on.day, ends_on.month, ends_on.day) == (1, 1, 12, 31) and (
        starts_on.year == ends_on.year
    ):
        return 365
    return real


def as_period(value) -> tuple[str, datetime.date, datetime.date]:
    """(label, first day, last day): "2024-01", "2024年1月", "202401", a date, or a range."""
    if isinstance(value, datetime.date):
        value = f"{value.year}-{value.month:02d}"
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    found = _RANGE.fullmatch(text)
    if found:
        try:
            start, end = (datetime.date.fromisoformat(_iso(part)) for part in found.groups())
        except ValueError:
            start = end = None
        if start and end and start <= end:
            return f"{start.isoformat()}~{end.isoformat()}", start, end
    found = _MONTH.fullmatch(text.replace("年", "-") if "月" not in text else text)
    if found and 1 <= int(found.group(2)) <= 12 and FIRST_YEAR <= int(found.group(1)) <= LAST_YEAR:
        year, month = int(found.group(1)), int(found.group(2))
        last = calendar.monthrange(year, month)[1]
        return (
            f"{year}-{month:02d}",
            datetime.date(year, month, 1),
            datetime.date(year, month, last),
        )
    raise CellError(
        _(
            "无法识别的周期『%(value)s』:应为月份(如 2024-01、2024年1月)"
            "或日期范围(如 2024-01-01~2024-03-31)。"
        )
        % {"value": text}
    )


def _iso(text: str) -> str:
    year, month, day = text.split("-")
    return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
