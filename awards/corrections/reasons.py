"""Which changes need a 修改原因: anything that touches an edition the public can see."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.models import Award, AwardList, Case, Edition, Nominee

REASON_FIELD = "change_reason"
# simple-history keeps the reason in a CharField(max_length=100).
REASON_MAX_LENGTH = 100


def touches_public_edition(instance, cleaned_data=None) -> bool:
    """True when saving `instance` changes what the public sees of a published edition."""
    data = cleaned_data or {}
    if isinstance(instance, Edition):
        return instance.pk is not None and instance.status == "published"
    if isinstance(instance, AwardList):
        edition = data.get("edition") or (instance.edition if instance.edition_id else None)
        return edition is not None and edition.status == "published"
    if isinstance(instance, Award):
        award_list = data.get("award_list") or (
            instance.award_list if instance.award_list_id else None
        )
        return award_list is not None and award_list.edition.status == "published"
    if isinstance(instance, Nominee | Case) and instance.pk is not None:
        awards = Award.objects.published().filter(
            **{"nominee" if isinstance(instance, Nominee) else "case": instance}
        )
        return awards.exists()
    return False


def reason_field(required=False) -> forms.CharField:
    return forms.CharField(
        label=_("修改原因"),
        max_length=REASON_MAX_LENGTH,
        required=required,
        widget=forms.TextInput(attrs={"size": 60}),
        help_text=_("修改已发布的届次时必填:修改会列入公开的更正记录,原因也会公开。"),
    )


def with_reason(form_class, *, always=False):
    """`form_class` plus a 修改原因 field, required when the change touches a published edition.

    `always` makes it required for a published edition even when no field changed (a revert
    to an old version changes the record while the form shows the old values as they are).
    """

    class ReasonForm(form_class):
        change_reason = reason_field()

        def clean(self):
            cleaned = super().clean()
            changed = [name for name in self.changed_data if name != REASON_FIELD]
            reason = (self.cleaned_data.get(REASON_FIELD) or "").strip()
            if (
                (changed or always)
                and not reason
                and touches_public_edition(self.instance, self.cleaned_data)
            ):
                self.add_error(
                    REASON_FIELD, _("本届已发布,修改会公开列入更正记录,请填写修改原因。")
                )
            return cleaned

    ReasonForm.__name__ = form_class.__name__
    return ReasonForm
