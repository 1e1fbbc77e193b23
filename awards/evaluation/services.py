"""Writes of the evaluation that span rows: jury scores, recompute, overrides, promote.

Keyword-only where a caller could mix arguments up; each runs in one transaction.
"""

import math
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import caching
from awards.evaluation import compute, presets, ranking, tree, writes
from awards.evaluation.models import Candidate, Dimension, Evaluation, Indicator, Override
from awards.text import clean_text


@transaction.atomic
def set_jury_scores(evaluation: Evaluation, scores: dict[int, float | None], *, by=None) -> None:
    """Store jury scores (0–100, None clears) keyed by Candidate pk, then re-rank everyone.

    `by` (the user) is accepted for the caller's audit trail; the jury app keeps its own history.
    Raises ValidationError, writing nothing, for an unknown candidate or a score out of range.
    """
    known = set(
        Candidate.objects.filter(evaluation=evaluation, pk__in=list(scores)).values_list(
            "pk", flat=True
        )
    )
    unknown = sorted(set(scores) - known)
    if unknown:
        raise ValidationError(
            _("候选对象 %(ids)s 不属于这个评估。") % {"ids": ", ".join(map(str, unknown))}
        )
    updates = []
    for pk, score in scores.items():
        if score is not None:
            score = float(score)
            if math.isnan(score) or not 0 <= score <= 100:
                raise ValidationError(
                    _("评审分应在 0 到 100 之间,实际是 %(score)s。") % {"score": score}
                )
        updates.append((pk, score))
    writes.update_rows(Candidate, ("jury_score",), updates)
    ranking.refresh_totals(evaluation)
    # Bulk writes send no signal: published scores changed, so the public pages must follow.
    caching.bump_on_commit()


@transaction.atomic
def apply_preset(evaluation: Evaluation, key: str, *, weights=None) -> None:
    """Replace the evaluation's definition by a preset's, then recompute."""
    preset = presets.get(key, weights)
    Indicator.objects.filter(dimension__evaluation=evaluation).delete()
    Dimension.objects.filter(evaluation=evaluation).delete()
    for position, branch in enumerate(preset.branches):
        dimension = Dimension.objects.create(
            evaluation=evaluation,
            name=branch.name,
            name_en=branch.name_en,
            weight=Decimal(str(branch.weight)),
            position=position,
        )
        Indicator.objects.bulk_create(
            Indicator(
                dimension=dimension,
                name=leaf.name,
                name_en=leaf.name_en,
                formula=leaf.formula,
                metric=leaf.metric,
                per_metric=leaf.per_metric,
                platform=leaf.platform,
                transform=leaf.transform,
                normalisation=leaf.normalisation,
                weight=Decimal(str(leaf.weight)),
                position=index,
            )
            for index, leaf in enumerate(branch.leaves)
        )
    evaluation.preset = preset.key
    evaluation.final_power = preset.power
    evaluation.final_factor = preset.factor
    evaluation.scale = preset.scale
    evaluation.save(update_fields=["preset", "final_power", "final_factor", "scale"])
    definition_changed(evaluation)


def definition_changed(evaluation: Evaluation) -> list[str]:
    """A new definition version; recompute when the definition is complete.

    Returns the definition's problems (weights not at 100 %, empty dimensions): with any, the
    stored results stay as they were (marked stale by their older version) until fixed.
    """
    Evaluation.objects.filter(pk=evaluation.pk).update(
        definition_version=F("definition_version") + 1
    )
    evaluation.refresh_from_db(fields=["definition_version"])
    _specs, found = tree.load_tree(evaluation)
    if not found:
        compute.recompute(evaluation)
    return found


@transaction.atomic
def set_jury_weight(evaluation: Evaluation, jury_weight: int) -> None:
    evaluation.jury_weight = jury_weight
    evaluation.full_clean()
    evaluation.save(update_fields=["jury_weight"])
    ranking.refresh_totals(evaluation)


@transaction.atomic
def add_override(candidate: Candidate, *, kind: str, reason: str, by=None) -> Override:
    """Record an adjustment with its reason; the one in force before it becomes history."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"reason": _("评审调整必须填写原因。")})
    if kind not in Override.Kind.values:
        raise ValidationError({"kind": _("未知的调整类型。")})
    now = timezone.now()
    for current in Override.objects.filter(candidate=candidate, revoked_at__isnull=True):
        current.revoked_at = now
        current.save(update_fields=["revoked_at"])
    override = Override(candidate=candidate, kind=kind, reason=reason, created_by=by)
    override.full_clean()
    override.save()
    return override


@transaction.atomic
def revoke_override(override: Override) -> None:
    if override.revoked_at is None:
        override.revoked_at = timezone.now()
        override.save(update_fields=["revoked_at"])
