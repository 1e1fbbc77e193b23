"""提交为榜单: the ranking's top N (with the overrides) written as the list's awards.

Rules: a draft edition only; one transaction; 名次 only when the evaluation says so (ties share
a 名次); awards that stay keep their rows (and verification codes), the rest are removed or
added; the plan (added, removed, moved) is shown before anything is written.
"""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.evaluation.models import Candidate, Evaluation, Override
from awards.models import Award


@dataclass
class Entry:
    candidate_id: int
    nominee_id: int
    case_id: int | None
    name: str
    total: float | None
    position: int = 0
    rank: int | None = None
    included: bool = False  # placed by an override, not by its score


@dataclass
class PromotePlan:
    entries: list[Entry]
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    moved: list[tuple[str, int, int]] = field(default_factory=list)  # name, old, new position
    first_time: bool = True

    @property
    def changes(self) -> bool:
        return bool(self.added or self.removed or self.moved)


def active_overrides(evaluation: Evaluation) -> dict[int, str]:
    """{candidate pk: kind} of the overrides in force (one query)."""
    return dict(
        Override.objects.filter(
            candidate__evaluation=evaluation, revoked_at__isnull=True
        ).values_list("candidate_id", "kind")
    )


def _label(candidate: Candidate) -> str:
    return (
        f"{candidate.nominee.name} · {candidate.case.title}"
        if candidate.case_id
        else (candidate.nominee.name)
    )


def selection(evaluation: Evaluation, count: int) -> list[Entry]:
    """The top `count` after overrides, in rank order, with positions and 名次."""
    overrides = active_overrides(evaluation)
    candidates = (
        Candidate.objects.filter(evaluation=evaluation)
        .select_related("nominee", "case")
        .order_by(F("rank").asc(nulls_last=True), "nominee__sort_key", "pk")
    )
    included, ranked = [], []
    for candidate in candidates:
        kind = overrides.get(candidate.pk)
        if kind == Override.Kind.EXCLUDE:
            continue
        entry = Entry(
            candidate.pk,
            candidate.nominee_id,
            candidate.case_id,
            _label(candidate),
            candidate.total,
            included=kind == Override.Kind.INCLUDE,
        )
        (included if entry.included else ranked).append(entry)
    chosen = {
        id(e)
        for e in included
        + [e for e in ranked if e.total is not None][: max(count - len(included), 0)]
    }
    order = [e for e in candidates_order(included, ranked) if id(e) in chosen]
    for position, entry in enumerate(order, start=1):
        entry.position = position
        higher = sum(1 for other in order if _above(other.total, entry.total))
        entry.rank = higher + 1 if evaluation.ranked else None
    return order


def candidates_order(included, ranked):
    """Included candidates keep their place by score among the others."""
    everyone = included + ranked
    return sorted(everyone, key=lambda e: (e.total is None, -(e.total or 0)))


def _above(a: float | None, b: float | None) -> bool:
    if a is None:
        return False
    return b is None or round(a, 9) > round(b, 9)


def plan(evaluation: Evaluation, count: int) -> PromotePlan:
    entries = selection(evaluation, count)
    current = {
        (a.nominee_id, a.case_id): a
        for a in Award.objects.filter(award_list=evaluation.award_list).select_related(
            "nominee", "case"
        )
    }
    result = PromotePlan(entries, first_time=not current)
    wanted = {(e.nominee_id, e.case_id) for e in entries}
    for entry in entries:
        award = current.get((entry.nominee_id, entry.case_id))
        if award is None:
            result.added.append(entry.name)
        elif award.position != entry.position:
            result.moved.append((entry.name, award.position, entry.position))
    result.removed = [
        str(a.nominee) if not a.case_id else f"{a.nominee} · {a.case}"
        for key, a in current.items()
        if key not in wanted
    ]
    return result


@transaction.atomic
def promote(evaluation: Evaluation, count: int) -> PromotePlan:
    """Write the plan as the list's awards; refused unless the edition is a draft."""
    award_list = evaluation.award_list
    if award_list.edition.published_at is not None:
        raise ValidationError(_("只能提交到草稿届次的榜单;已发布或定时发布的届次请先撤回发布。"))
    if count < 1:
        raise ValidationError(_("提交的数量至少为 1。"))
    result = plan(evaluation, count)
    awards = {
        (a.nominee_id, a.case_id): a
        for a in Award.objects.select_for_update().filter(award_list=award_list)
    }
    wanted = {(e.nominee_id, e.case_id) for e in result.entries}
    for key, award in list(awards.items()):
        if key not in wanted:
            award.delete()
            del awards[key]
    # (list, position) is unique: park the remaining rows above every new position first.
    parking = len(result.entries) + max((a.position for a in awards.values()), default=0) + 1
    for offset, award in enumerate(awards.values()):
        Award.objects.filter(pk=award.pk).update(position=parking + offset)
    reason = _("由数据评估提交为榜单")
    for entry in result.entries:
        award = awards.get((entry.nominee_id, entry.case_id)) or Award(
            award_list=award_list, nominee_id=entry.nominee_id, case_id=entry.case_id
        )
        award.position, award.rank = entry.position, entry.rank
        award._change_reason = reason
        award.full_clean()
        award.save()
    evaluation.promoted_at = timezone.now()
    evaluation.save(update_fields=["promoted_at"])
    return result
