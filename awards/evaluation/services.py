"""Writes of the evaluation that span rows: jury scores, recompute, overrides, promote.

Keyword-only where a caller could mix arguments up; each runs in one transaction.
"""

import math

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards import caching
from awards.evaluation import ranking
from awards.evaluation.models import Candidate, Evaluation


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
        updates.append(Candidate(pk=pk, jury_score=score))
    Candidate.objects.bulk_update(updates, ("jury_score",), batch_size=500)
    ranking.refresh_totals(evaluation)
    # Bulk writes send no signal: published scores changed, so the public pages must follow.
    caching.bump_on_commit()
