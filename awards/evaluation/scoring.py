"""The index, computed for all candidates at once with numpy: pure functions, no queries.

indicator = normalise(transform(formula(metric over the window)))
dimension = Σ weight% × child            (children: sub-dimensions or indicators)
index     = factor × (Σ weight% × top dimension) ^ power      (WCI V14.2: (…)² × 1.2 × 10)
data_score = the index on 0–100, by the evaluation's scale.
"""

from dataclasses import dataclass, field

import numpy as np

from awards.evaluation.vocabulary import Formula, Normalisation, Scale, Transform


@dataclass
class Aggregates:
    """Each candidate's metrics over the evaluation's window, one array per (platform, metric).

    Platform "" is all platforms together. sums and maxes are keyed (platform, metric key).
    """

    candidate_ids: list[int]
    days: int
    sums: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    maxes: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)
    # (platform, metric) → True where the candidate has a value in at least one row.
    present: dict[tuple[str, str], np.ndarray] = field(default_factory=dict)

    def _get(self, table, platform, metric) -> np.ndarray:
        values = table.get((platform, metric))
        return np.zeros(len(self.candidate_ids)) if values is None else values

    def sum(self, platform: str, metric: str) -> np.ndarray:
        return self._get(self.sums, platform, metric)

    def max(self, platform: str, metric: str) -> np.ndarray:
        return self._get(self.maxes, platform, metric)


@dataclass
class IndicatorSpec:
    pk: int
    name: str
    formula: str
    metric: str  # a fixed metric key, or a custom metric's key
    per_metric: str
    platform: str
    transform: str
    exponent: float
    normalisation: str
    weight: float  # percent


@dataclass
class DimensionSpec:
    pk: int
    name: str
    weight: float  # percent
    children: list["DimensionSpec"] = field(default_factory=list)
    indicators: list[IndicatorSpec] = field(default_factory=list)


@dataclass
class Trace:
    """Every stage of one indicator for all candidates (the explain page reads one column)."""

    spec: IndicatorSpec
    raw: np.ndarray
    transformed: np.ndarray
    normalised: np.ndarray
    undefined: np.ndarray  # True where the formula had nothing to divide by (value taken as 0)


@dataclass
class Result:
    data: Aggregates
    traces: list[Trace]
    dimensions: dict[int, np.ndarray]
    base: np.ndarray  # Σ weight% × top dimension, before the final power and factor
    data_index: np.ndarray
    data_score: np.ndarray


def _divide(numerator: np.ndarray, denominator: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    undefined = denominator <= 0
    with np.errstate(divide="ignore", invalid="ignore"):
        values = np.where(undefined, 0.0, numerator / np.where(undefined, 1.0, denominator))
    return values, undefined


def formula(spec: IndicatorSpec, data: Aggregates) -> tuple[np.ndarray, np.ndarray]:
    """The indicator's raw value, and where it is undefined (n = 0: taken as 0, flagged)."""
    total = data.sum(spec.platform, spec.metric)
    nowhere = np.zeros(len(total), dtype=bool)
    if spec.formula == Formula.SUM:
        return total, nowhere
    if spec.formula == Formula.PER_DAY:
        return total / max(data.days, 1), nowhere
    if spec.formula == Formula.PER_ARTICLE:
        return _divide(total, data.sum(spec.platform, "posts"))
    if spec.formula == Formula.MAX:
        return data.max(spec.platform, spec.metric), nowhere
    if spec.formula == Formula.RATE:
        return _divide(total, data.sum(spec.platform, spec.per_metric))
    raise ValueError(f"unknown formula {spec.formula!r}")


def transform(values: np.ndarray, kind: str, exponent: float = 1.0) -> np.ndarray:
    if kind == Transform.NONE:
        return values.astype(float)
    if kind == Transform.LN1:
        return np.log(values + 1.0)
    if kind == Transform.LN10:
        return np.log(10.0 * values + 1.0)
    if kind == Transform.POWER:
        return np.power(values.astype(float), exponent)
    raise ValueError(f"unknown transform {kind!r}")


def normalise(values: np.ndarray, kind: str) -> np.ndarray:
    """Across the candidates. A constant column gives 0 (min–max, z-score) or 100 (rank)."""
    if kind == Normalisation.NONE or len(values) == 0:
        return values.astype(float)
    if kind == Normalisation.MINMAX:
        low, high = values.min(), values.max()
        if high == low:
            return np.zeros(len(values))
        return (values - low) / (high - low) * 100.0
    if kind == Normalisation.ZSCORE:
        deviation = values.std()  # population standard deviation (ddof 0)
        if deviation == 0:
            return np.zeros(len(values))
        return (values - values.mean()) / deviation
    if kind == Normalisation.RANK:
        return _rank_score(values)
    raise ValueError(f"unknown normalisation {kind!r}")


def _rank_score(values: np.ndarray) -> np.ndarray:
    """100 for the best, 0 for the worst, linear in the competition rank; ties share."""
    count = len(values)
    if count == 1:
        return np.full(1, 100.0)
    ordered = np.sort(-values)
    ranks = np.searchsorted(ordered, -values, side="left")  # 0 for the best
    return (1.0 - ranks / (count - 1)) * 100.0


def scale(index: np.ndarray, kind: str) -> np.ndarray:
    if len(index) == 0 or kind == Scale.AS_IS:
        return index.copy()
    if kind == Scale.SHARE_OF_BEST:
        best = index.max()
        return index / best * 100.0 if best > 0 else np.zeros(len(index))
    if kind == Scale.MINMAX:
        return normalise(index, Normalisation.MINMAX)
    raise ValueError(f"unknown scale {kind!r}")


def compute(
    tree: list[DimensionSpec], data: Aggregates, *, power: float, factor: float, scale_kind: str
) -> Result:
    traces: list[Trace] = []
    dimensions: dict[int, np.ndarray] = {}
    size = len(data.candidate_ids)

    def walk(dimension: DimensionSpec) -> np.ndarray:
        value = np.zeros(size)
        for child in dimension.children:
            value += child.weight / 100.0 * walk(child)
        for spec in dimension.indicators:
            raw, undefined = formula(spec, data)
            transformed = transform(raw, spec.transform, spec.exponent)
            normalised = normalise(transformed, spec.normalisation)
            traces.append(Trace(spec, raw, transformed, normalised, undefined))
            value += spec.weight / 100.0 * normalised
        dimensions[dimension.pk] = value
        return value

    base = np.zeros(size)
    for top in tree:
        base += top.weight / 100.0 * walk(top)
    # sign × |x|^p keeps the order of a negative base (z-scores) for any power.
    index = factor * np.sign(base) * np.power(np.abs(base), power)
    return Result(data, traces, dimensions, base, index, scale(index, scale_kind))
