"""Awards: withdrawing and reinstating them, and re-crediting a case to another nominee."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, Case, Nominee
from awards.services.common import _save
from awards.text import clean_text

# --- Withdrawals --------------------------------------------------------------------


def withdraw_award(*, award: Award, reason: str, now: datetime.datetime | None = None) -> Award:
    """Withdraw an award but keep the record; the public sees it struck through with the reason."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"withdrawal_reason": _("撤销奖项时必须填写原因。")})
    award.withdrawn_at = now or timezone.now()
    award.withdrawal_reason = reason
    award.full_clean()
    _save(award, reason=reason)
    return award


def reinstate_award(*, award: Award, reason: str = "") -> Award:
    """Undo a withdrawal; the history keeps both steps (with the organizer's reason, if any)."""
    award.withdrawn_at = None
    award.withdrawal_reason = ""
    award.full_clean()
    _save(award, reason=clean_text(reason) or _("恢复奖项"))
    return award


# --- Re-crediting a case -----------------------------------------------------------


def recredit_conflicts(*, case: Case, nominee: Nominee) -> list[str]:
    """Lists where the new nominee already holds an award, so the case's award cannot follow."""
    if case.pk is None:
        return []
    lists = Award.objects.filter(case=case).values("award_list")
    return list(
        Award.objects.filter(award_list__in=lists, nominee=nominee)
        .exclude(case=case)
        .order_by("award_list__name")
        .values_list("award_list__name", flat=True)
    )


def recredit_case(*, case: Case, nominee: Nominee) -> Case:
    """Credit a case to another nominee; its awards follow (database trigger) and are recorded."""
    conflicts = recredit_conflicts(case=case, nominee=nominee)
    if conflicts:
        raise ValidationError(
            {
                "nominee": _("「%(name)s」已在「%(lists)s」中获奖,这个案例的奖项不能转到它名下。")
                % {"name": nominee.name, "lists": "、".join(conflicts)}
            }
        )
    reason = _("案例改署「%(name)s」") % {"name": nominee.name}
    with transaction.atomic():
        case.nominee = nominee
        case.full_clean()
        _save(case, reason=reason)
        # The trigger already moved the awards; saving them again records that in their history.
        for award in Award.objects.filter(case=case).order_by("pk"):
            _save(award, reason=reason)
    return case
