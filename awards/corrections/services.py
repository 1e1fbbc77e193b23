"""Writes of corrections: acknowledging a 待处理问题 (the log itself is written by recording)."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from awards import services as core
from awards.corrections.models import ProblemAcknowledgement
from awards.models import Edition


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
