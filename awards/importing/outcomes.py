"""What a planned import holds: each row's outcome (created, updated, unchanged, skipped, with
old → new values), every problem found, and the records to write (see `plan.plan_tables`).
"""

import functools
import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards.importing import layout
from awards.importing.errors import Issue
from awards.models import AwardList, Case, Edition, Nominee


class Action(StrEnum):
    """What importing a row does."""

    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    SKIP = "skip"


CREATE, UPDATE, UNCHANGED, SKIP = Action
ACTION_LABELS = {
    CREATE: gettext_noop("新增"),
    UPDATE: gettext_noop("修改"),
    UNCHANGED: gettext_noop("不变"),
    SKIP: gettext_noop("跳过"),
}
CHANGE_REASON = "表格导入"
MAX_ISSUES = 200


@dataclass(slots=True)
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
    """Everything an import would do; built by plan_tables(), carried out by apply_import()."""

    filename: str = ""
    issues: list[Issue] = field(default_factory=list)
    outcomes: list[RowOutcome] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # What takes something off the public site (unpublishing, replacing a published award):
    # shown apart at the top of the preview, and applied only with its own confirmation.
    removals: list[str] = field(default_factory=list)
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

    @functools.cached_property
    def fingerprint(self) -> str:
        """Identifies the outcome: confirm applies only what the preview showed."""
        digest = hashlib.sha256()
        # Row by row: one JSON text of 100,000 outcomes would be held in memory whole.
        for o in self.outcomes:
            row = (o.sheet, o.row, o.action, o.label, o.changes)
            digest.update(json.dumps(row, ensure_ascii=False).encode() + b"\n")
        for line in self.removals:
            digest.update(json.dumps(line, ensure_ascii=False).encode() + b"\n")
        return digest.hexdigest()

    def add_issue(self, issue: Issue):
        if len(self.issues) < MAX_ISSUES:
            self.issues.append(issue)
        else:
            self.extra_issues += 1

    def issue(self, message, table=None, row=None, column=None):
        self.add_issue(Issue(message, sheet=table.name if table else None, row=row, column=column))

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


def show(value) -> str:
    """A value as the preview shows it: moments in Beijing time, blanks as 「(空)」."""
    if value is None or value == "":
        return _("(空)")
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return str(layout.to_local_naive(value))
    return str(value)


def change(label: str, old, new) -> str:
    return f"{label}:{show(old)} → {show(new)}"


def written(labels: dict, values: dict) -> list[str]:
    """What a new record will hold: 「label:value」 for each filled field, in `labels` order."""
    return [
        f"{label}:{show(values[name])}"
        for name, label in labels.items()
        if values.get(name) not in (None, "")
    ]


def list_title(award_list) -> str:
    """A list named with its edition, as two editions may hold lists of the same name."""
    return _("%(year)d年「%(name)s」") % {
        "year": award_list.edition.year,
        "name": award_list.shown_name,
    }


def validation_issues(error, sheet, row, labels: dict) -> list[Issue]:
    """A model's ValidationError as issues, each under the column of its field."""
    return [
        Issue(message, sheet=sheet, row=row, column=labels.get(name))
        for name, messages in error.message_dict.items()
        for message in messages
    ]
