"""The public 评选方法: what an organizer chose to publish, for published editions only.

Registered through awards/extensions.py: a section below the list's awards, and
`evaluation_methods` in the edition's JSON download and API record. Never public: candidates
who did not win, raw metrics, anything of a draft or scheduled edition (preview included).
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from awards import extensions
from awards.evaluation import presets
from awards.evaluation.models import Candidate, Dimension, Evaluation, Indicator, MetricRow, Period
from awards.evaluation.vocabulary import (
    METRIC_LABELS,
    Formula,
    Normalisation,
    Platform,
    Transform,
)
from awards.models import Award


def register() -> None:
    extensions.register("list_page", "evaluation", list_page)
    extensions.register("edition_record", "evaluation", edition_record)


def _published(**where) -> list[Evaluation]:
    """The evaluations (filtered by `where`) whose method may be shown (one query)."""
    return list(
        Evaluation.objects.filter(publish_method=True, **where)
        .select_related("award_list")
        .annotate(
            candidate_total=Count("candidates", distinct=True),
            adjustment_total=Count(
                "candidates__overrides",
                filter=Q(candidates__overrides__revoked_at__isnull=True),
                distinct=True,
            ),
        )
    )


def methods(**where) -> dict[int, dict]:
    """{award_list pk: method record} for the lists that publish one; constant queries.

    Callers have checked that the edition is public.
    """
    evaluations = _published(**where)
    if not evaluations:
        return {}
    ids = [e.pk for e in evaluations]
    dimensions = list(Dimension.objects.filter(evaluation__in=ids).order_by("position", "pk"))
    indicators = list(
        Indicator.objects.filter(dimension__evaluation__in=ids)
        .select_related("custom_metric")
        .order_by("position", "pk")
    )
    periods = list(Period.objects.filter(evaluation__in=ids).order_by("starts_on"))
    platforms = set(
        MetricRow.objects.filter(candidate__evaluation__in=ids)
        .values_list("candidate__evaluation_id", "platform")
        .distinct()
    )
    tops = [d for d in dimensions if d.parent_id is None]
    scores = _winner_scores([e for e in evaluations if e.publish_scores], tops)
    return {
        e.award_list_id: _record(e, dimensions, indicators, periods, platforms, scores)
        for e in evaluations
    }


def _indicator(indicator: Indicator) -> dict:
    return {
        "name": indicator.name,
        "name_en": indicator.name_en or None,
        "formula": indicator.formula,
        "metric": indicator.metric or None,
        "metric_label": METRIC_LABELS.get(indicator.metric)
        or (indicator.custom_metric.name if indicator.custom_metric else ""),
        "per_metric": indicator.per_metric or None,
        "platform": indicator.platform or None,
        "transform": indicator.transform,
        "exponent": indicator.exponent,
        "normalisation": indicator.normalisation,
        "weight": float(indicator.weight),
    }


def _tree(evaluation, dimensions, indicators, parent=None) -> list[dict]:
    return [
        {
            "name": d.name,
            "name_en": d.name_en or None,
            "weight": float(d.weight),
            "dimensions": _tree(evaluation, dimensions, indicators, d.pk),
            "indicators": [_indicator(i) for i in indicators if i.dimension_id == d.pk],
        }
        for d in dimensions
        if d.evaluation_id == evaluation.pk and d.parent_id == parent
    ]


def _record(evaluation, dimensions, indicators, periods, platforms, scores) -> dict:
    own = [p for p in periods if p.evaluation_id == evaluation.pk]
    preset = presets.get(evaluation.preset) if evaluation.preset else None
    return {
        "position": evaluation.award_list.position,
        "list_slug": evaluation.award_list.slug,
        "list": evaluation.award_list.name,
        "data_source": evaluation.data_source,
        "snapshot_rule": evaluation.snapshot_rule,
        "preset": evaluation.preset or None,
        "preset_label": str(preset.label) if preset else None,
        "preset_source": str(preset.source) if preset else None,
        "open_points": [str(note) for note in preset.notes] if preset else [],
        "period_start": own[0].starts_on if own else None,
        "period_end": own[-1].ends_on if own else None,
        "periods": [p.label for p in own],
        "platforms": sorted(p for e, p in platforms if e == evaluation.pk),
        "final_power": evaluation.final_power,
        "final_factor": evaluation.final_factor,
        "scale": evaluation.scale,
        "jury_weight": evaluation.jury_weight,
        "candidates_evaluated": evaluation.candidate_total,
        "adjustments": evaluation.adjustment_total,
        "dimensions": _tree(evaluation, dimensions, indicators),
        "scores": scores.get(evaluation.pk) if evaluation.publish_scores else None,
    }


def _winner_scores(evaluations, tops) -> dict[int, list[dict]]:
    """Each evaluation's winners (current awards of its list) with their scores; two queries."""
    if not evaluations:
        return {}
    by_list = {e.award_list_id: e for e in evaluations}
    awards = Award.objects.filter(
        award_list__in=list(by_list), withdrawn_at__isnull=True
    ).values_list("award_list_id", "nominee_id", "case_id", "position")
    won = {(by_list[a].pk, n, c): p for a, n, c, p in awards}
    candidates = Candidate.objects.filter(
        evaluation__in=[e.pk for e in evaluations], nominee_id__in={n for _e, n, _c in won}
    ).select_related("nominee", "case")
    found: dict[int, list] = {}
    for c in candidates:
        position = won.get((c.evaluation_id, c.nominee_id, c.case_id))
        if position is None:
            continue  # not a winner: never public
        found.setdefault(c.evaluation_id, []).append(
            (
                position,
                {
                    "nominee": c.nominee.name,
                    "case": c.case.title if c.case_id else None,
                    "total": _round(c.total),
                    "data_index": _round(c.data_index),
                    "jury_score": _round(c.jury_score),
                    "dimension_scores": [
                        {
                            "name": d.name,
                            "name_en": d.name_en or None,
                            "score": _round(c.dimension_scores.get(str(d.pk))),
                        }
                        for d in tops
                        if d.evaluation_id == c.evaluation_id
                    ],
                },
            )
        )
    return {e: [row for _p, row in sorted(rows, key=lambda r: r[0])] for e, rows in found.items()}


def _round(value):
    return None if value is None else round(value, 4)


def list_page(award_list, request, preview: bool) -> list[extensions.Section]:
    if preview:
        return []  # a draft's evaluation is visible to nobody outside the admin
    if not award_list.edition.is_public:
        return []
    method = methods(award_list=award_list).get(award_list.pk)
    if method is None:
        return []
    english = getattr(request, "LANGUAGE_CODE", "") == "en"
    return [
        extensions.Section(
            "awards/evaluation/method.html",
            {
                "method": method,
                "rows": list(_rows(method["dimensions"], english)),
                "platforms": [Platform(p).label for p in method["platforms"]],
                "english": english,
            },
        )
    ]


def _rows(dimensions, english: bool, path=(), share=1.0):
    """The indicator table as the page shows it: labels in the reader's language."""
    for d in dimensions:
        name = d["name_en"] if english and d["name_en"] else d["name"]
        names, weight = (*path, f"{name} {d['weight']:g}%"), share * d["weight"] / 100
        yield from _rows(d["dimensions"], english, names, weight)
        for i in d["indicators"]:
            transform = Transform(i["transform"]).label
            if i["transform"] == Transform.POWER:
                transform = f"x^{i['exponent']:g}"
            yield {
                "path": " › ".join(names),
                "name": i["name_en"] if english and i["name_en"] else i["name"],
                "formula": Formula(i["formula"]).label,
                "metric": _(i["metric_label"]) if i["metric"] else i["metric_label"],
                "platform": Platform(i["platform"]).label if i["platform"] else _("所有平台"),
                "transform": transform,
                "normalisation": Normalisation(i["normalisation"]).label,
                "weight": i["weight"],
                "share": round(weight * i["weight"], 2),
            }


def edition_record(edition, request) -> dict:
    if not edition.is_public:
        return {}
    found = methods(award_list__edition=edition)
    ordered = sorted(found.values(), key=lambda m: (m["position"], m["list_slug"]))
    return {
        "evaluation_methods": [{k: v for k, v in m.items() if k != "position"} for m in ordered]
    }
