"""The one place the jury touches awards.evaluation (issue 18): its tables and its service.

Everything else in awards.jury goes through these names, so a change on the evaluation side
is one edit here.
"""

from awards.evaluation.models import Candidate, Evaluation  # noqa: F401  (re-exported)


def data_index(candidate) -> float | None:
    """The candidate's data score on 0–100 (the share the jury score is combined with), or None
    before the evaluation computed it."""
    return candidate.data_score


def set_jury_weight(evaluation, percent: int) -> None:
    evaluation.jury_weight = percent
    evaluation.full_clean()
    evaluation.save(update_fields=["jury_weight"])


def store_jury_scores(evaluation, scores: dict[int, float], *, by) -> None:
    """Hand {candidate pk: jury score 0–100} to the evaluation, which combines and ranks."""
    from awards.evaluation import services

    services.set_jury_scores(evaluation, scores, by=by)


def candidate_display(candidate) -> dict:
    """What a judge reads about a candidate, from the evaluation's tables."""
    nominee = candidate.nominee
    case = candidate.case
    return {
        "name": nominee.name,
        "kind": nominee.get_kind_display(),
        "case_title": case.title if case else "",
        "case_summary": case.summary if case else "",
        "links": list(getattr(candidate, "links", None) or nominee.links or []),
    }


def ranking_url(evaluation) -> str:
    """Where the organizer ranks and promotes (提交为榜单): the evaluation's own screen."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("admin:evaluation_evaluation_ranking", args=(evaluation.pk,))
    except NoReverseMatch:
        return ""
