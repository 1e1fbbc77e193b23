"""The jury's arithmetic, model-free: one judge's sheet → a score, the panel → a jury score.

Inputs are plain numbers so that the hand-computed tests and the benchmark call the same code as
the service (awards.jury.services.recompute). numpy does the per-judge normalisation in bulk.
"""

from dataclasses import dataclass

import numpy as np

# Trimming drops the highest and the lowest judge only when enough judges remain to mean something.
TRIM_MIN_JUDGES = 5


@dataclass(frozen=True)
class CriterionScale:
    """A criterion as the arithmetic needs it: weight in percent, scale bounds."""

    weight: float
    low: float
    high: float


def sheet_scores(values: np.ndarray, criteria: list[CriterionScale]) -> np.ndarray:
    """Each row of `values` (one judge's sheet: a value per criterion, in `criteria` order) as a
    score on 0–100: every value mapped from its scale to 0–100, then the weighted mean by the
    criteria's weights (which sum to 100)."""
    values = np.asarray(values, dtype=float).reshape(-1, len(criteria))
    low = np.array([c.low for c in criteria], dtype=float)
    span = np.array([c.high - c.low for c in criteria], dtype=float)
    weights = np.array([c.weight for c in criteria], dtype=float)
    return ((values - low) / span * 100) @ weights / weights.sum()


def sheet_score(values: list[float], criteria: list[CriterionScale]) -> float:
    """One sheet's score on 0–100 (see sheet_scores)."""
    if len(values) != len(criteria):
        raise ValueError("one value per criterion")
    return float(sheet_scores(np.array([values]), criteria)[0])


def normalise(judges: np.ndarray, candidates: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Per-judge z-scores rescaled to the panel's own mean and spread.

    A harsh judge (low mean) and a generous one (high mean) each become z = (s − μ_j) / σ_j;
    z is then mapped back with the mean μ and population standard deviation σ of all sheet
    scores, so results stay on 0–100 and comparable with the data index. A judge whose scores
    are all equal (σ_j = 0) contributes z = 0, i.e. the panel mean. Clipped to 0–100.
    `judges` and `candidates` are integer codes, one per score; `candidates` is unused here but
    kept so callers pass the same triple everywhere.
    """
    del candidates
    scores = np.asarray(scores, dtype=float)
    if scores.size == 0:
        return scores
    codes, inverse = np.unique(judges, return_inverse=True)
    counts = np.bincount(inverse, minlength=codes.size)
    means = np.bincount(inverse, weights=scores, minlength=codes.size) / counts
    squares = np.bincount(inverse, weights=scores**2, minlength=codes.size) / counts
    stds = np.sqrt(np.maximum(squares - means**2, 0.0))
    safe = np.where(stds > 1e-12, stds, 1.0)
    z = np.where(stds[inverse] > 1e-12, (scores - means[inverse]) / safe[inverse], 0.0)
    return np.clip(scores.mean() + z * scores.std(), 0.0, 100.0)


@dataclass(frozen=True)
class PanelResult:
    """The jury score of one candidate and how it came about."""

    score: float
    judges: int  # sheets counted before trimming
    used: int  # sheets in the mean after trimming
    low: float  # spread: lowest and highest sheet score (after normalisation, before trimming)
    high: float
    std: float  # population standard deviation of the sheet scores


def panel_score(sheet_scores: list[float], *, trim: bool) -> PanelResult:
    """The mean of one candidate's sheet scores, optionally without the highest and lowest."""
    values = sorted(float(s) for s in sheet_scores)
    if not values:
        raise ValueError("panel_score needs at least one sheet")
    used = values[1:-1] if trim and len(values) >= TRIM_MIN_JUDGES else values
    return PanelResult(
        score=float(np.mean(used)),
        judges=len(values),
        used=len(used),
        low=values[0],
        high=values[-1],
        std=float(np.std(values)),
    )


def jury_scores(
    judges: list[int], candidates: list[int], scores: list[float], *, normalised: bool, trim: bool
) -> dict[int, PanelResult]:
    """{candidate code: PanelResult} from parallel lists (one entry per submitted sheet)."""
    judge_arr = np.asarray(judges)
    cand_arr = np.asarray(candidates)
    values = np.asarray(scores, dtype=float)
    if normalised:
        values = normalise(judge_arr, cand_arr, values)
    if values.size == 0:
        return {}
    order = np.argsort(cand_arr, kind="stable")
    sorted_cands = cand_arr[order]
    sorted_vals = values[order]
    bounds = np.flatnonzero(np.diff(sorted_cands)) + 1
    results = {}
    for group_cands, group_vals in zip(
        np.split(sorted_cands, bounds), np.split(sorted_vals, bounds), strict=True
    ):
        results[int(group_cands[0])] = panel_score(group_vals.tolist(), trim=trim)
    return results
