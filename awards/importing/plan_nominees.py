"""Stage 5, plan (the nominee part of an award row): which nominee a row names.

Mixed into `plan_awards.AwardRows`, whose state (`plan`, `records`, `english`,
`new_nominees`, `kind_changes`, `first_rows`, `renames`) it reads and fills: a name or alias
finds a stored nominee, a new name with its kind makes one, a row carrying a nominee's
对象网址标识 with another name corrects that nominee's name.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from awards.importing import layout
from awards.importing.outcomes import validation_issues
from awards.models import Nominee
from awards.text import match_key

HEADERS = dict(layout.AWARD_COLUMNS)


def row_identity(instance, new_key):
    """Who a row refers to: ("id", pk) when stored, else ("new", key) for one made here."""
    return ("id", instance.pk) if instance.pk else ("new", new_key)


class NomineeRows:
    """The nominee of each award row, for AwardRows."""

    def _nominee(self, table, number, award_list, row):
        """The row's nominee, once its English name agrees with the other rows naming it."""
        nominee = self._find_nominee(table, number, award_list, row)
        if nominee is None or "nominee_en" not in row:
            return nominee
        identity = row_identity(nominee, match_key(nominee.name))
        return nominee if self.english.agree(identity, nominee, table, number, row) else None

    def _find_nominee(self, table, number, award_list, row):
        """The row's nominee: known by name or alias, or new when its kind is given.

        A row carrying a nominee's 对象网址标识 is that nominee; another name corrects its name.
        """
        key = match_key(row["nominee"])
        nominee = self.records.nominees().get(key) or self.new_nominees.get(key)
        # A name no nominee has, on a row keyed to a nominee: that nominee's name corrected.
        # (A name another nominee has puts that nominee in the row, as without a key.)
        keyed = self.records.nominee_by_key(row.get("nominee_key"))
        if nominee is None and keyed is not None:
            return self._rename(table, number, keyed, row["nominee"])
        kind = row.get("nominee_kind")
        if nominee is None:
            if not kind:
                message = self.records.unknown_nominee(row["nominee"])
                self.plan.issue(message, table, number, HEADERS["nominee"])
                return None
            # A file from another site: the new nominee keeps its 网址标识 there, if free here.
            slug = self.records.free_nominee_key(row.get("nominee_key"))
            nominee = Nominee(name=row["nominee"], kind=kind, slug=slug)
            try:
                nominee.full_clean(
                    exclude=["slug"], validate_unique=False, validate_constraints=False
                )
            except ValidationError as exc:
                labels = {"name": HEADERS["nominee"], "kind": HEADERS["nominee_kind"]}
                for issue in validation_issues(exc, table.name, number, labels):
                    self.plan.add_issue(issue)
                return None
            self.new_nominees[key], self.first_rows[key] = nominee, number
        elif kind and kind != nominee.kind:
            earlier = self.kind_changes.get(nominee.pk or key)
            if earlier and earlier[0] != kind:
                message = _("『%(name)s』的对象类型与第%(row)d行不一致。") % {
                    "name": row["nominee"],
                    "row": earlier[1],
                }
            elif not nominee.pk:
                message = _("『%(name)s』的对象类型与前面的行不一致。") % {"name": row["nominee"]}
            else:
                self.kind_changes[nominee.pk] = (kind, number)
                return nominee
            self.plan.issue(message, table, number, HEADERS["nominee_kind"])
            return None
        return nominee

    def _rename(self, table, number, nominee, name):
        """Queue a corrected name for a stored nominee; None (with an issue) when it clashes."""
        earlier = self.renames.get(nominee.pk)
        if earlier and earlier[0] != name:
            message = _("同一获奖对象的名称与第%(row)d行不一致。") % {"row": earlier[1]}
            self.plan.issue(message, table, number, HEADERS["nominee"])
            return None
        if not earlier:
            self.renames[nominee.pk] = (name, number)
        return nominee
