"""Combined totals and ranks, set-based: one read, numpy, one bulk write.

total = w × jury_score + (1 − w) × data_score, w = jury_weight / 100, both on 0–100.
A candidate with no jury score counts 0 for that share when w > 0 (the ranking page flags it
未评审); with w = 0 the jury score plays no part. Ranks are competition ranks: ties share a rank
and the next rank skips (1, 2, 2, 4). A candidate with neither score has no total and no rank.
"""

import numpy as np

from awards.evaluation import writes
from awards.evaluation.models import Candidate, Evaluation


def competition_ranks(values: np.ndarray) -> np.ndarray:
    """Rank 1 for the highest; equal values share a rank; NaN gets 0 (no rank)."""
    ranks = np.zeros(len(values), dtype=np.int64)
    present = ~np.isnan(values)
    if not present.any():
        return ranks
    scores = values[present]
    # For each score: 1 + how many are strictly higher (searchsorted on the sorted negatives).
    ordered = np.sort(-scores)
    ranks[present] = np.searchsorted(ordered, -scores, side="left") + 1
    return ranks


def combine(data_score: np.ndarray, jury_score: np.ndarray, jury_weight: int) -> np.ndarray:
    weight = jury_weight / 100.0
    if weight == 0:
        return data_score.copy()
    both_missing = np.isnan(data_score) & np.isnan(jury_score)
    total = weight * np.nan_to_num(jury_score) + (1 - weight) * np.nan_to_num(data_score)
    total[both_missing] = np.nan
    return total


def refresh_totals(evaluation: Evaluation) -> None:
    """Recompute every candidate's total and rank from the stored data and jury scores."""
    rows = list(
        Candidate.objects.filter(evaluation=evaluation).values_list(
            "pk", "data_score", "jury_score"
        )
    )
    if not rows:
        return
    pks = [row[0] for row in rows]
    data = np.array([np.nan if r[1] is None else r[1] for r in rows], dtype=float)
    jury = np.array([np.nan if r[2] is None else r[2] for r in rows], dtype=float)
    totals = combine(data, jury, evaluation.jury_weight)
    ranks = competition_ranks(np.round(totals, 9))
    writes.update_rows(
        Candidate,
        ("total", "rank"),
        [
            (pk, None if np.isnan(total) else float(total), int(rank) or None)
            for pk, total, rank in zip(pks, totals, ranks, strict=True)
        ],
    )
