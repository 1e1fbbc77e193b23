"""The jury's arithmetic against examples worked by hand (the arithmetic is written out here)."""

import math

import pytest

from awards.jury.scoring import CriterionScale, jury_scores, panel_score, sheet_score

CRITERIA = [CriterionScale(50, 0, 10), CriterionScale(30, 0, 10), CriterionScale(20, 1, 5)]


def test_sheet_score_is_weighted_mean_of_criteria_mapped_to_0_100():
    # 8/10 → 80, 6/10 → 60, 4 on 1–5 → (4 − 1) / (5 − 1) = 75.
    expected = (50 * 80 + 30 * 60 + 20 * 75) / 100

    result = sheet_score([8, 6, 4], CRITERIA)

    assert round(result, 4) == round(expected, 4) == 73.0


def test_sheet_score_on_scale_floor_and_ceiling():
    assert sheet_score([0, 0, 1], CRITERIA) == 0
    assert sheet_score([10, 10, 5], CRITERIA) == 100


def test_panel_score_plain_mean_with_spread():
    sheets = [60, 72, 75, 80]

    result = panel_score(sheets, trim=True)  # 4 judges: too few to trim

    mean = (60 + 72 + 75 + 80) / 4
    std = math.sqrt(sum((s - mean) ** 2 for s in sheets) / 4)
    assert (round(result.score, 4), result.used, result.low, result.high) == (
        round(mean, 4),
        4,
        60,
        80,
    )
    assert round(result.std, 4) == round(std, 4)


def test_panel_score_trims_highest_and_lowest_from_five_judges():
    sheets = [99, 60, 75, 72, 80]

    trimmed = panel_score(sheets, trim=True)
    untrimmed = panel_score(sheets, trim=False)

    assert round(trimmed.score, 4) == round((72 + 75 + 80) / 3, 4) == 75.6667
    assert (trimmed.judges, trimmed.used) == (5, 3)
    assert round(untrimmed.score, 4) == round((99 + 60 + 75 + 72 + 80) / 5, 4) == 77.2


def test_z_score_normalisation_evens_out_a_harsh_judge():
    # Judge 1 is generous (70, 80, 90), judge 2 harsh (40, 60, 50), candidates 1, 2, 3.
    judges = [1, 1, 1, 2, 2, 2]
    candidates = [1, 2, 3, 1, 2, 3]
    scores = [70, 80, 90, 40, 60, 50]
    # Each judge: mean 80 resp. 50, population sd sqrt(200 / 3); z = −1.2247, 0, 1.2247 etc.
    sd_judge = math.sqrt(200 / 3)
    z1 = [(70 - 80) / sd_judge, 0, (90 - 80) / sd_judge]
    z2 = [(40 - 50) / sd_judge, (60 - 50) / sd_judge, 0]
    # Rescaled with the panel's mean 65 and sd sqrt(1750 / 6).
    panel_sd = math.sqrt(1750 / 6)
    expected = {c: 65 + (z1[c - 1] + z2[c - 1]) / 2 * panel_sd for c in (1, 2, 3)}

    result = jury_scores(judges, candidates, scores, normalised=True, trim=False)

    assert {c: round(r.score, 4) for c, r in result.items()} == {
        c: round(v, 4) for c, v in expected.items()
    }
    assert round(result[1].score, 4) == 44.0835
    assert round(result[2].score, 4) == round(result[3].score, 4) == 75.4583


def test_without_normalisation_harsh_judge_keeps_raw_means():
    result = jury_scores([1, 1, 2, 2], [1, 2, 1, 2], [70, 80, 40, 60], normalised=False, trim=False)

    assert {c: r.score for c, r in result.items()} == {1: 55.0, 2: 70.0}


def test_judge_with_identical_scores_counts_as_panel_mean():
    result = jury_scores([1, 1, 2, 2], [1, 2, 1, 2], [50, 50, 40, 80], normalised=True, trim=False)

    # Judge 1 has sd 0 → z 0; judge 2: z = −1, +1. Panel mean 55, panel sd 15.
    panel_sd = math.sqrt(((50 - 55) ** 2 * 2 + 15**2 + 25**2) / 4)
    assert round(result[1].score, 4) == round(55 + (0 - 1) / 2 * panel_sd, 4)
    assert round(result[2].score, 4) == round(55 + (0 + 1) / 2 * panel_sd, 4)


def test_panel_score_needs_a_sheet():
    with pytest.raises(ValueError):
        panel_score([], trim=False)
