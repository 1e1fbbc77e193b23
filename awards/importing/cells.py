"""Stage 3, check cells: turn each raw cell into the value stored, or say why it cannot be.

The `as_*` functions read one cell; `text()`, `integer()` and `choice()` make the readers the
column list in `layout` names; `CellReader` runs a table's rows through their columns.
"""

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable, Iterator

from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import codes
from awards.importing.errors import Issue
from awards.text import clean_text, clean_title, match_key, restore_formula


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


def _parse_moment(text: str) -> datetime.datetime | None:
    date_part = _DATE.match(text)
    if not date_part:
        return None
    rest = text[date_part.end() :].strip().lstrip("T").strip()
    time_part = _TIME.fullmatch(rest) if rest else None
    if rest and not time_part:
        return None
    hms = [int(g or 0) for g in time_part.groups()] if time_part else [0, 0, 0]
    try:
        return datetime.datetime(*(int(g) for g in date_part.groups()), *hms)
    except ValueError:
        return None


def as_datetime(value) -> datetime.datetime | None:
    """A moment; spreadsheets carry no time zone, so naive values are Beijing time (TIME_ZONE)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        moment = _parse_moment(unicodedata.normalize("NFKC", str(value)).strip())
        if moment is None:
            raise CellError(
                _("应为日期时间(例如 2022-12-16 13:40),实际是『%(value)s』。") % {"value": value}
            )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment.replace(microsecond=0))
    return moment


# 发布时间 on the 届次 sheet: a blank cell says nothing (an existing edition keeps its state,
# so an old workbook cannot take a published edition offline); only these words unpublish.
KEEP_PUBLICATION = "keep"
DRAFT_WORDS = frozenset(("草稿", "未发布", "取消发布", "draft", "unpublished"))


def as_publication(value) -> datetime.datetime | str | None:
    """A moment, None for an explicit draft (草稿), or KEEP_PUBLICATION for a blank cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return KEEP_PUBLICATION
    if isinstance(value, str) and match_key(value) in DRAFT_WORDS:
        return None
    return as_datetime(value)


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


# Database ids, as this site's exports wrote 案例编号 before cases had keys.
_OLD_ID = re.compile(r"\d{1,%d}" % (codes.CASE_KEY_LENGTH - 1))  # noqa: UP031  (a regex)


def as_case_key(value) -> str | int | None:
    """A case's 案例编号: its key (awards.codes, canonical form), or, in a file this site
    exported before cases had keys, the case's database id (an int)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return as_int(value, 1)
    typed = as_text(value)
    if not typed:
        return None
    if _OLD_ID.fullmatch(unicodedata.normalize("NFKC", typed)):
        return as_int(typed, 1)
    key = codes.case_key(typed)
    if not key:
        raise CellError(
            _(
                "『%(value)s』不是有效的案例编号:案例编号是导出时写入的 12 位字母和数字"
                "(例如 %(example)s),最后一位是校验位,输错一位就对不上。"
                "请从导出的文件中原样复制;新增的案例留空。"
            )
            % {"value": typed, "example": codes.CASE_KEY_EXAMPLE}
        )
    return key


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


# --- Readers named in the column list ------------------------------------------
# A model field's limits are looked up on first use: the column list is built at import
# time, before the app registry is ready.


@functools.cache
def _field_limits(model, name: str) -> tuple[int | None, int | None]:
    """(max_length, the largest value the field's validators and the database accept)."""
    found = model._meta.get_field(name)
    maxima = [v.limit_value for v in found.validators if isinstance(v, MaxValueValidator)]
    return found.max_length, (min(maxima) if maxima else None)


def text(model=None, name: str = "", *, max_length: int | None = None) -> Callable:
    """Text as typed, at most `max_length` or the model field's max_length."""

    def read(value):
        limit = _field_limits(model, name)[0] if model is not None else max_length
        return as_text(value, limit)

    return read


def title(model, name: str) -> Callable:
    """A case title: text as typed, without outer 《》 (awards.text.clean_title)."""
    read_text = text(model, name)

    def read(value):
        return clean_title(read_text(value))

    return read


def english(model, name: str) -> Callable:
    """An optional English value: text as typed, or None when the cell is blank (no English
    was entered; the pages then show the Chinese original)."""
    read_text = text(model, name)

    def read(value):
        return read_text(value) or None

    return read


def integer(minimum: int = 0, model=None, name: str = "") -> Callable:
    """A whole number from `minimum` up to the model field's largest value, if any."""

    def read(value):
        return as_int(value, minimum, _field_limits(model, name)[1] if model else None)

    return read


def choice(mapping: dict) -> Callable:
    return functools.partial(as_choice, mapping=mapping)


# --- Rows ------------------------------------------------------------------------


def formula_issue(sheet: str | None, row: int, column: str) -> Issue:
    return Issue(
        _(
            "这是公式,但文件里没有保存计算结果。"
            "请在 Excel 或 WPS 中打开并保存一次,或把公式改成数值。"
        ),
        sheet=sheet,
        row=row,
        column=column,
    )


class CellReader:
    """Reads the rows of one table through its mapped columns.

    `columns` is {field: column index} (from stage 2), `spec` the layout's Column list.
    Each bad cell becomes an Issue passed to `report`; its row comes back as None.
    """

    def __init__(self, table, columns: dict, spec, report: Callable[[Issue], None]):
        by_name = {column.name: column for column in spec}
        # (field, column index, reader, header) resolved once, not per cell.
        self.plan = [
            (name, index, by_name[name].read, by_name[name].header)
            for name, index in columns.items()
            if name in by_name
        ]
        self.table, self.report = table, report

    def row(self, number: int, values: list) -> dict | None:
        out, failed, width = {}, False, len(values)
        uncached = self.table.uncached_formulas
        for name, index, read, header in self.plan:
            if uncached and (number, index) in uncached:
                self.report(formula_issue(self.table.name, number, header))
                failed = True
                continue
            try:
                out[name] = read(values[index] if index < width else None)
            except CellError as exc:
                self.report(Issue(str(exc), sheet=self.table.name, row=number, column=header))
                failed = True
        return None if failed else out

    def rows(self) -> Iterator[tuple[int, dict | None]]:
        for number, values in self.table.rows:
            yield number, self.row(number, values)
