"""Admin pieces of corrections: the 修改原因 field, readable history screens, revert message.

Mixed into the core ModelAdmins (awards/admin), which import this module, never the reverse.
"""

import datetime

from django.contrib import messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from simple_history.template_utils import HistoricalRecordContextHelper

from awards.corrections.reasons import with_reason
from awards.reasons import REASON_FIELD


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """Changed values as an organizer reads them: Beijing time, labels, empty for nothing."""

    def prepare_delta_change_value(self, change, value):
        value = super().prepare_delta_change_value(change, value)
        field = self.model._meta.get_field(change.field)
        if value is None or value == "":
            return ""
        if isinstance(value, datetime.datetime):
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return date_format(value, "DATE_FORMAT")
        if field.choices:
            return str(dict(field.flatchoices).get(value, value))
        if isinstance(value, bool):
            return gettext("是") if value else gettext("否")
        if isinstance(field, models.JSONField) and isinstance(value, list):
            return "、".join(str(item) for item in value)
        return value


class CorrectionsAdminMixin:
    """A 修改原因 on change forms (required for published editions), kept as the history
    row's reason; Chinese history screens in Beijing time; a clear message after 还原."""

    object_history_form_template = "admin/awards/object_history_form.html"

    def get_form(self, request, obj=None, change=False, **kwargs):
        always = getattr(request, "_summit_reverting", False)
        kwargs["form"] = with_reason(kwargs.get("form", self.form), always=always)
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if any(REASON_FIELD in (opts.get("fields") or ()) for _name, opts in fieldsets):
            return fieldsets
        return [*fieldsets, (None, {"fields": (REASON_FIELD,)})]

    def save_model(self, request, obj, form, change):
        reason = (form.cleaned_data.get(REASON_FIELD) or "").strip()
        if reason:
            obj._change_reason = reason
            request._summit_change_reason = reason
        elif getattr(request, "_summit_revert_version", None) is not None:
            obj._change_reason = gettext("还原到版本 %(number)s") % {
                "number": request._summit_revert_version
            }
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        # Awards or lists edited (or deleted) inline share the page's reason.
        reason = getattr(request, "_summit_change_reason", "")
        if reason:
            for formset in formsets:
                for inline_form in formset.forms:
                    inline_form.instance._change_reason = reason
        return super().save_related(request, form, formsets, change)

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            request._summit_reverting = True
            request._summit_revert_version = version_id
            record = self.model.history.filter(history_id=version_id).first()
            request._summit_revert_moment = record.history_date if record else None
        return super().history_form_view(request, object_id, version_id, extra_context)

    def response_change(self, request, obj):
        version = getattr(request, "_summit_revert_version", None)
        if version is None:
            return super().response_change(request, obj)
        moment = request._summit_revert_moment
        self.message_user(
            request,
            gettext("已将「%(object)s」还原到版本 %(number)s(%(moment)s 的内容)。")
            % {
                "object": obj,
                "number": version,
                "moment": date_format(timezone.localtime(moment), "DATETIME_FORMAT")
                if moment
                else "",
            },
            messages.SUCCESS,
        )
        opts = self.model._meta
        return HttpResponseRedirect(
            reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=(obj.pk,))
        )
