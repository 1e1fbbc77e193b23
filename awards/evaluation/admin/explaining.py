"""How one candidate's score was built: metric → formula → transform → normalisation → weight.

Normalisation needs every candidate's values, so the whole evaluation is scored (as recompute
does, without writing) and one column is read out.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from awards.evaluation import compute
from awards.evaluation.vocabulary import METRIC_LABELS, Formula, Normalisation, Platform, Transform


@dataclass
class Step:
    path: str  # dimension names, top first
    name: str
    source: str  # the formula in words with its inputs
    raw: float
    transform: str
    transformed: float
    normalisation: str
    normalised: float
    weight: float  # within its dimension, percent
    share: float  # product of the weights down to it, percent of the base
    contribution: float  # share × normalised
    undefined: bool


def _paths(specs, prefix=(), weight=1.0):
    """{indicator pk: (dimension names, effective weight fraction)} through the tree."""
    found = {}
    for dimension in specs:
        names, share = (*prefix, dimension.name), weight * dimension.weight / 100.0
        found.update(_paths(dimension.children, names, share))
        for spec in dimension.indicators:
            found[spec.pk] = (names, share * spec.weight / 100.0)
    return found


def _metric_label(key: str, custom: dict) -> str:
    return METRIC_LABELS.get(key) or custom.get(key, key)


def _source(spec, data, i, custom) -> str:
    metric = _metric_label(spec.metric, custom)
    platform = Platform(spec.platform).label if spec.platform else _("所有平台")
    total = data.sum(spec.platform, spec.metric)[i]
    if spec.formula == Formula.PER_DAY:
        text = f"{metric} {total:,.0f} ÷ {data.days} " + _("天")
    elif spec.formula == Formula.PER_ARTICLE:
        posts = data.sum(spec.platform, "posts")[i]
        text = f"{metric} {total:,.0f} ÷ " + _("发文数") + f" {posts:,.0f}"
    elif spec.formula == Formula.MAX:
        text = _("%(metric)s的最大值") % {"metric": metric}
    elif spec.formula == Formula.RATE:
        per = data.sum(spec.platform, spec.per_metric)[i]
        text = f"{metric} {total:,.0f} ÷ {_metric_label(spec.per_metric, custom)} {per:,.0f}"
    else:
        text = _("%(metric)s合计") % {"metric": metric}
    return f"{platform}:{text}"


@dataclass
class Explanation:
    steps: list[Step]
    base: float
    power: float
    factor: float
    data_index: float
    scale: str
    data_score: float
    candidates: int


def explain(evaluation, candidate) -> Explanation:
    ids = list(evaluation.candidates.order_by("pk").values_list("pk", flat=True))
    specs, result, _coverage, _periods = compute.run(evaluation, ids)
    i = ids.index(candidate.pk)
    custom = {str(c.pk): c.name for c in evaluation.custom_metrics.all()}
    paths = _paths(specs)
    data = result.data
    steps = []
    for trace in result.traces:
        spec = trace.spec
        names, share = paths[spec.pk]
        transform = Transform(spec.transform).label
        if spec.transform == Transform.POWER:
            transform = f"x^{spec.exponent:g}"
        steps.append(
            Step(
                path=" › ".join(names),
                name=spec.name,
                source=_source(spec, data, i, custom),
                raw=float(trace.raw[i]),
                transform=str(transform),
                transformed=float(trace.transformed[i]),
                normalisation=str(Normalisation(spec.normalisation).label),
                normalised=float(trace.normalised[i]),
                weight=spec.weight,
                share=share * 100.0,
                contribution=share * float(trace.normalised[i]),
                undefined=bool(trace.undefined[i]),
            )
        )
    return Explanation(
        steps=steps,
        base=float(result.base[i]),
        power=evaluation.final_power,
        factor=evaluation.final_factor,
        data_index=float(result.data_index[i]),
        scale=str(evaluation.get_scale_display()),
        data_score=float(result.data_score[i]),
        candidates=len(ids),
    )
