"""Reads of the evaluation shared by the services, the admin pages and the public parts."""

import numpy as np
from django.db.models import Count, F, Max, Sum

from awards.evaluation.models import Candidate, Evaluation, MetricRow, Period
from awards.evaluation.scoring import Aggregates
from awards.evaluation.vocabulary import METRIC_KEYS, Platform


def window(evaluation: Evaluation) -> tuple[list[Period], int]:
    """The evaluation's periods and the d of per-day formulas (their days added up)."""
    periods = list(Period.objects.filter(evaluation=evaluation).order_by("starts_on"))
    return periods, sum(p.days for p in periods)


def aggregates(
    evaluation: Evaluation, candidate_ids: list[int], days: int, custom_keys=()
) -> tuple[Aggregates, dict[int, dict[str, int]]]:
    """Sums and maxima per candidate and platform (one grouped query), and rows per platform.

    The second value is {candidate pk: {platform: number of periods with a row}}.
    """
    position = {pk: i for i, pk in enumerate(candidate_ids)}
    size = len(candidate_ids)
    data = Aggregates(candidate_ids=candidate_ids, days=days)
    annotations = {f"s_{k}": Sum(k) for k in METRIC_KEYS} | {f"m_{k}": Max(k) for k in METRIC_KEYS}
    grouped = (
        MetricRow.objects.filter(candidate__evaluation=evaluation)
        .values("candidate_id", "platform")
        .annotate(rows=Count("pk"), **annotations)
        .order_by()
    )
    coverage: dict[int, dict[str, int]] = {}
    for group in grouped:
        i = position.get(group["candidate_id"])
        if i is None:
            continue
        platform = group["platform"]
        coverage.setdefault(group["candidate_id"], {})[platform] = group["rows"]
        for key in METRIC_KEYS:
            _put(data.sums, (platform, key), i, group[f"s_{key}"], size, add=True)
            _put(data.maxes, (platform, key), i, group[f"m_{key}"], size, add=False)
    if custom_keys:
        _custom(evaluation, position, set(custom_keys), data)
    _all_platforms(data, size)
    return data, coverage


def _put(table, key, i, value, size, *, add: bool) -> None:
    if value is None:
        return
    column = table.setdefault(key, np.zeros(size))
    column[i] = column[i] + value if add else max(column[i], value)


def _custom(evaluation, position, keys, data) -> None:
    """Custom columns live in JSON: summed in Python, still one query."""
    rows = MetricRow.objects.filter(candidate__evaluation=evaluation).values_list(
        "candidate_id", "platform", "extra"
    )
    size = len(position)
    for candidate_id, platform, extra in rows.iterator(chunk_size=5000):
        i = position.get(candidate_id)
        for key in keys & extra.keys() if i is not None else ():
            _put(data.sums, (platform, key), i, float(extra[key]), size, add=True)
            _put(data.maxes, (platform, key), i, float(extra[key]), size, add=False)


def _all_platforms(data: Aggregates, size: int) -> None:
    """Platform "" holds every platform together: sums added, maxima the largest."""
    for table, combine in ((data.sums, np.add), (data.maxes, np.maximum)):
        metrics = {metric for platform, metric in table if platform}
        for metric in metrics:
            together = np.zeros(size)
            for platform in Platform.values:
                if (platform, metric) in table:
                    together = combine(together, table[(platform, metric)])
            table[("", metric)] = together


def ranking(evaluation: Evaluation):
    """Candidates in rank order with what the ranking page shows, in one query."""
    return (
        Candidate.objects.filter(evaluation=evaluation)
        .select_related("nominee", "case")
        .order_by(F("rank").asc(nulls_last=True), "nominee__sort_key", "pk")
    )
