"""The index definition as a tree of specs (two queries), and the rules it must meet."""

from decimal import Decimal

from django.utils.translation import gettext as _

from awards.evaluation.models import Dimension, Evaluation, Indicator
from awards.evaluation.scoring import DimensionSpec, IndicatorSpec


def load_tree(evaluation: Evaluation) -> tuple[list[DimensionSpec], list[str]]:
    """The top dimensions with their children and indicators, and the definition's problems."""
    dimensions = list(Dimension.objects.filter(evaluation=evaluation).order_by("position", "pk"))
    indicators = list(
        Indicator.objects.filter(dimension__evaluation=evaluation).order_by("position", "pk")
    )
    specs = {d.pk: DimensionSpec(d.pk, d.name, float(d.weight)) for d in dimensions}
    tops = []
    for dimension in dimensions:
        spec = specs[dimension.pk]
        if dimension.parent_id is None:
            tops.append(spec)
        else:
            specs[dimension.parent_id].children.append(spec)
    for indicator in indicators:
        specs[indicator.dimension_id].indicators.append(
            IndicatorSpec(
                pk=indicator.pk,
                name=indicator.name,
                formula=indicator.formula,
                metric=indicator.metric or str(indicator.custom_metric_id),
                per_metric=indicator.per_metric,
                platform=indicator.platform,
                transform=indicator.transform,
                exponent=indicator.exponent,
                normalisation=indicator.normalisation,
                weight=float(indicator.weight),
            )
        )
    return tops, problems(dimensions, indicators)


def _level_total(weights) -> Decimal:
    return sum((Decimal(w) for w in weights), Decimal(0))


def problems(dimensions: list[Dimension], indicators: list[Indicator]) -> list[str]:
    """Each level's weights sum to exactly 100 %; a dimension holds sub-dimensions or indicators."""
    found = []
    tops = [d.weight for d in dimensions if d.parent_id is None]
    if not tops:
        found.append(_("评价体系还没有维度。"))
    elif _level_total(tops) != 100:
        found.append(
            _("一级维度的权重合计为 %(total)s%%,应为 100%%。") % {"total": _level_total(tops)}
        )
    for dimension in dimensions:
        children = [d.weight for d in dimensions if d.parent_id == dimension.pk]
        leaves = [i.weight for i in indicators if i.dimension_id == dimension.pk]
        if children and leaves:
            found.append(
                _("维度「%(name)s」同时含有下级维度和指标,只能含其中一种。")
                % {"name": dimension.name}
            )
        elif not children and not leaves:
            found.append(_("维度「%(name)s」下还没有指标。") % {"name": dimension.name})
        elif _level_total(children or leaves) != 100:
            found.append(
                _("维度「%(name)s」下的权重合计为 %(total)s%%,应为 100%%。")
                % {"name": dimension.name, "total": _level_total(children or leaves)}
            )
    return found
