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


def gap_lists(ids, coverage, periods: int, platforms, traces, data) -> list[list[str]]:
    """What the ranking flags per candidate: platforms with missing periods, formulas with
    nothing to divide, metrics the definition reads that the candidate has no value for.

    Vectorised per indicator; the per-candidate loop only visits what is flagged.
    """
    size = len(ids)
    has_platform = {
        platform: np.array([bool(coverage.get(pk, {}).get(platform)) for pk in ids], dtype=bool)
        for platform in platforms
    }
    has_any = np.array([bool(coverage.get(pk)) for pk in ids], dtype=bool)
    undefined, absent = [], []
    for trace in traces:
        spec = trace.spec
        rows = (
            has_platform.get(spec.platform, np.zeros(size, dtype=bool))
            if spec.platform
            else has_any
        )
        seen = data.present.get((spec.platform, spec.metric), np.zeros(size, dtype=bool))
        label = _(METRIC_LABELS.get(spec.metric, spec.name))
        undefined.append((_("%(name)s:无可除数据,按 0 计") % {"name": spec.name}, trace.undefined))
        absent.append((label, rows & ~seen))
    found = []
    for i, pk in enumerate(ids):
        have = coverage.get(pk, {})
        notes = [
            _("%(platform)s缺 %(missing)d/%(periods)d 期")
            % {
                "platform": Platform(platform).label,
                "missing": periods - have.get(platform, 0),
                "periods": periods,
            }
            for platform in platforms
            if have.get(platform, 0) < periods
        ]
        notes += [note for note, flags in undefined if flags[i]]
        missing = list(dict.fromkeys(label for label, flags in absent if flags[i]))
        if missing:
            notes.append(_("无数据,按 0 计:%(metrics)s") % {"metrics": "、".join(missing)})
        found.append(notes)
    return found


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
    notes = gap_lists(ids, coverage, periods, platforms, result.traces, result.data)
    rows = [
        (
            pk,
            float(result.data_index[i]),
            float(result.data_score[i]),
            {str(d): round(float(v[i]), 6) for d, v in result.dimensions.items()},
            None if np.isnan(totals[i]) else float(totals[i]),
            int(ranks[i]) or None,
            notes[i],
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
