"""Planning an import: what each row of a file would do to the database, without writing.

`_Planner` reads the parsed tables and the database (a handful of set-based queries,
whatever the number of rows) and decides, row by row, what would be created, updated,
left unchanged or skipped, collecting every problem with its sheet, row and column.
"""

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards.importing import layout
from awards.importing.errors import Issue, SpreadsheetError
from awards.importing.layout import CellError
from awards.importing.reading import Table, issue_for_formula
from awards.models import Award, AwardList, Case, Edition, Nominee
from awards.text import match_key, pinyin_slug

CREATE, UPDATE, UNCHANGED, SKIP = "create", "update", "unchanged", "skip"
ACTION_LABELS = {
    CREATE: gettext_noop("新增"),
    UPDATE: gettext_noop("修改"),
    UNCHANGED: gettext_noop("不变"),
    SKIP: gettext_noop("跳过"),
}
CHANGE_REASON = "表格导入"
MAX_ISSUES = 200
MAX_SUGGESTIONS = 50


@dataclass
class RowOutcome:
    """What importing one row does."""

    sheet: str | None
    row: int | None
    action: str
    label: str
    changes: list[str] = field(default_factory=list)

    @property
    def action_label(self) -> str:
        return _(ACTION_LABELS[self.action])


@dataclass
class ImportPlan:
    """Everything an import would do; built by plan_import(), carried out by apply_import()."""

    filename: str = ""
    issues: list[Issue] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    edition: Edition | None = None
    edition_action: str = UNCHANGED
    lists_to_save: list[AwardList] = field(default_factory=list)
    nominees_new: list[Nominee] = field(default_factory=list)
    nominees_changed: list[Nominee] = field(default_factory=list)
    cases_new: list[Case] = field(default_factory=list)
    cases_changed: list[Case] = field(default_factory=list)
    # Keyword arguments for Award(...): instances are only built when written.
    awards_new: list[dict] = field(default_factory=list)
    awards_changed: list[dict] = field(default_factory=list)
    awards_replaced: list[int] = field(default_factory=list)
    extra_issues: int = 0

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def counts(self) -> dict:
        found = Counter(outcome.action for outcome in self.outcomes)
        return {action: found.get(action, 0) for action in ACTION_LABELS}

    @property
    def has_changes(self) -> bool:
        return any(o.action in (CREATE, UPDATE) for o in self.outcomes)

    @property
    def fingerprint(self) -> str:
        """Identifies the outcome: confirm applies only what the preview showed."""
        payload = [(o.sheet, o.row, o.action, o.label, o.changes) for o in self.outcomes]
        return hashlib.sha256(json.dumps(payload, ensure_ascii=False).encode()).hexdigest()

    def add_issue(self, issue: Issue):
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(issue)
        else:
            self.extra_issues += 1

    def issue_lines(self) -> list[str]:
        lines = [str(issue) for issue in self.issues]
        if self.extra_issues:
            lines.append(_("另有 %(count)d 个问题未列出。") % {"count": self.extra_issues})
        return lines

    def summary(self) -> str:
        counts = self.counts
        if self.issues:
            return _("发现 %(count)d 个问题,没有导入任何数据。") % {
                "count": len(self.issues) + self.extra_issues
            }
        if not self.has_changes:
            return _(
                "文件与数据库一致,没有需要更改的内容(%(unchanged)d 行不变,%(skipped)d 行跳过)。"
            ) % {
                "unchanged": counts[UNCHANGED],
                "skipped": counts[SKIP],
            }
        return _(
            "新增 %(create)d 行,修改 %(update)d 行,不变 %(unchanged)d 行,跳过 %(skip)d 行。"
        ) % (counts)


def _max_length(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


def _max_value(model, name: str) -> int | None:
    """The largest value the column's validators (and the database) accept."""
    limits = [
        v.limit_value
        for v in model._meta.get_field(name).validators
        if isinstance(v, MaxValueValidator)
    ]
    return min(limits) if limits else None


def _show(value) -> str:
    if value is None or value == "":
        return _("(空)")
    return (
        str(layout.to_local_naive(value))
        if hasattr(value, "tzinfo") and hasattr(value, "hour")
        else str(value)
    )


def _change(label: str, old, new) -> str:
    return f"{label}:{_show(old)} → {_show(new)}"


def _validation_issues(error: ValidationError, sheet, row, labels: dict) -> list[Issue]:
    issues = []
    for name, messages in error.message_dict.items():
        column = labels.get(name)
        for message in messages:
            issues.append(Issue(message, sheet=sheet, row=row, column=column))
    return issues


class _Known(NamedTuple):
    """An existing nominee, as much of it as matching needs."""

    pk: int
    name: str
    aliases: list
    kind: str


class _Stored(NamedTuple):
    """An existing award, as much of it as comparing needs."""

    pk: int
    award_list_id: int
    position: int
    nominee_id: int
    case_id: int | None
    rank: int | None
    level: str
    withdrawn_at: object
    withdrawal_reason: str


class _Planner:
    """Builds an ImportPlan; one instance per file."""

    def __init__(self, tables: list[Table], filename: str, progress=None):
        self.tables = tables
        self.progress = progress
        self.plan = ImportPlan(filename=filename)
        self.suggestions_left = MAX_SUGGESTIONS
        self._nominee_index = None

    # --- entry -----------------------------------------------------------

    def run(self) -> ImportPlan:
        by_key = {layout.match_key(t.name or ""): t for t in self.tables}
        edition_table = by_key.get(layout.match_key(layout.EDITION_SHEET))
        if not any(t.rows for t in self.tables):
            if any(any(c not in (None, "") for c in t.header) for t in self.tables):
                raise SpreadsheetError(_("文件只有表头,没有数据。"))
            raise SpreadsheetError(_("文件是空的。"))
        if edition_table is not None:
            self._plan_workbook(edition_table, by_key)
        else:
            data_tables = [t for t in self.tables if t.rows]
            if len(data_tables) != 1:
                raise SpreadsheetError(
                    _(
                        "找不到「%(edition)s」工作表。整届工作簿需要「%(edition)s」和「%(lists)s」两张表;"
                        "单个榜单请只放一张表,并带有「年份」和「榜单」列。请先下载模板对照。"
                    )
                    % {"edition": layout.EDITION_SHEET, "lists": layout.LISTS_SHEET}
                )
            self._plan_flat(data_tables[0])
        if not self.plan.issues and not self.plan.outcomes:
            raise SpreadsheetError(_("文件只有表头,没有数据。"))
        # Problems read top to bottom, sheet by sheet, as the organizer will fix them.
        order = {table.name: index for index, table in enumerate(self.tables)}
        self.plan.issues.sort(key=lambda i: (order.get(i.sheet, -1), i.row or 0))
        return self.plan

    def issue(self, message, table=None, row=None, column=None):
        self.plan.add_issue(
            Issue(message, sheet=table.name if table else None, row=row, column=column)
        )

    def _cells(self, table: Table, columns: dict, labels: dict, number: int, values: list) -> dict:
        """{field: raw value} for one row; formula cells without a result become issues."""
        out = {}
        for name, index in columns.items():
            if (number, index) in table.uncached_formulas:
                self.plan.add_issue(issue_for_formula(table, number, labels[name]))
                out[name] = None
                continue
            out[name] = values[index] if index < len(values) else None
        return out

    def _read(self, reader, raw, table, number, label, *args):
        try:
            return reader(raw, *args), True
        except CellError as exc:
            self.issue(str(exc), table, number, label)
            return None, False

    # --- whole-edition workbook -------------------------------------------

    def _plan_workbook(self, edition_table: Table, by_key: dict):
        lists_table = by_key.get(layout.match_key(layout.LISTS_SHEET))
        if lists_table is None:
            raise SpreadsheetError(
                _("缺少「%(lists)s」工作表:它列出每个榜单和存放它的工作表。请先下载模板对照。")
                % {"lists": layout.LISTS_SHEET}
            )
        edition = self._plan_edition(edition_table)
        if edition is None:
            return
        lists = self._plan_lists(lists_table, edition)
        used = {layout.match_key(name) for name in layout.RESERVED_SHEETS}
        for sheet_name, award_list in lists:
            table = by_key.get(layout.match_key(sheet_name))
            used.add(layout.match_key(sheet_name))
            if table is None:
                self.issue(
                    _("「榜单」表写的工作表「%(sheet)s」不存在。") % {"sheet": sheet_name},
                    lists_table,
                )
                continue
            self._plan_awards(table, award_list, self._award_columns(table, award_list.kind))
        for table in self.tables:
            if layout.match_key(table.name or "") not in used and table.rows:
                self.issue(
                    _(
                        "这张表没有登记在「%(lists)s」表中,无法知道它属于哪个榜单。请在「%(lists)s」表中加一行。"
                    )
                    % {"lists": layout.LISTS_SHEET},
                    table,
                )
        self._load_existing_awards()

    def _plan_edition(self, table: Table) -> Edition | None:
        header, issues = layout.map_header(
            Table(name=table.name, header=table.header),
            tuple(zip(("label", "value"), layout.EDITION_HEADER, strict=True)),
            ("label", "value"),
        )
        for issue in issues:
            self.plan.add_issue(issue)
        if issues:
            return None
        labels = dict(layout.EDITION_FIELDS)
        by_label = {layout.match_key(label): name for name, label in layout.EDITION_FIELDS}
        raw, rows = {}, {}
        for number, values in table.rows:
            cell = values[header["label"]] if header["label"] < len(values) else None
            name = by_label.get(layout.match_key(layout.as_text(cell)))
            if name is None:
                hint = layout.suggest(layout.as_text(cell), labels.values())
                message = _("无法识别的字段「%(label)s」。") % {"label": layout.as_text(cell)}
                if hint:
                    message += _("你是不是要找「%(hint)s」?") % {"hint": hint}
                self.issue(message, table, number, layout.EDITION_HEADER[0])
                continue
            if name in raw:
                self.issue(
                    _("字段「%(label)s」出现了两次。") % {"label": labels[name]}, table, number
                )
                continue
            index = header["value"]
            if (number, index) in table.uncached_formulas:
                self.plan.add_issue(issue_for_formula(table, number, labels[name]))
                continue
            raw[name] = values[index] if index < len(values) else None
            rows[name] = number
        for name in layout.EDITION_REQUIRED:
            if raw.get(name) in (None, ""):
                self.issue(_("必须填写「%(label)s」。") % {"label": labels[name]}, table)
        if self.plan.issues:
            return None

        values = {}
        for name, value in raw.items():
            if name == "year":
                reader, args = layout.as_int, (1990,)
            elif name in ("held_on", "source_date"):
                reader, args = layout.as_date, ()
            elif name == "published_at":
                reader, args = layout.as_datetime, ()
            else:
                reader, args = layout.as_text, (_max_length(Edition, name),)
            values[name], ok = self._read(reader, value, table, rows[name], labels[name], *args)
            if not ok:
                values.pop(name)
        if "year" not in values:
            return None
        edition = Edition.objects.filter(year=values["year"]).first()
        action = UNCHANGED if edition else CREATE
        edition = edition or Edition()
        changes = []
        for name, value in values.items():
            old = getattr(edition, name)
            same = layout.same_moment(old, value) if name == "published_at" else old == value
            if not same:
                if action != CREATE:
                    changes.append(_change(labels[name], old, value))
                    action = UPDATE
                setattr(edition, name, value)
        if action != UNCHANGED:
            try:
                edition.full_clean(exclude=["updated_at"], validate_unique=False)
            except ValidationError as exc:
                for issue in _validation_issues(exc, table.name, None, labels):
                    self.plan.add_issue(issue)
        self.plan.edition, self.plan.edition_action = edition, action
        self.plan.outcomes.append(RowOutcome(table.name, None, action, edition.name, changes))
        return edition

    def _plan_lists(self, table: Table, edition: Edition) -> list[tuple[str, AwardList]]:
        columns, issues = layout.map_header(table, layout.LIST_COLUMNS, layout.LIST_REQUIRED)
        for issue in issues:
            self.plan.add_issue(issue)
        if issues:
            return []
        labels = dict(layout.LIST_COLUMNS)
        existing = list(AwardList.objects.filter(edition=edition)) if edition.pk else []
        by_slug = {item.slug: item for item in existing}
        by_name = {match_key(item.name): item for item in existing}
        with_awards = (
            set(
                Award.objects.filter(award_list__in=existing)
                .values_list("award_list", flat=True)
                .distinct()
            )
            if existing
            else set()
        )
        taken_slugs = set(by_slug)
        seen = {"sheet": {}, "slug": {}, "name": {}}
        result = []
        for order, (number, values) in enumerate(table.rows, start=1):
            raw = self._cells(table, columns, labels, number, values)
            row = {}
            readers = {
                "sheet": (layout.as_text, (31,)),
                "name": (layout.as_text, (_max_length(AwardList, "name"),)),
                "slug": (layout.as_text, (_max_length(AwardList, "slug"),)),
                "position": (layout.as_int, ()),
                "kind": (layout.as_choice, (layout.LIST_KINDS,)),
                "announced_count": (layout.as_int, ()),
                "description": (layout.as_text, ()),
            }
            failed = False
            for name in columns:
                reader, args = readers[name]
                row[name], ok = self._read(reader, raw[name], table, number, labels[name], *args)
                failed |= not ok
            if failed:
                continue
            for name in ("sheet", "name", "kind"):
                if not row[name]:
                    self.issue(_("必须填写。"), table, number, labels[name])
                    failed = True
            if failed:
                continue
            for name in ("sheet", "slug", "name"):
                key = match_key(row.get(name) or "")
                if not key:
                    continue
                if key in seen[name]:
                    self.issue(
                        _("『%(value)s』与第%(row)d行重复。")
                        % {"value": row[name], "row": seen[name][key]},
                        table,
                        number,
                        labels[name],
                    )
                    failed = True
                seen[name][key] = number
            if failed:
                continue
            award_list = (
                by_slug.get(row.get("slug"))
                if row.get("slug")
                else by_name.get(match_key(row["name"]))
            )
            action, changes = (UNCHANGED, []) if award_list else (CREATE, [])
            if award_list is None:
                slug = row.get("slug") or self._new_slug(row["name"], taken_slugs)
                taken_slugs.add(slug)
                award_list = AwardList(edition=edition, slug=slug)
            target = {
                "name": row["name"],
                "kind": row["kind"],
                "position": row.get("position")
                if row.get("position") is not None
                else (award_list.position if award_list.pk else order),
            }
            if "announced_count" in columns:
                target["announced_count"] = row["announced_count"]
            if "description" in columns:
                target["description"] = row["description"]
            for name, value in target.items():
                old = getattr(award_list, name)
                if old != value:
                    if action != CREATE:
                        action = UPDATE
                        changes.append(_change(labels[name], old, value))
                    setattr(award_list, name, value)
            if award_list.pk in with_awards and any(
                c.startswith(labels["kind"] + ":") for c in changes
            ):
                self.issue(_("这个榜单已有奖项,不能改类型。"), table, number, labels["kind"])
                continue
            if action != UNCHANGED:
                try:
                    award_list.full_clean(
                        exclude=["edition"], validate_unique=False, validate_constraints=False
                    )
                except ValidationError as exc:
                    for issue in _validation_issues(exc, table.name, number, labels):
                        self.plan.add_issue(issue)
                    continue
                self.plan.lists_to_save.append(award_list)
            self.plan.outcomes.append(
                RowOutcome(table.name, number, action, award_list.name, changes)
            )
            result.append((row["sheet"], award_list))
        return result

    @staticmethod
    def _new_slug(name: str, taken: set) -> str:
        base = pinyin_slug(name, max_length=72)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        return slug

    def _award_columns(self, table: Table, kind: str) -> dict | None:
        columns, issues = layout.map_header(table, layout.AWARD_COLUMNS, self._required(kind))
        for issue in issues:
            self.plan.add_issue(issue)
        return None if issues else columns

    @staticmethod
    def _required(kind: str) -> tuple:
        return (
            (*layout.AWARD_REQUIRED, "case_title")
            if kind == AwardList.Kind.CASES
            else layout.AWARD_REQUIRED
        )

    # --- one list per file -------------------------------------------------

    def _plan_flat(self, table: Table):
        columns, issues = layout.map_header(table, layout.FLAT_COLUMNS, layout.FLAT_REQUIRED)
        for issue in issues:
            self.plan.add_issue(issue)
        if issues:
            return
        labels = dict(layout.FLAT_COLUMNS)
        groups = {}
        for number, values in table.rows:
            year, ok = self._read(
                layout.as_int, self._cell(values, columns["year"]), table, number, labels["year"]
            )
            name, ok2 = self._read(
                layout.as_text, self._cell(values, columns["list"]), table, number, labels["list"]
            )
            if not (ok and ok2):
                continue
            if year is None or not name:
                self.issue(_("必须填写年份和榜单。"), table, number)
                continue
            groups.setdefault((year, match_key(name)), (name, []))[1].append((number, values))
        editions = {e.year: e for e in Edition.objects.filter(year__in={y for y, _ in groups})}
        lists = {}
        for item in AwardList.objects.filter(edition__in=editions.values()).select_related(
            "edition"
        ):
            lists[(item.edition.year, match_key(item.name))] = item
            lists.setdefault((item.edition.year, match_key(item.slug)), item)
        for (year, key), (name, rows) in groups.items():
            if year not in editions:
                self.issue(
                    _("找不到 %(year)d 年的届次。请先在后台创建,或导入整届工作簿。")
                    % {"year": year},
                    table,
                    rows[0][0],
                    labels["year"],
                )
                continue
            award_list = lists.get((year, key))
            if award_list is None:
                names = [item.name for (y, _k), item in lists.items() if y == year]
                hint = layout.suggest(name, names)
                message = _("%(year)d 年没有榜单『%(name)s』。") % {"year": year, "name": name}
                if hint:
                    message += _("你是不是要找『%(hint)s』?") % {"hint": hint}
                self.issue(message, table, rows[0][0], labels["list"])
                continue
            if award_list.is_case_list and "case_title" not in columns:
                self.issue(_("缺少列「%(column)s」。") % {"column": labels["case_title"]}, table, 1)
                continue
            self._plan_awards(
                Table(table.name, table.header, rows, table.uncached_formulas), award_list, columns
            )
        self._load_existing_awards()

    @staticmethod
    def _cell(values, index):
        return values[index] if index < len(values) else None

    # --- award rows --------------------------------------------------------

    def _plan_awards(self, table: Table, award_list: AwardList, columns: dict | None):
        """Collect the rows of one list; resolution against the database happens in one go later."""
        if columns is None:
            return
        labels = dict(layout.AWARD_COLUMNS)
        pending = getattr(self, "_pending", None)
        if pending is None:
            pending = self._pending = []
        readers = {
            "position": (layout.as_int, (1, _max_value(Award, "position"))),
            "nominee": (layout.as_text, (_max_length(Nominee, "name"),)),
            "nominee_kind": (layout.as_choice, (layout.NOMINEE_KINDS,)),
            "case_title": (layout.as_text, (_max_length(Case, "title"),)),
            "case_summary": (layout.as_text, ()),
            "rank": (layout.as_int, (1, _max_value(Award, "rank"))),
            "level": (layout.as_text, (_max_length(Award, "level"),)),
            "withdrawn_at": (layout.as_datetime, ()),
            "withdrawal_reason": (layout.as_text, ()),
        }
        # (field, column index, reader, extra arguments) resolved once, not per cell.
        plan_columns = [
            (name, index, *readers[name]) for name, index in columns.items() if name in readers
        ]
        uncached = table.uncached_formulas
        positions = {}
        for number, values in table.rows:
            row, failed, width = {}, False, len(values)
            for name, index, reader, args in plan_columns:
                if uncached and (number, index) in uncached:
                    self.plan.add_issue(issue_for_formula(table, number, labels[name]))
                    failed = True
                    continue
                try:
                    row[name] = reader(values[index] if index < width else None, *args)
                except CellError as exc:
                    self.issue(str(exc), table, number, labels[name])
                    failed = True
            if failed:
                continue
            if row.get("position") is None:
                self.issue(_("必须填写顺序。"), table, number, labels["position"])
                continue
            filled = [k for k, v in row.items() if v not in (None, "") and k != "position"]
            if not filled:
                self.plan.outcomes.append(
                    RowOutcome(
                        table.name,
                        number,
                        SKIP,
                        _("第%(position)d位") % {"position": row["position"]},
                        [_("只有顺序,没有获奖对象")],
                    )
                )
                continue
            if not row.get("nominee"):
                self.issue(_("必须填写获奖对象。"), table, number, labels["nominee"])
                continue
            if row["position"] in positions:
                self.issue(
                    _("顺序 %(position)d 与第%(row)d行重复。")
                    % {"position": row["position"], "row": positions[row["position"]]},
                    table,
                    number,
                    labels["position"],
                )
                continue
            positions[row["position"]] = number
            if award_list.is_case_list and not row.get("case_title"):
                self.issue(_("案例名单必须填写案例标题。"), table, number, labels["case_title"])
                continue
            if not award_list.is_case_list and (row.get("case_title") or row.get("case_summary")):
                self.issue(_("这是获奖名单,不能填写案例。"), table, number, labels["case_title"])
                continue
            pending.append((table, number, award_list, row))

    def _nominees(self):
        """{match key: Nominee} for names, then aliases (a name wins over another's alias)."""
        if self._nominee_index is None:
            by_name, by_alias = {}, {}
            # Plain tuples: building 10,000 model instances only to read four fields is slow.
            rows = Nominee.objects.values_list("pk", "name", "kind")
            # Decoding every row's JSON is slow; only rows that have aliases need it.
            aliases = dict(Nominee.objects.exclude(aliases=[]).values_list("pk", "aliases"))
            for pk, name, kind in rows:
                nominee = _Known(pk, name, aliases.get(pk, []), kind)
                by_name[match_key(nominee.name)] = nominee
                for alias in nominee.aliases or ():
                    by_alias.setdefault(match_key(alias), nominee)
            self._nominee_index = {**by_alias, **by_name}
            self._nominee_names = [n.name for n in by_name.values()] + [
                a for n in by_name.values() for a in (n.aliases or ())
            ]
            self._alias_owner = {a: n.name for n in by_name.values() for a in (n.aliases or ())}
        return self._nominee_index

    def _unknown_nominee(self, name: str) -> str:
        message = _("找不到『%(name)s』。") % {"name": name}
        if self.suggestions_left > 0:
            self.suggestions_left -= 1
            hint = layout.suggest(name, self._nominee_names, cutoff=0.6)
            owner = self._alias_owner.get(hint)
            if owner:
                message = _("找不到『%(name)s』,你是不是要找『%(hint)s』(别名『%(alias)s』)?") % {
                    "name": name,
                    "hint": owner,
                    "alias": hint,
                }
            elif hint:
                message = _("找不到『%(name)s』,你是不是要找『%(hint)s』?") % {
                    "name": name,
                    "hint": hint,
                }
        return message + _("如果是新的获奖对象,请在「对象类型」中选择类型。")

    def _new_nominee_note(self, nominee) -> str:
        """Says a nominee will be created, and names a similar existing one (a likely typo)."""
        kind = layout.label_of(layout.NOMINEE_KINDS, nominee.kind)
        note = _("新建获奖对象『%(name)s』(%(kind)s)") % {"name": nominee.name, "kind": kind}
        if self.suggestions_left > 0:
            self.suggestions_left -= 1
            hint = layout.suggest(nominee.name, self._nominee_names, cutoff=0.75)
            if hint:
                note += _(",注意已有相似的『%(hint)s』") % {"hint": hint}
        return note

    def _load_existing_awards(self):
        rows = getattr(self, "_pending", [])
        if not rows:
            return
        plan = self.plan
        if self.progress is not None:
            self.progress.total = len(rows)
        labels = dict(layout.AWARD_COLUMNS)
        nominees = self._nominees()
        new_nominees, kind_changes, first_rows = {}, {}, {}

        # 1. Nominees: existing by match key, new ones only when the kind is given.
        resolved = []
        for table, number, award_list, row in rows:
            key = match_key(row["nominee"])
            nominee = nominees.get(key) or new_nominees.get(key)
            kind = row.get("nominee_kind")
            if nominee is None:
                if not kind:
                    self.issue(
                        self._unknown_nominee(row["nominee"]), table, number, labels["nominee"]
                    )
                    continue
                nominee = Nominee(name=row["nominee"], kind=kind)
                try:
                    nominee.full_clean(
                        exclude=["slug"], validate_unique=False, validate_constraints=False
                    )
                except ValidationError as exc:
                    for issue in _validation_issues(
                        exc,
                        table.name,
                        number,
                        {"name": labels["nominee"], "kind": labels["nominee_kind"]},
                    ):
                        plan.add_issue(issue)
                    continue
                new_nominees[key] = nominee
                first_rows[key] = number
            elif kind and kind != nominee.kind:
                earlier = kind_changes.get(nominee.pk or key)
                if earlier and earlier[0] != kind:
                    self.issue(
                        _("『%(name)s』的对象类型与第%(row)d行不一致。")
                        % {"name": row["nominee"], "row": earlier[1]},
                        table,
                        number,
                        labels["nominee_kind"],
                    )
                    continue
                if nominee.pk:
                    kind_changes[nominee.pk] = (kind, number, table)
                else:
                    self.issue(
                        _("『%(name)s』的对象类型与前面的行不一致。") % {"name": row["nominee"]},
                        table,
                        number,
                        labels["nominee_kind"],
                    )
                    continue
            resolved.append((table, number, award_list, row, nominee))

        # 2. Cases of the nominees named in case lists, in one query.
        case_rows = [r for r in resolved if r[2].is_case_list]
        owner_ids = {r[4].pk for r in case_rows if r[4].pk}
        cases = {}
        for case in Case.objects.filter(nominee_id__in=owner_ids) if owner_ids else ():
            cases[(case.nominee_id, match_key(case.title))] = case
        new_cases, summary_changes = {}, {}

        # 3. Existing awards of every list touched, in one query.
        list_ids = {r[2].pk for r in resolved if r[2].pk}
        existing = {}
        if list_ids:
            rows = Award.objects.filter(award_list_id__in=list_ids).values_list(*_Stored._fields)
            for award in map(_Stored._make, rows):
                existing[(award.award_list_id, award.position)] = award
        final = {}  # (list identity, position) -> (nominee identity, case identity)
        for (list_id, position), award in existing.items():
            final[(list_id, position)] = (
                ("id", award.nominee_id),
                ("id", award.case_id) if award.case_id else None,
            )

        outcomes = []
        for table, number, award_list, row, nominee in resolved:
            if self.progress is not None:
                self.progress.update(1)
            case, changes = None, []
            if award_list.is_case_list:
                owner = nominee.pk or ("new", match_key(nominee.name))
                case_key = (owner, match_key(row["case_title"]))
                case = cases.get(case_key) or new_cases.get(case_key)
                if case is None:
                    case = Case(
                        **(
                            {"nominee": nominee}
                            if nominee.pk is None
                            else {"nominee_id": nominee.pk}
                        ),
                        title=row["case_title"],
                        summary=row.get("case_summary") or "",
                    )
                    new_cases[case_key] = case
                elif "case_summary" in row and (row["case_summary"] or "") != case.summary:
                    earlier = summary_changes.get(case_key)
                    if earlier and earlier[0] != row["case_summary"]:
                        self.issue(
                            _("同一案例的简介与第%(row)d行不一致。") % {"row": earlier[1]},
                            table,
                            number,
                            labels["case_summary"],
                        )
                        continue
                    if case.pk and not earlier:
                        changes.append(
                            _change(labels["case_summary"], case.summary, row["case_summary"])
                        )
                        summary_changes[case_key] = (row["case_summary"], number, case)
            if nominee.pk in kind_changes and kind_changes[nominee.pk][1] == number:
                changes.append(
                    _change(
                        labels["nominee_kind"],
                        layout.label_of(layout.NOMINEE_KINDS, nominee.kind),
                        layout.label_of(layout.NOMINEE_KINDS, row["nominee_kind"]),
                    )
                )
            list_identity = award_list.pk or ("new", id(award_list))
            old = existing.get((award_list.pk, row["position"])) if award_list.pk else None
            values = {
                "rank": row.get("rank"),
                "level": row.get("level") or "",
                "withdrawn_at": row.get("withdrawn_at"),
                "withdrawal_reason": row.get("withdrawal_reason") or "",
            }
            for name in ("rank", "level", "withdrawn_at", "withdrawal_reason"):
                if name not in row:
                    values[name] = getattr(old, name) if old else values[name]
            nominee_identity = (
                ("id", nominee.pk) if nominee.pk else ("new", match_key(nominee.name))
            )
            case_identity = None
            if case is not None:
                case_identity = ("id", case.pk) if case.pk else ("new", id(case))
            final[(list_identity, row["position"])] = (nominee_identity, case_identity)
            if nominee.pk is None and first_rows.get(match_key(nominee.name)) == number:
                changes.insert(0, self._new_nominee_note(nominee))
            label = _("第%(position)d位 %(name)s") % {
                "position": row["position"],
                "name": nominee.name,
            }
            # The Award itself is built only when written: the preview never needs it.
            award = {
                "award_list": award_list,
                "position": row["position"],
                "case": case,
                **values,
                **({"nominee": nominee} if nominee.pk is None else {"nominee_id": nominee.pk}),
            }
            if old is None:
                action = CREATE
                plan.awards_new.append(award)
            else:
                replaced = old.nominee_id != nominee.pk or old.case_id != (
                    case.pk if case else None
                )
                if replaced:
                    changes.insert(
                        0, _change(labels["nominee"], self._name_of(old.nominee_id), nominee.name)
                    )
                    if case is not None and old.case_id != case.pk:
                        changes.insert(1, _change(labels["case_title"], "", case.title))
                for name in ("rank", "level", "withdrawn_at", "withdrawal_reason"):
                    before, after = getattr(old, name), values[name]
                    same = (
                        layout.same_moment(before, after)
                        if name == "withdrawn_at"
                        else before == after
                    )
                    if not same:
                        changes.append(_change(labels[name], before, after))
                    elif name == "withdrawn_at":
                        values[name] = before
                        award["withdrawn_at"] = before
                if replaced:
                    plan.awards_replaced.append(old.pk)
                    plan.awards_new.append(award)
                    action = UPDATE
                elif changes:
                    award["pk"] = old.pk
                    plan.awards_changed.append(award)
                    action = UPDATE
                else:
                    action = UNCHANGED
            if changes and action == UNCHANGED:
                action = UPDATE  # the nominee's kind or the case's summary changes
            # Award.clean()'s rules, checked without building 10,000 instances: field types,
            # ranges and lengths were checked per cell; a case-list row has a case and a
            # nominee-list row none (checked per row above); the case is looked up under the
            # row's own nominee; a withdrawal needs its reason.
            if action != UNCHANGED and values["withdrawn_at"] and not values["withdrawal_reason"]:
                self.issue(
                    _("撤销奖项时必须填写原因。"), table, number, labels["withdrawal_reason"]
                )
                continue
            outcomes.append(RowOutcome(table.name, number, action, label, changes))

        # 4. The final state of each list must keep one award per nominee and per case.
        self._check_unique(final, resolved)

        # The rows' outcomes sit after the list rows, in file order.
        plan.outcomes.extend(outcomes)
        plan.nominees_new = list(new_nominees.values())
        plan.cases_new = list(new_cases.values())
        if kind_changes:
            changed = {n.pk: n for n in Nominee.objects.filter(pk__in=kind_changes)}
            for pk, (kind, _number, _table) in kind_changes.items():
                changed[pk].kind = kind
            plan.nominees_changed = list(changed.values())
        plan.cases_changed = []
        for _key, (summary, _number, case) in summary_changes.items():
            case.summary = summary
            plan.cases_changed.append(case)

    def _name_of(self, nominee_id):
        for nominee in self._nominee_index.values():
            if nominee.pk == nominee_id:
                return nominee.name
        return str(nominee_id)

    def _check_unique(self, final, resolved):
        """After the import, a list holds each nominee and each case once."""
        per_list = {}
        for (list_identity, position), (nominee_identity, case_identity) in final.items():
            nominees, cases = per_list.setdefault(list_identity, ([], []))
            nominees.append((nominee_identity, position))
            if case_identity is not None:
                cases.append((case_identity, position))
        labels = dict(layout.AWARD_COLUMNS)
        where = None
        for list_identity, (nominees, cases) in per_list.items():
            for column, pairs in ((labels["nominee"], nominees), (labels["case_title"], cases)):
                if len({identity for identity, _position in pairs}) == len(pairs):
                    continue  # the common case: nothing repeated
                if where is None:
                    where = {
                        (a_list.pk or ("new", id(a_list)), row["position"]): (table, number)
                        for table, number, a_list, row, _nominee in resolved
                    }
                self._report_repeats(
                    list_identity, sorted(pairs, key=lambda p: p[1]), where, column
                )

    def _report_repeats(self, list_identity, pairs, where, column):
        first_position = {}
        for identity, position in pairs:
            if identity not in first_position:
                first_position[identity] = position
                continue
            first = first_position[identity]
            here = where.get((list_identity, position)) or where.get((list_identity, first))
            if here is None:
                continue
            other = where.get((list_identity, first))
            if other and other != here:
                message = _("与第%(row)d行重复:同一榜单不能出现两次。") % {"row": other[1]}
            else:
                shown = first if other is None else position
                message = _(
                    "已在本榜单第%(position)d位(文件中没有这一位),同一榜单不能出现两次。"
                ) % {"position": shown}
            self.issue(message, here[0], here[1], column)
