"""Reads shared by the jury's pages and the public method: progress, results, the panel."""

from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from awards.jury.models import Assignment, Criterion, PanelMember

DONE = Q(recusal="", complete=True)
MISSING = Q(recusal="", complete=False)
RECUSED = ~Q(recusal="")


@dataclass
class Tally:
    done: int = 0
    missing: int = 0
    recused: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.done + self.missing + self.recused


def _counts(sheet, key: str) -> dict[int, Tally]:
    rows = (
        Assignment.objects.filter(member__scoresheet=sheet)
        .values(key)
        .annotate(
            done=Count("pk", filter=DONE),
            missing=Count("pk", filter=MISSING),
            recused=Count("pk", filter=RECUSED),
        )
        .order_by()
    )
    return {r[key]: Tally(r["done"], r["missing"], r["recused"]) for r in rows}


def progress(sheet):
    """(members with .tally, candidates with .tally): three queries whatever the panel size."""
    by_member = _counts(sheet, "member_id")
    by_candidate = _counts(sheet, "candidate_id")
    members = list(PanelMember.objects.filter(scoresheet=sheet).select_related("judge__user"))
    for member in members:
        member.tally = by_member.get(member.pk, Tally())
    candidates = list(sheet.evaluation.candidates.select_related("nominee", "case").order_by("pk"))
    for candidate in candidates:
        candidate.tally = by_candidate.get(candidate.pk, Tally())
    return members, candidates


def reminder_text(sheet, members, judging_url: str) -> str:
    """Plain text to paste into a WeChat group: who still has what to do."""
    lines = [
        _("@%(name)s 还有 %(n)s 个候选待评分,评完请点「提交」。")
        % {"name": member.judge.name, "n": member.tally.missing}
        for member in members
        if not member.submitted_at
    ]
    if not lines:
        return ""
    head = _("各位评委老师好!「%(evaluation)s」评审进度提醒:") % {"evaluation": sheet.evaluation}
    tail = [_("评审入口:%(url)s") % {"url": judging_url}, _("谢谢!")]
    return "\n".join([head, *lines, *tail])


def public_method(sheets) -> dict[int, dict]:
    """{evaluation pk: the jury's public method} for computed scoresheets, in four queries."""
    sheets = [s for s in sheets if s.computed_at]
    if not sheets:
        return {}
    ids = [s.pk for s in sheets]
    criteria: dict[int, list] = {pk: [] for pk in ids}
    for c in Criterion.objects.filter(scoresheet_id__in=ids).order_by("position", "pk"):
        criteria[c.scoresheet_id].append(
            {"name": c.name, "weight": c.weight, "scale": [c.scale_min, c.scale_max]}
        )
    judges = dict(
        PanelMember.objects.filter(scoresheet_id__in=ids)
        .values("scoresheet_id")
        .annotate(n=Count("pk"))
        .values_list("scoresheet_id", "n")
    )
    recusals = dict(
        Assignment.objects.filter(member__scoresheet_id__in=ids)
        .exclude(recusal="")
        .values("member__scoresheet_id")
        .annotate(n=Count("pk"))
        .values_list("member__scoresheet_id", "n")
    )
    panel: dict[int, list] = {pk: [] for pk in ids}
    published = [s.pk for s in sheets if s.publish_panel]
    for member in (
        PanelMember.objects.filter(scoresheet_id__in=published)
        .select_related("judge")
        .order_by("judge__name")
    ):
        panel[member.scoresheet_id].append({"name": member.judge.name, "title": member.judge.title})
    return {
        s.evaluation_id: {
            "criteria": criteria[s.pk],
            "judges": judges.get(s.pk, 0),
            "jury_weight": s.evaluation.jury_weight,
            "normalised": s.normalised,
            "trimmed": s.trimmed,
            "recusals": recusals.get(s.pk, 0),
            "panel": panel[s.pk] if s.publish_panel else None,
        }
        for s in sheets
    }
