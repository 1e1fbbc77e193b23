"""Stage 5, plan (first part): the edition and its lists, and which sheet holds which list.

A whole-edition workbook names its edition on the 届次 sheet and its lists on the 榜单 sheet;
a single-list CSV names year and list on every row. Either way the award rows then go to
`plan_awards.AwardRows`, the one per-row path both share.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.importing import layout, outcomes
from awards.importing.cells import KEEP_PUBLICATION, CellError, CellReader
from awards.importing.columns import map_fields, map_header, missing_column
from awards.importing.errors import Issue, SpreadsheetError
from awards.importing.outcomes import Action, ImportPlan, RowOutcome, validation_issues
from awards.models import AwardList, Edition
from awards.slugs import mint_slug
from awards.text import match_key

LIST_HEADERS = dict(layout.LIST_COLUMNS)


def _columns(table, spec, plan: ImportPlan, also_required=()) -> dict | None:
    """Stage 2 for one sheet: {field: column index}, or None once its problems are reported."""
    columns, issues = map_header(table, spec, also_required)
    for issue in issues:
        plan.add_issue(issue)
    return None if issues else columns


def plan_workbook(tables, by_key: dict, plan: ImportPlan, records, award_rows):
    """届次, then 榜单, then each list's sheet as the 榜单 sheet names it."""
    lists_table = by_key.get(match_key(layout.LISTS_SHEET))
    if lists_table is None:
        raise SpreadsheetError(
            _("缺少「%(lists)s」工作表:它列出每个榜单和存放它的工作表。请先下载模板对照。")
            % {"lists": layout.LISTS_SHEET}
        )
    edition = plan_edition(by_key[match_key(layout.EDITION_SHEET)], plan)
    if edition is None:
        return
    used = {match_key(name) for name in layout.RESERVED_SHEETS}
    for sheet_name, award_list in ListRows(lists_table, edition, plan, records).lists():
        if not sheet_name:
            continue  # a list with no recorded winner: no sheet of its own
        table = by_key.get(match_key(sheet_name))
        used.add(match_key(sheet_name))
        if table is None:
            message = _("「榜单」表写的工作表「%(sheet)s」不存在。") % {"sheet": sheet_name}
            plan.issue(message, lists_table)
            continue
        also = ("case_title",) if award_list.is_case_list else ()
        columns = _columns(table, layout.AWARDS, plan, also)
        if columns is not None:
            rows = CellReader(table, columns, layout.AWARDS, plan.add_issue).rows()
            award_rows.add(table, award_list, rows)
            table.rows = []  # checked: the raw cells are not held twice
    for table in tables:
        if match_key(table.name or "") not in used and table.rows:
            message = _(
                "这张表没有登记在「%(lists)s」表中,无法知道它属于哪个榜单。请在「%(lists)s」表中加一行。"
            ) % {"lists": layout.LISTS_SHEET}
            plan.issue(message, table)


def plan_edition(table, plan: ImportPlan) -> Edition | None:
    """The 届次 sheet: one field per row. None when the edition cannot be known."""
    header = _columns(table, layout.EDITION_SHEET_COLUMNS, plan)
    if header is None:
        return None
    spec = {column.name: column for column in layout.EDITION}
    raw = map_fields(table, header, layout.EDITION, layout.EDITION_HEADER[0], plan.add_issue)
    if plan.issues:
        return None
    values = {}
    for name, (number, value) in raw.items():
        try:
            values[name] = spec[name].read(value)
        except CellError as exc:
            plan.issue(str(exc), table, number, spec[name].header)
    if "year" not in values:
        return None
    _check_year(values, raw, table, plan)
    edition = Edition.objects.filter(year=values["year"]).first()
    action = Action.UNCHANGED if edition else Action.CREATE
    if values.get("published_at") == KEEP_PUBLICATION:
        # A blank 发布时间 never unpublishes: a new edition is a draft, a stored one stays.
        if edition:
            del values["published_at"]
        else:
            values["published_at"] = None
    if edition and edition.is_public and "published_at" in values:
        _warn_unpublish(edition, values["published_at"], plan)
    edition = edition or Edition()
    labels, changes = dict(layout.EDITION_FIELDS), []
    for name, value in values.items():
        old = getattr(edition, name)
        same = layout.same_moment(old, value) if name == "published_at" else old == value
        if not same:
            if action != Action.CREATE:
                changes.append(outcomes.change(labels[name], old, value))
                action = Action.UPDATE
            setattr(edition, name, value)
    if action == Action.CREATE:
        changes = outcomes.written(labels, values)
    if action != Action.UNCHANGED:
        try:
            edition.full_clean(exclude=["updated_at"], validate_unique=False)
        except ValidationError as exc:
            for issue in validation_issues(exc, table.name, None, labels):
                plan.add_issue(issue)
    plan.edition, plan.edition_action = edition, action
    plan.outcomes.append(RowOutcome(table.name, None, action, edition.name, changes))
    return edition


def _warn_unpublish(edition: Edition, published_at, plan: ImportPlan):
    """An explicit 草稿 or a future moment takes a public edition off the site: say so apart."""
    if published_at is not None and published_at <= timezone.now():
        return
    if published_at is None:
        message = _("取消发布:%(name)s将变回草稿,公众将看不到它。") % {"name": edition.name}
    else:
        message = _("取消发布:%(name)s将改为定时发布(%(at)s),在那之前公众看不到它。") % {
            "name": edition.name,
            "at": outcomes.show(published_at),
        }
    plan.removals.append(message)


def _check_year(values: dict, raw: dict, table, plan: ImportPlan):
    """A warning, not an error: an event may straddle New Year, but 年份 is usually a typo."""
    held_on = values.get("held_on")
    if held_on is None or held_on.year == values["year"]:
        return
    message = _(
        "「年份」是 %(year)d,「举办日期」却是 %(date)s,不在同一年。"
        "请确认没有填错;如果峰会确实跨年举办,可以忽略这条提醒。"
    ) % {"year": values["year"], "date": held_on.isoformat()}
    plan.notes.append(str(Issue(message, sheet=table.name, row=raw["held_on"][0])))


class ListRows:
    """The 榜单 sheet: each row creates, updates or keeps one list of the edition."""

    def __init__(self, table, edition: Edition, plan: ImportPlan, records):
        self.table, self.edition, self.plan = table, edition, plan
        existing, self.with_awards = records.lists_of(edition)
        self.by_slug = {item.slug: item for item in existing}
        self.by_name = {match_key(item.name): item for item in existing if item.name}
        # Lists the source left unnamed are told apart by their position.
        self.unnamed = {item.position: item for item in existing if not item.name}
        self.taken_slugs = set(self.by_slug)
        self.seen = {"sheet": {}, "slug": {}, "name": {}, "name_en": {}}

    def lists(self) -> list[tuple[str, AwardList]]:
        """(sheet name, list) for each good row."""
        columns = _columns(self.table, layout.LISTS, self.plan)
        if columns is None:
            return []
        self.columns = columns
        reader = CellReader(self.table, columns, layout.LISTS, self.plan.add_issue)
        result = []
        for order, (number, row) in enumerate(reader.rows(), start=1):
            if row is None or not self._row_ok(number, row):
                continue
            award_list = self._plan_row(order, number, row)
            if award_list is not None:
                result.append((row["sheet"], award_list))
        self._check_english_names([item for _sheet, item in result])
        return result

    def _check_english_names(self, planned):
        """An English list name is unique in its edition, like the Chinese one (the database
        refuses a repeat); lists the file leaves out keep theirs."""
        planned_pks = {item.pk for item in planned if item.pk}
        kept = {
            match_key(item.name_en): item.name
            for item in self.by_slug.values()
            if item.name_en and item.pk not in planned_pks
        }
        for item in planned:
            other = kept.get(match_key(item.name_en or ""))
            if other:
                message = _("英文名称『%(value)s』已用于本届的「%(other)s」。") % {
                    "value": item.name_en,
                    "other": other,
                }
                self.plan.issue(message, self.table, None, LIST_HEADERS["name_en"])

    def _row_ok(self, number: int, row: dict) -> bool:
        """Required cells filled; sheet, slug and name each used once.

        A blank 榜单名称 is a list the source left unnamed; a blank 工作表, one with no
        recorded winner.
        """
        missing = [name for name in ("kind",) if not row[name]]
        for name in missing:
            self.plan.issue(_("必须填写。"), self.table, number, LIST_HEADERS[name])
        if missing:
            return False
        ok = True
        for name in ("sheet", "slug", "name", "name_en"):
            key = match_key(row.get(name) or "")
            if not key:
                continue
            if key in self.seen[name]:
                message = _("『%(value)s』与第%(row)d行重复。") % {
                    "value": row[name],
                    "row": self.seen[name][key],
                }
                self.plan.issue(message, self.table, number, LIST_HEADERS[name])
                ok = False
            self.seen[name][key] = number
        return ok

    def _plan_row(self, order: int, number: int, row: dict) -> AwardList | None:
        slug = row.get("slug")
        if slug:
            award_list = self.by_slug.get(slug)
        elif row["name"]:
            award_list = self.by_name.get(match_key(row["name"]))
        else:
            award_list = self.unnamed.get(row.get("position") or order)
        action, changes = (Action.UNCHANGED, []) if award_list else (Action.CREATE, [])
        if award_list is None:
            slug = slug or mint_slug(
                row["name"], taken=self.taken_slugs, position=row.get("position") or order
            )
            self.taken_slugs.add(slug)
            award_list = AwardList(edition=self.edition, slug=slug)
        if award_list.pk in self.with_awards and award_list.kind != row["kind"]:
            message = _("%(list)s已有奖项,不能改类型。") % {"list": outcomes.list_title(award_list)}
            self.plan.issue(message, self.table, number, LIST_HEADERS["kind"])
            return None
        target = {"name": row["name"], "kind": row["kind"], "position": row.get("position")}
        if target["position"] is None:
            target["position"] = award_list.position if award_list.pk else order
        for name in ("announced_count", "description", "name_en", "description_en"):
            if name in self.columns:
                target[name] = row[name]
        # Blank 评选年度 / 来源未公布名单: a stored list keeps its own, a new one takes the default.
        if row.get("review_year") is not None or not award_list.pk:
            target["review_year"] = row.get("review_year") or self.edition.year
        if row.get("source_unpublished") or not award_list.pk:
            target["source_unpublished"] = row.get("source_unpublished") == "yes"
        for name, value in target.items():
            old = getattr(award_list, name)
            if old != value:
                if action != Action.CREATE:
                    action = Action.UPDATE
                    changes.append(outcomes.change(LIST_HEADERS[name], *_shown(name, old, value)))
                setattr(award_list, name, value)
        if action == Action.CREATE:
            values = {**target, "slug": award_list.slug, "kind": _shown("kind", row["kind"])[0]}
            # Only the exceptional flag is worth a line: 来源未公布名单:是.
            values["source_unpublished"] = _("是") if target["source_unpublished"] else None
            if target["review_year"] == self.edition.year:
                values["review_year"] = None  # the default says nothing new
            shown = {name: LIST_HEADERS[name] for name in ("slug", *target) if name != "name"}
            changes = outcomes.written(shown, values)
        if action != Action.UNCHANGED:
            try:
                award_list.full_clean(
                    exclude=["edition"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                for issue in validation_issues(exc, self.table.name, number, LIST_HEADERS):
                    self.plan.add_issue(issue)
                return None
            self.plan.lists_to_save.append(award_list)
        outcome = RowOutcome(self.table.name, number, action, award_list.shown_name, changes)
        self.plan.outcomes.append(outcome)
        return award_list


def _shown(name: str, *values) -> tuple:
    """Values as the preview shows them: a list's kind by its label, yes/no as 是/否."""
    if name == "source_unpublished":
        return tuple(_("是") if value else _("否") for value in values)
    if name != "kind":
        return values
    return tuple(layout.label_of(layout.LIST_KINDS, value) for value in values)


def plan_flat(table, plan: ImportPlan, records, award_rows):
    """A single list (or a few) in one table, named by 年份 and 榜单 on every row."""
    columns = _columns(table, layout.FLAT, plan)
    if columns is None:
        return
    headers = dict(layout.FLAT_COLUMNS)
    groups = {}
    for number, row in CellReader(table, columns, layout.FLAT, plan.add_issue).rows():
        if row is None:
            continue
        if row["year"] is None or not row["list"]:
            plan.issue(_("必须填写年份和榜单。"), table, number)
            continue
        key = (row["year"], match_key(row["list"]))
        groups.setdefault(key, (row["list"], []))[1].append((number, row))
    table.rows = []  # checked: the raw cells are not held twice
    editions, lists = records.lists_by_year({year for year, _key in groups})
    for (year, key), (name, rows) in groups.items():
        first = rows[0][0]
        if year not in editions:
            message = _("找不到 %(year)d 年的届次。请先在后台创建,或导入整届工作簿。") % {
                "year": year
            }
            plan.issue(message, table, first, headers["year"])
            continue
        award_list = lists.get((year, key))
        if award_list is None:
            names = [item.name for (y, _k), item in lists.items() if y == year]
            message = _("%(year)d 年没有榜单『%(name)s』。") % {"year": year, "name": name}
            hint = layout.suggest(name, names)
            if hint:
                message += _("你是不是要找『%(hint)s』?") % {"hint": hint}
            plan.issue(message, table, first, headers["list"])
            continue
        if award_list.is_case_list and "case_title" not in columns:
            plan.issue(missing_column(headers["case_title"]), table, 1)
            continue
        award_rows.add(table, award_list, rows)
