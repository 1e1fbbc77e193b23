"""Recompute an evaluation: one read of the definition, of the data and of the candidates,
numpy in between, one bulk write. No query per candidate."""

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.evaluation import ranking, scoring, selectors, tree, writes
from awards.evaluation.models import Candidate, Evaluation
from awards.evaluation.vocabulary import METRIC_LABELS, Formula, Platform


def run(evaluation: Evaluation, candidate_ids: list[int]):
    """The scoring result for these candidates (no writes), with coverage and period count."""
    specs, problems = tree.load_tree(evaluation)
    if problems:
        raise ValidationError(problems)
    periods, days = selectors.window(evaluation)
    data, coverage = selectors.aggregates(evaluation, candidate_ids, days, _needed(specs))
    result = scoring.compute(
        specs,
        data,
        power=evaluation.final_power,
        factor=evaluation.final_factor,
        scale_kind=evaluation.scale,
    )
    return specs, result, coverage, len(periods)


def _needed(specs) -> set[tuple[str, str]]:
    """The (sum | max, metric) aggregates the definition's formulas read."""
    needed = set()
    for spec in _indicator_specs(specs):
        if spec.formula == Formula.MAX:
            needed.add(("max", spec.metric))
            continue
        needed.add(("sum", spec.metric))
        if spec.formula == Formula.PER_ARTICLE:
            needed.add(("sum", "posts"))
        elif spec.formula == Formula.RATE:
            needed.add(("sum", spec.per_metric))
    return needed


def _indicator_specs(specs):
    for spec in specs:
        yield from spec.indicators
        yield from _indicator_specs(spec.children)


def gaps(candidate_id, i, coverage, periods: int, platforms, traces, data) -> list[str]:
    """What the ranking flags: platforms with missing periods, formulas with nothing to divide,
    metrics the definition reads that the candidate has no value for."""
    found = []
    missing = []
    for trace in traces:
        spec = trace.spec
        seen = data.present.get((spec.platform, spec.metric))
        label = _(METRIC_LABELS.get(spec.metric, spec.name))
        absent = seen is None or not seen[i]
        if absent and have_rows(coverage, candidate_id, spec.platform) and label not in missing:
            missing.append(label)
    have = coverage.get(candidate_id, {})
    for platform in platforms:
        count = have.get(platform, 0)
        if count < periods:
            found.append(
                _("%(platform)s缺 %(missing)d/%(periods)d 期")
                % {
                    "platform": Platform(platform).label,
                    "missing": periods - count,
                    "periods": periods,
                }
            )
    for trace in traces:
        if trace.undefined[i]:
            found.append(_("%(name)s:无可除数据,按 0 计") % {"name": trace.spec.name})
    if missing:
        found.append(_("无数据,按 0 计:%(metrics)s") % {"metrics": "、".join(missing)})
    return found


def have_rows(coverage, candidate_id, platform: str) -> bool:
    have = coverage.get(candidate_id, {})
    return bool(have.get(platform)) if platform else bool(have)


@transaction.atomic
def recompute(evaluation: Evaluation) -> None:
    """Score every candidate, store results with the versions they came from, and re-rank."""
    rows = list(
        Candidate.objects.filter(evaluation=evaluation)
        .order_by("pk")
        .values_list("pk", "jury_score")
    )
    ids = [pk for pk, _jury in rows]
    _specs, result, coverage, periods = run(evaluation, ids)
    platforms = sorted({p for c in coverage.values() for p in c}, key=Platform.values.index)
    jury = np.array([np.nan if j is None else j for _pk, j in rows], dtype=float)
    totals = ranking.combine(result.data_score, jury, evaluation.jury_weight)
    ranks = ranking.competition_ranks(np.round(totals, 9))
    version = (evaluation.definition_version, evaluation.data_version)
    rows = [
        (
            pk,
            float(result.data_index[i]),
            float(result.data_score[i]),
            {str(d): round(float(v[i]), 6) for d, v in result.dimensions.items()},
            None if np.isnan(totals[i]) else float(totals[i]),
            int(ranks[i]) or None,
            gaps(pk, i, coverage, periods, platforms, result.traces, result.data),
            *version,
        )
        for i, pk in enumerate(ids)
    ]
    fields = (
        "data_index",
        "data_score",
        "dimension_scores",
        "total",
        "rank",
        "gaps",
        "definition_version",
        "data_version",
    )
    writes.update_rows(Candidate, fields, rows)
    evaluation.computed_at = timezone.now()
    evaluation.save(update_fields=["computed_at"])  # post_save bumps the public cache
