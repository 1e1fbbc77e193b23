"""Shared admin pieces: count display, the confirm page, deleted-records page, the common
ModelAdmin base."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from awards import services
from awards.corrections.admin import CorrectionsAdminMixin
from awards.ids import CheckedHistoryIds
from awards.importing.admin import SpreadsheetAdminMixin
from awards.restore_conflicts import RestoreConflict
from awards.services import restoring


def twin_layout(fields) -> tuple:
    """A form's fields as an admin layout: each English twin (`x_en`) on the line of its `x`.

    The admin shows exactly the fields its form declares, so the two lists cannot drift apart.
    """
    fields = tuple(fields)
    return tuple(
        (name, f"{name}_en") if f"{name}_en" in fields else name
        for name in fields
        if not (name.endswith("_en") and name.removesuffix("_en") in fields)
    )


class NarrowingFilter(admin.SimpleListFilter):
    """A list filter whose choices each narrow the queryset their own way.

    `options`: (value, label, narrow), where narrow(queryset) returns the narrowed queryset.
    """

    options: tuple = ()

    def lookups(self, request, model_admin):
        return tuple((value, label) for value, label, _narrow in self.options)

    def queryset(self, request, queryset):
        for value, _label, narrow in self.options:
            if self.value() == value:
                return narrow(queryset)
        return queryset


def error_messages(error: ValidationError) -> list[str]:
    return list(error.messages)


def confirmed_data(request):
    """The data of an action's form: none on the first pass, what the confirm page posted back."""
    return request.POST if request.POST.get("confirm") == "yes" else None


def confirm_page(
    model_admin, request, *, title, objects, button, form=None, problems=(), intro="", action=False
):
    """The page that asks before a step, with its form if it needs a value (a reason, a time).

    From a changelist action (`action`), it posts the action and its selection back, so the
    action runs again with the answer.
    """
    context = {
        **model_admin.admin_site.each_context(request),
        "title": title,
        "opts": model_admin.model._meta,
        "objects": list(objects),
        "form": form,
        "problems": problems,
        "button": button,
        "intro": intro,
        "media": model_admin.media + (form.media if form else forms.Media()),
    }
    if action:
        context["action"] = request.POST.get("action")
        context["selected"] = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
    return TemplateResponse(request, "admin/awards/confirm.html", context)


def counts_label(recorded: int, announced: int | None, withdrawn: int = 0):
    """ "recorded / announced", flagged with the admin's alert icon when they differ.

    Withdrawn awards count as recorded (they stay part of the record) and are named apart.
    """
    text = str(recorded) if announced is None else f"{recorded}/{announced}"
    if withdrawn:
        text += gettext("(其中%(count)s个已撤销)") % {"count": withdrawn}
    if announced is None or recorded == announced:
        return text
    return format_html(
        '<span class="count-mismatch" title="{}"><img src="{}" alt="{}"> {}</span>',
        gettext("已录入数量与公布数量不一致"),
        static("admin/img/icon-alert.svg"),
        gettext("注意"),
        text,
    )


def _conflict_message(error: RestoreConflict):
    """The refusal, with a link to the record that stands in the way (or took over)."""
    message = error_messages(error)[0]
    url = error.survivor_admin_url
    if not url:
        return message
    return format_html(
        '{} <a href="{}">{}</a>',
        message,
        url,
        gettext("打开「%(name)s」") % {"name": error.survivor},
    )


class RecycleBinMixin:
    """A "deleted records" page per model: restore what was deleted, exactly as it was."""

    recycle_bin_limit = 200

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "deleted/",
                self.admin_site.admin_view(self.recycle_bin_view),
                name=f"{opts.app_label}_{opts.model_name}_deleted",
            ),
            *super().get_urls(),
        ]

    def deleted_records(self):
        """The newest deletion record of each object that does not exist now."""
        history = self.model.history.model
        existing = self.model.objects.values("pk")
        records = (
            history.objects.filter(history_type="-")
            .exclude(id__in=existing)
            .select_related("history_user")
            .order_by("-history_date")[: self.recycle_bin_limit]
        )
        seen, latest = set(), []
        for record in records:
            if record.id not in seen:
                seen.add(record.id)
                latest.append(record)
        return latest

    def deleted_label(self, record, context) -> str:
        return str(record.instance)

    def deleted_label_context(self, records) -> dict:
        return {}

    def recycle_bin_view(self, request):
        if not (self.has_add_permission(request) and self.has_view_permission(request)):
            raise PermissionDenied
        opts = self.model._meta
        if request.method == "POST":
            try:
                restored = services.restore_deleted(model=self.model, pk=int(request.POST["pk"]))
            except (KeyError, ValueError):
                raise Http404 from None
            except RestoreConflict as error:
                self.message_user(request, _conflict_message(error), messages.ERROR)
                return HttpResponseRedirect(request.path)
            except ValidationError as error:
                for message in error_messages(error):
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request,
                gettext("已恢复「%(object)s」。") % {"object": restoring.record_label(restored)},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(restored.pk,))
            )
        records = self.deleted_records()
        label_context = self.deleted_label_context(records)
        rows = [(record, self.deleted_label(record, label_context)) for record in records]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("已删除的%(name)s") % {"name": opts.verbose_name_plural},
            "opts": opts,
            "rows": rows,
            "limit": self.recycle_bin_limit,
        }
        return TemplateResponse(request, "admin/awards/recycle_bin.html", context)


def _restore_deleted_relations(obj) -> None:
    """An old version may point at a record deleted since (a nominee merged away): show that
    record as it last stood, from its own history, instead of failing to name it."""
    for field in obj._meta.concrete_fields:
        if not field.many_to_one or getattr(obj, field.attname) is None:
            continue
        try:
            getattr(obj, field.name)
        except ObjectDoesNotExist:
            history = getattr(field.related_model, "history", None)
            record = history and (
                history.filter(**{field.target_field.attname: getattr(obj, field.attname)})
                .order_by("-history_date")
                .first()
            )
            if record is not None:
                field.set_cached_value(obj, record.instance)


class SafeHistoryMixin(CheckedHistoryIds):
    """simple-history's pages for any id a visitor may type, and for old versions that point
    at deleted records: a 404 or the page, never a 500."""

    def history_form_view_title(self, request, obj):
        # Called with the old version before its page renders: the one place to mend it.
        _restore_deleted_relations(obj)
        return super().history_form_view_title(request, obj)


class AwardsModelAdmin(
    SafeHistoryMixin,
    CorrectionsAdminMixin,
    SpreadsheetAdminMixin,
    RecycleBinMixin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
    """Common base: import/export with Chinese read errors, history with revert, deleted records."""

    change_list_template = "admin/awards/change_list.html"
    # A per-record "导出" under the form would be a third spreadsheet button; the
    # change lists' 单表导出(高级) and the edition workbook cover it.
    show_change_form_export = False
    object_history_list_template = "admin/awards/object_history_list.html"
    list_per_page = 50

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, single_table_tools_last(extra_context))


def single_table_tools_last(extra_context: dict | None) -> dict:
    """Our change-list templates place the per-model import/export after the other buttons."""
    return {**(extra_context or {}), "single_table_tools_last": True}
