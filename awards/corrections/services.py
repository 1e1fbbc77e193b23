"""Reads of the public log and the acknowledgement of 待处理问题."""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import services as core
from awards.corrections.models import Correction, ProblemAcknowledgement
from awards.models import Edition


def public_log(edition: Edition):
    """The corrections of a published edition, newest first (none for drafts)."""
    if not edition.is_public:
        return Correction.objects.none()
    return Correction.objects.filter(edition=edition).order_by("-recorded_at", "-pk")


def with_last_correction(editions):
    """Annotate `last_corrected`: the moment of the edition's newest correction, or None."""
    newest = (
        Correction.objects.filter(edition=OuterRef("pk"))
        .values("edition")
        .annotate(moment=Max("recorded_at"))
        .values("moment")
    )
    return editions.annotate(last_corrected=Subquery(newest))


def last_change(edition) -> datetime.datetime:
    """When the public record of an annotated edition last changed."""
    moments = [edition.updated_at, edition.published_at, getattr(edition, "last_corrected", None)]
    return max(m for m in moments if m is not None)


def describe(correction: Correction) -> str:
    """One line of plain text: what changed, old → new (feed summaries)."""
    text = f"{correction.get_kind_display()}:{correction.list_name}"
    if correction.subject:
        text += f" · {correction.subject}"
    if correction.old_value or correction.new_value:
        text += f"「{correction.old_value or '—'}」→「{correction.new_value or '—'}」"
    if correction.reason:
        text += _("(原因:%(reason)s)") % {"reason": correction.reason}
    return text


def as_record(correction: Correction, request) -> dict:
    """The API and JSON download form of one correction."""
    return {
        "recorded_at": timezone.localtime(correction.recorded_at),
        "kind": correction.kind,
        "kind_label": str(correction.get_kind_display()),
        "list": correction.list_name or None,
        "subject": correction.subject or None,
        "old": correction.old_value or None,
        "new": correction.new_value or None,
        "reason": correction.reason or None,
        "url": request.build_absolute_uri(correction.path) if correction.path else None,
    }


# --- 待处理问题 -----------------------------------------------------------------------


def problems(*, edition: Edition):
    """(open, acknowledged): the edition's problems, split by whether someone checked them."""
    found = core.edition_problems(edition=edition)
    checked = {
        ack.key: ack
        for ack in ProblemAcknowledgement.objects.filter(edition=edition).select_related(
            "acknowledged_by"
        )
    }
    open_problems = [p for p in found if p.key not in checked]
    acknowledged = [(p, checked[p.key]) for p in found if p.key in checked]
    return open_problems, acknowledged


def open_problems_by_edition(*, edition_ids: list[int]) -> dict[int, list]:
    """Open problems of several editions (acknowledged ones left out), in four queries."""
    found = core.problems_by_edition(edition_ids=edition_ids)
    checked = set(
        ProblemAcknowledgement.objects.filter(edition__in=edition_ids).values_list(
            "edition_id", "key"
        )
    )
    return {
        pk: [p for p in problems if (pk, p.key) not in checked] for pk, problems in found.items()
    }


def acknowledge(*, edition: Edition, key: str, user) -> ProblemAcknowledgement | None:
    """Mark one current problem as 已核实; None when no such problem is open any more."""
    problem = next((p for p in core.edition_problems(edition=edition) if p.key == key), None)
    if problem is None:
        return None
    ack = ProblemAcknowledgement(
        edition=edition,
        key=key,
        message=problem.message[:500],
        acknowledged_by=user,
        acknowledged_at=timezone.now(),
    )
    ack._history_user = user
    try:
        with transaction.atomic():
            ack.save()
    except IntegrityError:  # Acknowledged twice (two tabs): the first one stands.
        return ProblemAcknowledgement.objects.get(edition=edition, key=key)
    return ack


def withdraw_acknowledgement(*, edition: Edition, key: str, user) -> None:
    for ack in ProblemAcknowledgement.objects.filter(edition=edition, key=key):
        ack._history_user = user
        ack.delete()
