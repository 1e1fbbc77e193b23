"""The jury's part of a list's public 评选方法 (awards.extensions parts; registered in apps.py).

Only method and counts are public; judges' names only when the organizer publishes the panel;
individual scores never. The core calls parts only for published lists and staff previews.
"""

from awards.extensions import Section
from awards.jury import selectors
from awards.jury.models import Scoresheet


def _sheets(award_lists) -> list[Scoresheet]:
    return list(
        Scoresheet.objects.filter(
            evaluation__award_list__in=[a.pk for a in award_lists],
            # Part of the evaluation's 评选方法: shown only when the organizer publishes it.
            evaluation__publish_method=True,
            computed_at__isnull=False,
        ).select_related("evaluation")
    )


def list_records(award_lists, request) -> dict:
    sheets = _sheets(award_lists)
    methods = selectors.public_method(sheets)
    return {
        s.evaluation.award_list_id: {"jury_method": methods[s.evaluation_id]}
        for s in sheets
        if s.evaluation_id in methods
    }


def list_page(award_list, request, preview: bool) -> list[Section]:
    sheets = _sheets([award_list])
    methods = selectors.public_method(sheets)
    if not methods:
        return []
    return [Section("jury/public_method.html", {"jury": methods[sheets[0].evaluation_id]})]
