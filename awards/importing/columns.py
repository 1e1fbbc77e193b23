"""Stage 2, map columns: find each known column in a sheet's header row (or, on the 届次
sheet, each known field in the first column), and name what is missing, unknown or doubled.

Works on the `Column` lists of `awards.importing.layout`, passed in; imports only `cells`.
"""

import difflib

from django.utils.translation import gettext as _

from awards.importing.cells import as_text, formula_issue
from awards.importing.errors import Issue
from awards.text import clean_text, match_key


def suggest(value: str, choices, cutoff: float = 0.5) -> str | None:
    """The closest choice by match key, for "你是不是要找…" hints."""
    by_key = {}
    for choice in choices:
        by_key.setdefault(match_key(choice), choice)
    found = difflib.get_close_matches(match_key(value), list(by_key), n=1, cutoff=cutoff)
    return by_key[found[0]] if found else None


def column_hint(text: str, spec) -> str | None:
    """The column an unknown header most likely means: one whose usual names include it,
    else one spelled alike (closely enough that 名称 does not suggest 名次)."""
    key = match_key(text)
    for column in spec:
        if any(match_key(hint) == key for hint in column.hints):
            return column.header
    return suggest(text, [column.header for column in spec], cutoff=0.6)


def with_hint(message: str, hint: str | None) -> str:
    """The message, offering the column or field most likely meant when there is one."""
    if hint:
        message += _("你是不是要找「%(hint)s」?") % {"hint": hint}
    return message


def unknown_column(header: str, hint: str | None) -> str:
    """The one wording of a header no column has (workbooks, CSVs, per-model sheets)."""
    return with_hint(_("无法识别的列「%(column)s」。") % {"column": header}, hint)


def missing_column(header: str) -> str:
    return _("缺少列「%(column)s」。") % {"column": header}


def header_cells(table):
    """(column index, header text) of a sheet's non-empty header cells, spaces cleaned."""
    for index, cell in enumerate(table.header):
        header = clean_text(str(cell)) if cell is not None else ""
        if header:
            yield index, header


def map_header(table, spec, also_required=()) -> tuple[dict, list[Issue]]:
    """{field: column index} for a header row; stray and full-width spaces are ignored."""
    known = {match_key(column.header): column.name for column in spec}
    headers = {column.name: column.header for column in spec}
    found, issues = {}, []
    for index, header in header_cells(table):
        name = known.get(match_key(header))
        if name is None:
            message = unknown_column(header, column_hint(header, spec))
            issues.append(Issue(message, sheet=table.name, row=1))
        elif name in found:
            message = _("列「%(column)s」出现了两次。") % {"column": header}
            issues.append(Issue(message, sheet=table.name, row=1))
        else:
            found[name] = index
    required = [column.name for column in spec if column.required] + list(also_required)
    for name in required:
        if name not in found:
            message = missing_column(headers[name])
            issues.append(Issue(message, sheet=table.name, row=1))
    return found, issues


def map_fields(table, header: dict, spec, label_header: str, report) -> dict:
    """{field: (row number, raw value)} of a sheet that holds one field per row (届次).

    `header` maps "label" and "value" to their columns. Unknown, doubled and uncalculated
    fields are reported and left out; so is a missing required value.
    """
    headers = {column.name: column.header for column in spec}
    by_label = {match_key(column.header): column.name for column in spec}
    label_index, value_index = header["label"], header["value"]
    found = {}
    for number, values in table.rows:
        label = as_text(values[label_index] if label_index < len(values) else None)
        name = by_label.get(match_key(label))
        if name is None:
            message = _("无法识别的字段「%(label)s」。") % {"label": label}
            message = with_hint(message, column_hint(label, spec))
            report(Issue(message, sheet=table.name, row=number, column=label_header))
        elif name in found:
            message = _("字段「%(label)s」出现了两次。") % {"label": headers[name]}
            report(Issue(message, sheet=table.name, row=number))
        elif (number, value_index) in table.uncached_formulas:
            report(formula_issue(table.name, number, headers[name]))
        else:
            found[name] = (number, values[value_index] if value_index < len(values) else None)
    for column in spec:
        if column.required and found.get(column.name, (0, None))[1] in (None, ""):
            message = _("必须填写「%(label)s」。") % {"label": column.header}
            report(Issue(message, sheet=table.name))
    return found
