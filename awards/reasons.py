"""The 修改原因 (change reason): its one form field, its length, and the rule of when it is
asked for, namely a change that touches an edition the public already sees.

simple-history stores the reason on every history row; awards.corrections shows it in the
public log. Forms (awards.forms, the import's confirm step, corrections' admin forms) take the
field from `reason_field()`, writers clip it with `clip_reason()`, and every screen that asks
for a reason asks `touches_published_edition()`.
"""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from awards.models import Award, AwardList, Case, Edition, Nominee

# The form field's name, on every form that asks for a reason.
REASON_FIELD = "change_reason"
# simple-history keeps the reason in a CharField(max_length=100).
REASON_MAX_LENGTH = 100


def clip_reason(text: str) -> str:
    """The reason as stored: at most REASON_MAX_LENGTH characters, an ellipsis where cut."""
    if len(text) <= REASON_MAX_LENGTH:
        return text
    return text[: REASON_MAX_LENGTH - 1] + "…"


def reason_field(*, required: bool = False, help_text=None) -> forms.CharField:
    return forms.CharField(
        label=_("修改原因"),
        max_length=REASON_MAX_LENGTH,
        required=required,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=help_text or _("修改已发布的届次时必填:修改会列入公开的更正记录,原因也会公开。"),
    )


def touches_published_edition(record, cleaned_data: dict | None = None) -> bool:
    """True when changing `record` changes what the public sees of a published edition.

    `record` is an edition, a list or an award (of a published edition, as stored or as a
    form's `cleaned_data` moves it), or a nominee or case (or a QuerySet of them) that an award
    of a published edition shows. A new record touches nothing yet.
    """
    data = cleaned_data or {}
    if isinstance(record, Edition):
        return record.pk is not None and Edition.objects.published().filter(pk=record.pk).exists()
    if isinstance(record, AwardList):
        edition = data.get("edition") or (record.edition if record.edition_id else None)
        return edition is not None and edition.is_public
    if isinstance(record, Award):
        award_list = data.get("award_list") or (record.award_list if record.award_list_id else None)
        return award_list is not None and award_list.edition.is_public
    if isinstance(record, Nominee | Case):
        if record.pk is None:
            return False
        record = type(record).objects.filter(pk=record.pk)
    if isinstance(record, QuerySet) and record.model in (Nominee, Case):
        shown_by = "nominee__in" if record.model is Nominee else "case__in"
        return Award.objects.published().filter(**{shown_by: record}).exists()
    return False
