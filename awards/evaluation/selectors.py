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
    evaluation: Evaluation, candidate_ids: list[int], days: int, needed=None
) -> tuple[Aggregates, dict[int, dict[str, int]]]:
    """Sums and maxima per candidate and platform (one grouped query), and rows per platform.

    `needed` is {("sum" | "max", metric key)} (None: every fixed metric both ways); custom
    metrics (numeric keys) are read from JSON. The second value is {candidate pk: {platform:
    number of periods with a row}}.
    """
    if needed is None:
        needed = {(kind, key) for key in METRIC_KEYS for kind in ("sum", "max")}
    fixed = sorted((kind, key) for kind, key in needed if key in METRIC_KEYS)
    functions = {"sum": Sum, "max": Max}
    names = [f"{kind}_{key}" for kind, key in fixed]
    grouped = list(
        MetricRow.objects.filter(candidate__evaluation=evaluation)
        .values("candidate_id", "platform")
        .annotate(
            rows=Count("pk"), **{n: functions[k](m) for n, (k, m) in zip(names, fixed, strict=True)}
        )
        .order_by()
        .values_list("candidate_id", "platform", "rows", *names)
    )
    position = {pk: i for i, pk in enumerate(candidate_ids)}
    size = len(candidate_ids)
    data = Aggregates(candidate_ids=candidate_ids, days=days)
    coverage: dict[int, dict[str, int]] = {}
    grouped = [g for g in grouped if g[0] in position]
    for candidate_id, platform, rows, *_values in grouped:
        coverage.setdefault(candidate_id, {})[platform] = rows
    if grouped and fixed:
        index = np.array([position[g[0]] for g in grouped])
        platforms = np.array([g[1] for g in grouped])
        values = np.array(
            [[np.nan if v is None else v for v in g[3:]] for g in grouped], dtype=float
        )
        for platform in set(platforms.tolist()):
            rows_of = platforms == platform
            for column, (kind, key) in enumerate(fixed):
                table = data.sums if kind == "sum" else data.maxes
                target = table.setdefault((platform, key), np.zeros(size))
                target[index[rows_of]] = np.nan_to_num(values[rows_of, column])
                seen = data.present.setdefault((platform, key), np.zeros(size, dtype=bool))
                seen[index[rows_of]] |= ~np.isnan(values[rows_of, column])
    custom = {key for _kind, key in needed if key not in METRIC_KEYS}
    if custom:
        _custom(evaluation, position, custom, data)
    _all_platforms(data, size)
    return data, coverage


def _put(table, key, i, value, size, *, add: bool, present=None) -> None:
    if present is not None:
        present.setdefault(key, np.zeros(size, dtype=bool))[i] = True
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
            value = float(extra[key])
            _put(data.sums, (platform, key), i, value, size, add=True, present=data.present)
            _put(data.maxes, (platform, key), i, value, size, add=False)


def _all_platforms(data: Aggregates, size: int) -> None:
    """Platform "" holds every platform together: sums added, maxima the largest."""
    tables = ((data.sums, np.add), (data.maxes, np.maximum), (data.present, np.logical_or))
    for table, combine in tables:
        metrics = {metric for platform, metric in table if platform}
        for metric in metrics:
            together = np.zeros(size, dtype=bool if table is data.present else float)
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
