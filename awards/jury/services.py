"""Writes of the jury: scoresheet, panel and assignment, scoring, submission, recusal, result.

Keyword-only functions; each checks the lock (a published edition) and runs in a transaction.
Views call these and nothing else writes jury tables.
"""

from collections import defaultdict
from decimal import Decimal, InvalidOperation

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import FloatField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.jury import adapter, conflicts, scoring
from awards.jury.models import (
    Assignment,
    Criterion,
    Judge,
    JuryResult,
    PanelMember,
    Score,
    Scoresheet,
)


def scoresheet_for(evaluation) -> Scoresheet:
    sheet, _created = Scoresheet.objects.get_or_create(evaluation=evaluation)
    return sheet


def is_locked(sheet: Scoresheet) -> bool:
    """Scores lock once the list's edition is published; later changes need a reason."""
    return sheet.evaluation.award_list.edition.status == "published"


def _check_lock(sheet: Scoresheet, reason: str = "") -> None:
    if is_locked(sheet) and not reason.strip():
        raise ValidationError(_("这一届已发布,评分已锁定;修改须经更正流程并填写原因。"))


def check_weights(criteria) -> None:
    total = sum(c.weight for c in criteria)
    if criteria and total != 100:
        raise ValidationError(
            _("各评分项权重之和须为 100%%,现在是 %(total)s%%。") % {"total": total}
        )


@transaction.atomic
def assign(
    *, sheet: Scoresheet, judges: list[Judge], candidates, per_candidate: int | None = None
) -> dict:
    """Put `judges` on the panel and give them candidates: every judge every candidate
    (per_candidate None) or K judges per candidate, spread so loads differ by at most one.

    A judge whose declared affiliations match a candidate gets a recorded conflict instead.
    Existing assignments (and their scores) are kept; returns counts for the message.
    """
    _check_lock(sheet)
    members = []
    for judge in judges:
        member, _created = PanelMember.objects.get_or_create(scoresheet=sheet, judge=judge)
        members.append(member)
    candidates = list(candidates)
    matcher = conflicts.Matcher(judges)
    existing = set(
        Assignment.objects.filter(member__scoresheet=sheet).values_list("member_id", "candidate_id")
    )
    load = defaultdict(int)
    for member_id, _cand in existing:
        load[member_id] += 1
    new_rows, conflicted = [], 0
    for candidate in candidates:
        free = [m for m in members if not matcher.conflict(m.judge, candidate)]
        for member in members:
            why = matcher.conflict(member.judge, candidate)
            if why and (member.pk, candidate.pk) not in existing:
                new_rows.append(
                    Assignment(
                        member=member,
                        candidate=candidate,
                        recusal=Assignment.Recusal.DECLARED,
                        recusal_reason=why[:300],
                    )
                )
                conflicted += 1
        have = [m for m in free if (m.pk, candidate.pk) in existing]
        wanted = len(free) if per_candidate is None else max(per_candidate - len(have), 0)
        pool = sorted(
            (m for m in free if (m.pk, candidate.pk) not in existing),
            key=lambda m: (load[m.pk], m.judge.name, m.pk),
        )
        for member in pool[:wanted]:
            new_rows.append(Assignment(member=member, candidate=candidate))
            load[member.pk] += 1
    Assignment.objects.bulk_create(new_rows)
    return {
        "assigned": sum(1 for a in new_rows if not a.recusal),
        "conflicts": conflicted,
        "judges": len(members),
    }


def _parse_value(raw, criterion: Criterion) -> Decimal | None:
    if raw in (None, ""):
        return None
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError(
            _("「%(name)s」的分数不是数字。") % {"name": criterion.name}
        ) from None
    if not value.is_finite() or not criterion.scale_min <= value <= criterion.scale_max:
        raise ValidationError(
            _("「%(name)s」的分数须在 %(low)s 到 %(high)s 之间。")
            % {"name": criterion.name, "low": criterion.scale_min, "high": criterion.scale_max}
        )
    return value.quantize(Decimal("0.1"))


@transaction.atomic
def save_scores(*, assignment: Assignment, values: dict, comments: dict, reason: str = "") -> bool:
    """Store a judge's (draft) values {criterion pk: raw} and comments; returns completeness.

    Refused once the panel member submitted (the organizer reopens) or the assignment is recused.
    Invalid values are refused whole: nothing half-written.
    """
    member = assignment.member
    sheet = member.scoresheet
    if member.submitted_at and not reason:
        raise ValidationError(_("已提交,不能再修改;如需修改请联系组织者重新开放。"))
    if assignment.recusal:
        raise ValidationError(_("已回避的候选不能评分。"))
    _check_lock(sheet, reason)
    criteria = list(sheet.criteria.all())
    parsed = {c.pk: _parse_value(values.get(c.pk), c) for c in criteria}
    existing = {s.criterion_id: s for s in assignment.scores.all()}
    for criterion in criteria:
        value = parsed[criterion.pk]
        comment = (comments.get(criterion.pk) or "").strip()[:500]
        score = existing.get(criterion.pk)
        if score is None:
            if value is None and not comment:
                continue
            score = Score(assignment=assignment, criterion=criterion)
        elif score.value == value and score.comment == comment:
            continue
        score.value, score.comment = value, comment
        if reason:
            score._change_reason = reason[:100]
        score.save()
    complete = bool(criteria) and all(parsed[c.pk] is not None for c in criteria)
    if assignment.complete != complete:
        assignment.complete = complete
        assignment.save(update_fields=["complete"])
    return complete


@transaction.atomic
def recuse(*, assignment: Assignment, reason: str) -> None:
    """A judge steps back from a candidate, with a reason; their draft scores are dropped."""
    reason = reason.strip()
    if not reason:
        raise ValidationError(_("请填写回避原因。"))
    if assignment.member.submitted_at:
        raise ValidationError(_("已提交,不能再修改;如需修改请联系组织者重新开放。"))
    _check_lock(assignment.member.scoresheet)
    assignment.scores.all().delete()
    assignment.recusal = Assignment.Recusal.SELF
    assignment.recusal_reason = reason[:300]
    assignment.complete = False
    assignment.save(update_fields=["recusal", "recusal_reason", "complete"])


@transaction.atomic
def submit(*, member: PanelMember) -> None:
    """A judge submits once: every assignment scored or recused."""
    if member.submitted_at:
        raise ValidationError(_("已经提交过了。"))
    _check_lock(member.scoresheet)
    missing = member.assignments.active().filter(complete=False).count()
    if missing:
        raise ValidationError(
            _("还有 %(n)s 个候选没有评完,评完或回避后才能提交。") % {"n": missing}
        )
    member.submitted_at = timezone.now()
    member.save(update_fields=["submitted_at"])


@transaction.atomic
def reopen(*, member: PanelMember, by) -> None:
    """Only the organizer reopens a submitted sheet."""
    if not by.has_perm("jury.manage_jury"):
        raise PermissionDenied
    _check_lock(member.scoresheet)
    member.submitted_at = None
    member._change_reason = _("组织者重新开放")
    member.save(update_fields=["submitted_at"])


def sheet_scores(sheet: Scoresheet):
    """Parallel lists (judge pk, candidate pk, 0–100 sheet score) of the submitted, complete
    sheets: two flat queries, then numpy (45,000 scores in a few tens of milliseconds)."""
    criteria = list(sheet.criteria.all())
    counted = Assignment.objects.filter(
        member__scoresheet=sheet, member__submitted_at__isnull=False, complete=True, recusal=""
    )
    rows = list(counted.values_list("pk", "member__judge_id", "candidate_id").order_by("pk"))
    if not rows or not criteria:
        return [], [], []
    scores = Score.objects.filter(assignment__in=counted.values("pk")).values_list(
        "assignment_id", "criterion_id", Cast("value", FloatField())
    )
    position = {pk: i for i, (pk, _j, _c) in enumerate(rows)}
    column = {c.pk: i for i, c in enumerate(criteria)}
    matrix = np.full((len(rows), len(criteria)), np.nan)
    for assignment_id, criterion_id, value in scores:
        if value is not None and criterion_id in column:
            matrix[position[assignment_id], column[criterion_id]] = value
    full = ~np.isnan(matrix).any(axis=1)  # "complete" is derived; trust only the values
    scales = [scoring.CriterionScale(c.weight, c.scale_min, c.scale_max) for c in criteria]
    values = scoring.sheet_scores(matrix[full], scales)
    kept = [row for row, ok in zip(rows, full, strict=True) if ok]
    return [r[1] for r in kept], [r[2] for r in kept], values.tolist()


@transaction.atomic
def recompute(*, sheet: Scoresheet, by, normalised: bool, trimmed: bool, reason: str = "") -> int:
    """Jury score per candidate from the submitted sheets; stored with its spread and handed
    to the evaluation (adapter.store_jury_scores), which combines and ranks. Returns the count."""
    _check_lock(sheet, reason)
    check_weights(list(sheet.criteria.all()))
    sheet.normalised, sheet.trimmed, sheet.computed_at = normalised, trimmed, timezone.now()
    if reason:
        sheet._change_reason = reason[:100]
    sheet.save(update_fields=["normalised", "trimmed", "computed_at"])
    judges, candidates, values = sheet_scores(sheet)
    results = scoring.jury_scores(judges, candidates, values, normalised=normalised, trim=trimmed)
    recusals = defaultdict(int)
    for candidate_id in (
        Assignment.objects.filter(member__scoresheet=sheet)
        .exclude(recusal="")
        .values_list("candidate_id", flat=True)
    ):
        recusals[candidate_id] += 1
    JuryResult.objects.filter(candidate__evaluation=sheet.evaluation).delete()
    JuryResult.objects.bulk_create(
        JuryResult(
            candidate_id=pk,
            score=round(r.score, 4),
            judges=r.judges,
            used=r.used,
            low=round(r.low, 4),
            high=round(r.high, 4),
            std=round(r.std, 4),
            recusals=recusals[pk],
        )
        for pk, r in results.items()
    )
    # Candidates without a counted sheet any more (reopened, recused) lose a stale jury score.
    scores = dict.fromkeys(sheet.evaluation.candidates.values_list("pk", flat=True))
    scores.update({pk: round(r.score, 4) for pk, r in results.items()})
    adapter.store_jury_scores(sheet.evaluation, scores, by=by)
    return len(results)


JUDGE_GROUP = "评委"


@transaction.atomic
def create_judge(*, username: str, password: str, name: str, title: str = "") -> Judge:
    """A judge's account: not staff (no admin), in the 评委 group, with a Judge profile."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.contrib.auth.password_validation import validate_password

    User = get_user_model()
    if User.objects.filter(username=username).exists():
        raise ValidationError(_("用户名「%(name)s」已被使用。") % {"name": username})
    user = User(username=username, is_staff=False, is_superuser=False)
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get(name=JUDGE_GROUP))
    judge = Judge(user=user, name=name.strip(), title=title.strip())
    judge.full_clean()
    judge.save()
    return judge
