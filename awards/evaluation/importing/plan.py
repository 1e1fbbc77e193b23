"""Map the columns, check every cell, match candidates and periods: a plan, or the problems.

Nothing is written here; apply.py writes a plan whose issues are empty.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from awards.evaluation.importing.cells import as_count, as_period, as_platform
from awards.evaluation.models import CustomMetric, Evaluation, MetricRow, Period
from awards.evaluation.vocabulary import METRICS
from awards.importing.cells import CellError, as_text
from awards.importing.columns import header_cells, missing_column, suggest, with_hint
from awards.importing.errors import Issue
from awards.importing.matching import Records
from awards.importing.reading import read_tables
from awards.text import clean_text, match_key

MAX_ISSUES = 200
# (field, template header, other headers that exports use)
BASE_COLUMNS = (
    ("name", "名称", ("账号名称", "账号", "公众号名称", "媒体名称", "对象名称", "获奖对象")),
    ("case", "案例", ("案例标题", "案例名称")),
    ("platform", "平台", ("渠道", "平台类型")),
    ("period", "周期", ("月份", "统计周期", "时间", "日期", "统计时间")),
)
REQUIRED = ("name", "platform", "period")


@dataclass
class Row:
    number: int
    name: str
    case: str
    platform: str
    period: str
    values: dict
    extra: dict


@dataclass
class MetricPlan:
    file_name: str
    issues: list[Issue] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)  # the metric headers recognised
    nominees: dict[str, int] = field(default_factory=dict)  # match key → existing nominee pk
    new_names: dict[str, str] = field(default_factory=dict)  # match key → name as typed
    periods: dict[str, tuple] = field(default_factory=dict)  # label → (start, end)
    new_periods: list[str] = field(default_factory=list)
    replaced: int = 0  # current rows of the same periods and platforms, moved to history

    def issue(self, message, row=None, column=None) -> None:
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(Issue(message, row=row, column=column))

    @property
    def candidate_count(self) -> int:
        return len({(match_key(r.name), match_key(r.case)) for r in self.rows})

    @property
    def pairs(self) -> set[tuple[str, str]]:
        return {(r.period, r.platform) for r in self.rows}


def header_map(evaluation: Evaluation) -> dict[str, tuple[str, str]]:
    """{match key of a header: (kind, field)}; kind is base, metric or custom."""
    known = {}
    for name, header, synonyms in BASE_COLUMNS:
        for text in (header, *synonyms):
            known[match_key(text)] = ("base", name)
    for metric in METRICS:
        for text in (metric.label, *metric.synonyms):
            known.setdefault(match_key(text), ("metric", metric.key))
    for custom in CustomMetric.objects.filter(evaluation=evaluation):
        known.setdefault(match_key(custom.name), ("custom", custom.key))
    return known


def _map_columns(table, known, plan) -> dict[int, tuple[str, str]] | None:
    columns, seen = {}, {}
    for index, header in header_cells(table):
        target = known.get(match_key(header))
        if target is None:
            message = _("无法识别的列「%(column)s」。如果这是自定义指标,请先在评估中添加它。") % {
                "column": header
            }
            plan.issue(with_hint(message, suggest(header, list(_headers()), cutoff=0.6)), row=1)
        elif target in seen:
            plan.issue(
                _("列「%(column)s」与「%(other)s」是同一项。")
                % {"column": header, "other": seen[target]},
                row=1,
            )
        else:
            columns[index], seen[target] = target, header
            if target[0] != "base":
                plan.columns.append(header)
    present = {name for kind, name in seen if kind == "base"}
    for name, header, _synonyms in BASE_COLUMNS:
        if name in REQUIRED and name not in present:
            plan.issue(missing_column(header), row=1)
    return None if plan.issues else columns


def _headers():
    yield from (header for _name, header, _s in BASE_COLUMNS)
    yield from (metric.label for metric in METRICS)


def _check_row(number, values, columns, table, plan) -> Row | None:
    row = {"name": "", "case": "", "platform": "", "period": "", "values": {}, "extra": {}}
    ok = True
    for index, (kind, name) in columns.items():
        value = values[index] if index < len(values) else None
        header = clean_text(str(table.header[index]))
        try:
            if (number, index) in table.uncached_formulas:
                raise CellError(_("公式没有保存计算结果,请在 Excel 或 WPS 中重新保存。"))
            if kind == "metric":
                row["values"][name] = as_count(value)
            elif kind == "custom":
                number_value = as_count(value, whole=False)
                if number_value is not None:
                    row["extra"][name] = number_value
            elif name == "platform":
                row["platform"] = as_platform(value)
            elif name == "period":
                label, start, end = as_period(value)
                row["period"] = label
                plan.periods.setdefault(label, (start, end))
            else:
                row[name] = as_text(value, max_length=300)
        except CellError as error:
            plan.issue(str(error), row=number, column=header)
            ok = False
    if ok and not row["name"]:
        plan.issue(_("必须填写名称。"), row=number)
        ok = False
    return Row(number=number, **row) if ok else None


def build(evaluation: Evaluation, data: bytes, file_name: str) -> MetricPlan:
    """Every stage up to the plan; plan.issues lists all problems found (up to MAX_ISSUES)."""
    plan = MetricPlan(file_name=file_name)
    tables = read_tables(data, file_name)  # SpreadsheetError for unreadable files
    table = next((t for t in tables if t.rows), tables[0] if tables else None)
    if table is None or not table.rows:
        plan.issue(_("文件里没有数据行。"))
        return plan
    columns = _map_columns(table, header_map(evaluation), plan)
    if columns is None:
        return plan
    seen = {}
    for number, values in table.rows:
        row = _check_row(number, values, columns, table, plan)
        if row is None:
            continue
        key = (match_key(row.name), match_key(row.case), row.period, row.platform)
        if key in seen:
            plan.issue(
                _("与第%(other)d行重复:同一对象、周期和平台只能有一行。") % {"other": seen[key]},
                row=number,
            )
            continue
        seen[key] = number
        plan.rows.append(row)
    if evaluation.award_list.is_case_list:
        for row in plan.rows:
            if not row.case:
                plan.issue(_("这是案例榜单的评估,必须填写案例。"), row=row.number)
    _match(evaluation, plan)
    return plan


def _match(evaluation: Evaluation, plan: MetricPlan) -> None:
    """Nominees by name, alias or slug (as the core import matches them); existing periods."""
    records = Records()
    by_key = records.nominees()
    for row in plan.rows:
        key = match_key(row.name)
        known = by_key.get(key) or records.nominee_by_key(row.name)
        if known is not None:
            plan.nominees[key] = known.pk
        else:
            plan.new_names.setdefault(key, row.name)
    existing = set(Period.objects.filter(evaluation=evaluation).values_list("label", flat=True))
    plan.new_periods = sorted(set(plan.periods) - existing)
    pairs = plan.pairs
    if pairs:
        current = MetricRow.objects.filter(
            candidate__evaluation=evaluation, period__label__in={p for p, _x in pairs}
        ).values_list("period__label", "platform")
        plan.replaced = sum(1 for pair in current if pair in pairs)
