"""Stage 5, plan (the case part of an award row): which case a case-list row names.

Mixed into `plan_awards.AwardRows`, whose state (`records`, `cases`, `new_cases`,
`cases_by_pk`, `keyed`, `new_case_keys`, `case_changes`, `title_changes`, `plan`) it reads
and fills: a keyed row is that case, a title finds the nominee's case, a corrected title
keeps the case (and its URL).
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from awards import codes
from awards.importing import layout
from awards.importing.outcomes import change
from awards.models import Case
from awards.text import match_key

HEADERS = dict(layout.AWARD_COLUMNS)
# A stored case's own text a row may set: {column: Case field}.
CASE_TEXT = {
    "case_summary": "summary",
    "case_title_en": "title_en",
    "second_unit": "second_unit",
    "second_unit_role": "second_unit_role",
}
CASE_CONFLICT = {
    "summary": gettext_lazy("同一案例的简介与第%(row)d行不一致。"),
    "title_en": gettext_lazy("同一案例的英文标题与第%(row)d行不一致。"),
    "second_unit": gettext_lazy("同一案例的第二单位与第%(row)d行不一致。"),
    "second_unit_role": gettext_lazy("同一案例的第二单位角色与第%(row)d行不一致。"),
}


class CaseRows:
    """The case of each case-list row, for AwardRows."""

    def _case(self, table, number, award_list, nominee, row, changes) -> tuple[Case | None, bool]:
        """The case a case-list row names under its nominee: existing, or new. (case, ok)

        A row with a 案例编号 is that case (a different title corrects it). Without one (or
        with a key from another site), the title finds the nominee's case; failing that, the
        case the nominee already holds at this position of this list is taken as the same case
        with a corrected title (README, "Spreadsheets"):
        a typo fixed in a spreadsheet never turns a shared /cases/<id>/ link into a new one.
        """
        owner = nominee.pk or ("new", match_key(nominee.name))
        key = (owner, match_key(row["case_title"]))
        # A title typed with other spaces or widths finds its case and keeps the stored one;
        # only a keyed row or a correction of the list's case rewrites a title.
        retitle = False
        if row.get("case_key") in self.keyed:
            case = self._keyed_case(table, number, nominee, row)
            if case is None:
                return None, False
            retitle = row["case_title"] != case.title
        else:
            # No key, or one from another site (a file moved between sites): the title finds
            # the nominee's case. A typed row's other title may correct the case held here; a
            # row keyed elsewhere names a case of its own, never the held one (another key).
            case = self.cases.get(key) or self.new_cases.get(key)
            foreign = isinstance(row.get("case_key"), str)
            held = (
                self.held.get((award_list.pk, nominee.pk)) if nominee.pk and not foreign else None
            )
            # Only in the same place: a row at another position is a second case of its own.
            slot = self.existing.get((award_list.pk, row.get("position")))
            if case is None and held is not None and slot is not None and slot.case_id == held:
                case, retitle = self.cases_by_pk[held], True
                changes.append(_("同一获奖对象在本榜单已有案例,视为更正其标题(网址不变)"))
        if case is None:
            case = self._new_case(table, number, nominee, row)
            if case is None:
                return None, False
            self.new_cases[key] = case
            return case, True
        if retitle and not self._retitle(table, number, case, row["case_title"], changes):
            return None, False
        if case.pk is None:
            return case, True  # a case an earlier row creates: that row's text is written
        for column, field in CASE_TEXT.items():
            if column not in row:
                continue
            value = row[column] or (None if field == "title_en" else "")
            if value == getattr(case, field):
                continue
            earlier = self.case_changes.get((case.pk, field))
            if earlier and earlier[0] != value:
                message = str(CASE_CONFLICT[field]) % {"row": earlier[1]}
                self.plan.issue(message, table, number, HEADERS[column])
                return None, False
            if not earlier:
                changes.append(change(HEADERS[column], getattr(case, field), value))
                self.case_changes[(case.pk, field)] = (value, number, case)
        return case, True

    def _new_case(self, table, number, nominee, row) -> Case | None:
        """A case the row creates; it keeps the key the row carries (a file from another site)."""
        owned = {"nominee": nominee} if nominee.pk is None else {"nominee_id": nominee.pk}
        case = Case(
            **owned,
            title=row["case_title"],
            summary=row.get("case_summary") or "",
            title_en=row.get("case_title_en"),
            second_unit=row.get("second_unit") or "",
            second_unit_role=row.get("second_unit_role") or "",
        )
        key = row.get("case_key")
        if isinstance(key, str):
            earlier = self.new_case_keys.get(key)
            if earlier is not None:
                message = _("案例编号 %(key)s 与第%(row)d行相同,但那是另一个案例。") % {
                    "key": codes.grouped(key),
                    "row": earlier[1],
                }
                self.plan.issue(message, table, number, HEADERS["case_key"])
                return None
            case.key = key
            self.new_case_keys[key] = (case, number)
        return case

    def _keyed_case(self, table, number, nominee, row) -> Case | None:
        """The case a row's 案例编号 names, if it belongs to the row's nominee."""
        value = row["case_key"]
        case = self.keyed[value]
        if case.nominee_id != nominee.pk:
            message = _("案例编号 %(id)s 是『%(owner)s』的案例,不是『%(name)s』的。") % {
                "id": codes.grouped(value) if isinstance(value, str) else value,
                "owner": self.records.nominee_name(case.nominee_id),
                "name": nominee.name,
            }
            self.plan.issue(message, table, number, HEADERS["case_key"])
            return None
        return case

    def _retitle(self, table, number, case, title, changes) -> bool:
        """Queue a corrected title for a stored case; False (with an issue) when it clashes."""
        earlier = self.title_changes.get(case.pk)
        if earlier and earlier[0] != title:
            message = _("同一案例的标题与第%(row)d行不一致。") % {"row": earlier[1]}
            self.plan.issue(message, table, number, HEADERS["case_title"])
            return False
        other = self.cases.get((case.nominee_id, match_key(title)))
        if other is not None and other.pk != case.pk:
            message = _("『%(owner)s』已有标题为「%(title)s」的案例(编号 %(key)s)。") % {
                "owner": self.records.nominee_name(case.nominee_id),
                "title": other.title,
                "key": codes.grouped(other.key),
            }
            self.plan.issue(message, table, number, HEADERS["case_title"])
            return False
        if not earlier:
            changes.insert(0, change(HEADERS["case_title"], case.title, title))
            self.title_changes[case.pk] = (title, number, case)
        return True
