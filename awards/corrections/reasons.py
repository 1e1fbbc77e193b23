"""Admin forms that ask for a 修改原因 when a change touches an edition the public can see
(the field and the rule are awards.reasons')."""

from django.utils.translation import gettext_lazy as _

from awards.reasons import REASON_FIELD, reason_field, touches_published_edition


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
                and touches_published_edition(self.instance, self.cleaned_data)
            ):
                self.add_error(
                    REASON_FIELD, _("本届已发布,修改会公开列入更正记录,请填写修改原因。")
                )
            return cleaned

    ReasonForm.__name__ = form_class.__name__
    return ReasonForm
