"""Stage 5, plan (second part): the award rows of every list, the one per-row path shared by
workbook sheets and the single-list CSV.

`AwardRows.add()` checks each row on its own as its sheet is read; `plan_all()` then matches all
rows against the database at once (stage 4, `matching.Records`) and decides each row's
outcome, so the number of queries does not grow with the number of rows. Which nominee and
which case a row names is decided by the mixins `plan_nominees.NomineeRows` and
`plan_cases.CaseRows`.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards.importing import layout
from awards.importing.outcomes import (
    Action,
    ImportPlan,
    RowOutcome,
    change,
    list_title,
    written,
)
from awards.importing.plan_cases import CaseRows
from awards.importing.plan_english import EnglishNames
from awards.importing.plan_nominees import NomineeRows, row_identity
from awards.text import match_key

HEADERS = dict(layout.AWARD_COLUMNS)
# The award's own fields a row may set; a column left out keeps the stored value.
AWARD_FIELDS = ("rank", "level", "level_en", "withdrawn_at", "withdrawal_reason")
BLANK = {"rank": None, "level": "", "level_en": None, "withdrawn_at": None, "withdrawal_reason": ""}
CASE_HEADERS = {
    name: HEADERS[name]
    for name in ("case_title", "case_title_en", "case_summary", "second_unit", "second_unit_role")
}
FIELD_HEADERS = {name: HEADERS[name] for name in AWARD_FIELDS}
ANNOUNCED_HEADER = HEADERS["announced_name"]
# A nominee or a case twice in one list: both rows in the file, or one already stored.
REPEATED_IN_FILE = {
    "nominee": gettext_lazy(
        "『%(name)s』在%(list)s中与第%(row)d行重复:同一获奖对象在一个榜单中只能获奖一次。"
    ),
    "case_title": gettext_lazy(
        "案例『%(name)s』在%(list)s中与第%(row)d行重复:同一案例在一个榜单中只能出现一次。"
    ),
}
REPEATED_IN_LIST = {
    "nominee": gettext_lazy(
        "『%(name)s』已在%(list)s第%(position)d位获奖(文件中没有这一位):"
        "同一获奖对象在一个榜单中只能获奖一次。"
    ),
    "case_title": gettext_lazy(
        "案例『%(name)s』已在%(list)s第%(position)d位(文件中没有这一位):"
        "同一案例在一个榜单中只能出现一次。"
    ),
}


class AwardRows(NomineeRows, CaseRows):
    """Collects the award rows of a file, then plans them together."""

    def __init__(self, plan: ImportPlan, records, progress=None):
        self.plan, self.records, self.progress = plan, records, progress
        self.rows = []  # (table, row number, AwardList, {field: value})
        # Translated once: gettext per row is a measurable part of a 10,000-row preview.
        self.label_format = _("第%(position)d位 %(name)s")

    # --- each row on its own ----------------------------------------------------

    def add(self, table, award_list, numbered_rows):
        """Rows of one list, as (row number, {field: value} or None when a cell was bad)."""
        positions = {}
        for number, row in numbered_rows:
            if row is not None and self._row_ok(table, number, award_list, row, positions):
                self.rows.append((table, number, award_list, row))

    def _row_ok(self, table, number, award_list, row, positions) -> bool:
        position = row.get("position")
        if position is None:
            self.plan.issue(_("必须填写顺序。"), table, number, HEADERS["position"])
            return False
        filled = [k for k in HEADERS if k != "position" and row.get(k) not in (None, "")]
        if not filled:
            label = _("第%(position)d位") % {"position": position}
            skipped = RowOutcome(
                table.name, number, Action.SKIP, label, [_("只有顺序,没有获奖对象")]
            )
            self.plan.outcomes.append(skipped)
            return False
        if not row.get("nominee"):
            self.plan.issue(_("必须填写获奖对象。"), table, number, HEADERS["nominee"])
            return False
        if position in positions:
            message = _("顺序 %(position)d 与第%(row)d行重复。") % {
                "position": position,
                "row": positions[position],
            }
            self.plan.issue(message, table, number, HEADERS["position"])
            return False
        positions[position] = number
        if award_list.is_case_list and not row.get("case_title"):
            self.plan.issue(_("案例名单必须填写案例标题。"), table, number, HEADERS["case_title"])
            return False
        if not award_list.is_case_list and any(
            row.get(name) for name in ("case_title", "case_title_en", "case_summary")
        ):
            self.plan.issue(_("这是获奖名单,不能填写案例。"), table, number, HEADERS["case_title"])
            return False
        if bool(row.get("second_unit")) != bool(row.get("second_unit_role")):
            column = "second_unit_role" if row.get("second_unit") else "second_unit"
            message = _("第二单位和它的角色(制作单位或报送单位)要一起填写。")
            self.plan.issue(message, table, number, HEADERS[column])
            return False
        return True

    # --- all rows against the database -------------------------------------------

    def plan_all(self):
        if not self.rows:
            return
        if self.progress is not None:
            self.progress.total = len(self.rows)
        self.new_nominees, self.kind_changes, self.first_rows, self.renames = {}, {}, {}, {}
        self.english = EnglishNames(self.plan, self.records, HEADERS["nominee_en"])
        resolved = [(*item, n) for item in self.rows if (n := self._nominee(*item)) is not None]
        self.english.check_unique()
        owners = {r[4].pk for r in resolved if r[2].is_case_list and r[4].pk}
        self.cases, self.new_cases, self.case_changes = self.records.cases_of(owners), {}, {}
        self.existing = self.records.awards_of({r[2].pk for r in resolved if r[2].pk})
        # Cases named by 案例编号, and those the lists hold now: their stored titles are what
        # the preview shows as "old", and a row's case without a key may be one of them.
        named = {r[3]["case_key"] for r in resolved if r[3].get("case_key")}
        held_ids = {a.case_id for a in self.existing.values()}
        self.cases_by_pk, keyed = self.records.cases_named(named, held_ids)
        self.new_case_keys = {}  # key -> (new Case, row number)
        for case in self.cases.values():
            self.cases_by_pk.setdefault(case.pk, case)
        self.cases = {key: self.cases_by_pk[case.pk] for key, case in self.cases.items()}
        self.keyed = {value: self.cases_by_pk[case.pk] for value, case in keyed.items()}
        self.held = {
            (a.award_list_id, a.nominee_id): a.case_id for a in self.existing.values() if a.case_id
        }
        self.title_changes, self.replaced = {}, []
        # (list identity, position) -> (nominee identity, case identity) after the import
        self.final = {
            key: (("id", a.nominee_id), ("id", a.case_id) if a.case_id else None)
            for key, a in self.existing.items()
        }
        outcomes = []
        for item in resolved:
            if self.progress is not None:
                self.progress.update(1)
            outcome = self._plan_row(*item)
            if outcome is not None:
                outcomes.append(outcome)
        self._check_unique(resolved)
        self._warn_removed()
        # The rows' outcomes sit after the list rows, in file order.
        self.plan.outcomes.extend(outcomes)
        self._collect_records()

    def _plan_row(self, table, number, award_list, row, nominee) -> RowOutcome | None:
        changes = []
        case = None
        if award_list.is_case_list:
            case, ok = self._case(table, number, award_list, nominee, row, changes)
            if not ok:
                return None
        if self.renames.get(nominee.pk, (None, None))[1] == number:
            changes.insert(0, change(HEADERS["nominee"], nominee.name, self.renames[nominee.pk][0]))
        if self.kind_changes.get(nominee.pk, (None, None))[1] == number:
            old_kind, new_kind = (
                layout.label_of(layout.NOMINEE_KINDS, kind)
                for kind in (nominee.kind, row["nominee_kind"])
            )
            changes.append(change(HEADERS["nominee_kind"], old_kind, new_kind))
        if english := self.english.change_on(nominee, number):
            changes.append(english)
        position = row["position"]
        old = self.existing.get((award_list.pk, position)) if award_list.pk else None
        values = {
            name: (row.get(name) or BLANK[name]) if name in row or not old else getattr(old, name)
            for name in AWARD_FIELDS
        }
        # The name as announced: the 获奖时名称 cell, else what a stored award of this nominee
        # already keeps, else the 获奖对象 cell as typed (never the nominee's later name).
        same = old is not None and old.nominee_id == nominee.pk
        values["announced_name"] = row.get("announced_name") or (
            old.announced_name if same else row["nominee"]
        )
        nominee_key = match_key(nominee.name) if nominee.pk is None else None
        self.final[(award_list.pk or ("new", id(award_list)), position)] = (
            row_identity(nominee, nominee_key),
            None if case is None else row_identity(case, id(case)),
        )
        if nominee.pk is None and self.first_rows.get(nominee_key) == number:
            changes[:0] = [
                self.records.new_nominee_note(nominee),
                *written({"nominee_en": HEADERS["nominee_en"]}, {"nominee_en": nominee.name_en}),
            ]
        # The Award itself is built only when written: the preview never needs it.
        owned = {"nominee": nominee} if nominee.pk is None else {"nominee_id": nominee.pk}
        award = {"award_list": award_list, "position": position, "case": case, **values, **owned}
        action = Action.CREATE if old is None else self._compare(old, award, nominee, case, changes)
        if action == Action.CREATE:
            self.plan.awards_new.append(award)
            changes.extend(self._new_award_lines(award, case))
        if changes and action == Action.UNCHANGED:
            action = Action.UPDATE  # the nominee's kind or the case's summary changes
        # Award.clean()'s rules, checked without building 10,000 instances: field types,
        # ranges and lengths were checked per cell; a case-list row has a case and a
        # nominee-list row none (checked per row above); the case is looked up under the
        # row's own nominee; a withdrawal needs its reason.
        if action != Action.UNCHANGED and award["withdrawn_at"] and not award["withdrawal_reason"]:
            self.plan.issue(
                _("撤销奖项时必须填写原因。"), table, number, HEADERS["withdrawal_reason"]
            )
            return None
        label = self.label_format % {"position": position, "name": nominee.name}
        return RowOutcome(table.name, number, action, label, changes)

    def _compare(self, old, award, nominee, case, changes) -> str:
        """UPDATE or UNCHANGED for a stored award; queues the write it needs."""
        replaced = old.nominee_id != nominee.pk or old.case_id != (case.pk if case else None)
        if replaced:
            swapped = []
            if old.nominee_id != nominee.pk:
                old_name = self.records.nominee_name(old.nominee_id)
                swapped.append(change(HEADERS["nominee"], old_name, nominee.name))
            if case is not None and old.case_id != case.pk:
                swapped.append(change(HEADERS["case_title"], old.case__title, case.title))
            changes[:0] = swapped
        for name in (*AWARD_FIELDS, "announced_name"):
            before, after = getattr(old, name), award[name]
            if name == "withdrawn_at" and layout.same_moment(before, after):
                award[name] = before  # the stored microseconds stay
            elif before != after:
                changes.append(change(HEADERS[name], before, after))
        if replaced:
            self.plan.awards_replaced.append(old.pk)
            self.replaced.append((award["award_list"], old))
            self.plan.awards_new.append(award)
            return Action.UPDATE
        if changes:
            award["pk"] = old.pk
            self.plan.awards_changed.append(award)
            return Action.UPDATE
        return Action.UNCHANGED

    @staticmethod
    def _new_award_lines(award: dict, case) -> list[str]:
        """Everything a new award row writes, so the preview hides nothing."""
        lines = []
        if case is not None:
            new = case.pk is None  # a stored case's own text shows only where it changes
            values = {
                "case_title": case.title,
                "case_title_en": case.title_en if new else None,
                "case_summary": case.summary if new else "",
            }
            if new:
                values["second_unit"] = case.second_unit
                values["second_unit_role"] = layout.label_of(
                    layout.UNIT_ROLES, case.second_unit_role
                )
            lines = written(CASE_HEADERS, values)
        return lines + written(FIELD_HEADERS, award)

    def _collect_records(self):
        """The nominees and cases to create or change, for the apply stage."""
        plan = self.plan
        plan.nominees_new = list(self.new_nominees.values())
        plan.cases_new = list(self.new_cases.values())
        english = self.english.changed()
        if self.kind_changes or self.renames or english:
            changed = self.records.nominees_by_pk({*self.kind_changes, *self.renames, *english})
            for pk, (kind, _number) in self.kind_changes.items():
                changed[pk].kind = kind
            for pk, (name, _number) in self.renames.items():
                changed[pk].name = name
            for pk, name_en in english.items():
                changed[pk].name_en = name_en
            plan.nominees_changed = list(changed.values())
        changed = {}
        for (_pk, field), (value, _number, case) in self.case_changes.items():
            setattr(case, field, value)
            changed[case.pk] = case
        for title, _number, case in self.title_changes.values():
            case.title = title
            changed[case.pk] = case
        plan.cases_changed = list(changed.values())

    def _warn_removed(self):
        """A replaced award whose nominee leaves a public list is taken off the site: a removal.

        (A swap of two positions replaces both rows but keeps both nominees listed.)
        """
        listed = {(key[0], nominee) for key, (nominee, _case) in self.final.items()}
        for award_list, old in self.replaced:
            if (award_list.pk, ("id", old.nominee_id)) in listed:
                continue
            if not award_list.edition.is_public:
                continue
            self.plan.removals.append(
                _("删除奖项:%(list)s第%(position)d位的「%(name)s」将从榜单中撤下。")
                % {
                    "list": list_title(award_list),
                    "position": old.position,
                    "name": self.records.nominee_name(old.nominee_id),
                }
            )

    # --- one award per nominee and per case in each list ----------------------------

    def _check_unique(self, resolved):
        """After the import, a list holds each nominee and each case once."""
        per_list = {}
        for (list_identity, position), (nominee_identity, case_identity) in self.final.items():
            nominees, cases = per_list.setdefault(list_identity, ([], []))
            nominees.append((nominee_identity, position))
            if case_identity is not None:
                cases.append((case_identity, position))
        where = None
        for list_identity, (nominees, cases) in per_list.items():
            for what, pairs in (("nominee", nominees), ("case_title", cases)):
                if len({identity for identity, _position in pairs}) == len(pairs):
                    continue  # the common case: nothing repeated
                if where is None:
                    where = {
                        (item[2].pk or ("new", id(item[2])), item[3]["position"]): item
                        for item in resolved
                    }
                pairs = sorted(pairs, key=lambda p: p[1])
                self._report_repeats(list_identity, pairs, where, what)

    def _report_repeats(self, list_identity, pairs, where, what):
        first_position = {}
        for identity, position in pairs:
            if identity not in first_position:
                first_position[identity] = position
                continue
            first = first_position[identity]
            here = where.get((list_identity, position)) or where.get((list_identity, first))
            if here is None:
                continue
            table, number, award_list, row, _nominee = here
            other = where.get((list_identity, first))
            names = {"name": row[what], "list": list_title(award_list)}
            if other and other[:2] != here[:2]:
                message = REPEATED_IN_FILE[what] % {**names, "row": other[1]}
            else:
                shown = first if other is None else position
                message = REPEATED_IN_LIST[what] % {**names, "position": shown}
            self.plan.issue(message, table, number, HEADERS[what])
