"""Editions: the form with its lists inline, the change list and its status filter.

The publication workflow and the open problems are in awards.admin.publication."""

from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from awards.admin.base import (
    NarrowingFilter,
    RecycleBinMixin,
    SafeHistoryMixin,
    counts_label,
    single_table_tools_last,
)
from awards.admin.publication import EditionProblemsMixin, EditionPublicationMixin, local_moment
from awards.certificates.admin import EditionCertificatesAdminMixin
from awards.corrections.admin import CorrectionsAdminMixin
from awards.forms import AwardListForm, NewListDefaults
from awards.importing.admin import EditionWorkbookAdminMixin
from awards.models import AwardList, Edition
from awards.resources import EditionResource

STATUS_LABELS = {"draft": _("草稿"), "scheduled": _("定时发布"), "published": _("已发布")}


class StatusFilter(NarrowingFilter):
    title = _("发布状态")
    parameter_name = "status"
    options = (
        ("draft", STATUS_LABELS["draft"], lambda e: e.drafts()),
        ("scheduled", STATUS_LABELS["scheduled"], lambda e: e.scheduled(timezone.now())),
        ("published", STATUS_LABELS["published"], lambda e: e.published(timezone.now())),
    )


class AwardListInlineFormSet(BaseInlineFormSet):
    """New rows share one NewListDefaults: distinct slugs, consecutive positions."""

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if not hasattr(self, "_new_list_defaults"):
            self._new_list_defaults = NewListDefaults()
        form.new_list_defaults = self._new_list_defaults
        return form


class AwardListInline(admin.TabularInline):
    model = AwardList
    form = AwardListForm
    formset = AwardListInlineFormSet
    fields = ("position", "name", "name_en", "slug", "kind", "announced_count", "counts")
    readonly_fields = ("counts",)
    ordering = ("position", "pk")
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        # Each row's title is str(list), which names the edition.
        return super().get_queryset(request).with_counts().select_related("edition")

    @admin.display(description=_("已录入/公布"))
    def counts(self, obj):
        if obj.pk is None:
            return "–"
        return counts_label(obj.recorded_count, obj.announced_count, obj.withdrawn_count)


@admin.register(Edition)
class EditionAdmin(
    SafeHistoryMixin,
    EditionProblemsMixin,
    EditionPublicationMixin,
    EditionCertificatesAdminMixin,
    CorrectionsAdminMixin,
    EditionWorkbookAdminMixin,
    RecycleBinMixin,
    ImportExportModelAdmin,
    SimpleHistoryAdmin,
):
    resource_classes = (EditionResource,)
    # Our templates add the workflow buttons and extend whatever the workbook mixin brings
    # (its own buttons), so both sets show whatever the order of the bases.
    change_list_template = "admin/awards/edition/change_list.html"
    change_form_template = "admin/awards/edition/change_form.html"
    base_change_list_template = (
        getattr(EditionWorkbookAdminMixin, "change_list_template", None) or "admin/change_list.html"
    )
    base_change_form_template = (
        getattr(EditionWorkbookAdminMixin, "change_form_template", None) or "admin/change_form.html"
    )
    object_history_list_template = "admin/awards/object_history_list.html"
    # The page already offers 导出工作簿; no second per-record export button.
    show_change_form_export = False
    list_display = ("year", "name", "held_on", "status_label", "published_at", "list_count")
    list_display_links = ("year", "name")
    list_filter = (StatusFilter,)
    # The object tools carry "预览" / "查看公开页面" instead of Django's generic link.
    view_on_site = False
    search_fields = ("name", "=year", "venue", "hosted_by")
    list_select_related = ()
    date_hierarchy = None
    inlines = (AwardListInline,)
    readonly_fields = ("status_label", "publication_moment", "open_problems", "updated_at")
    fieldsets = (
        (_("发布"), {"fields": ("status_label", "publication_moment", "open_problems")}),
        # Each Chinese original with its optional English value beside it.
        (
            None,
            {
                "fields": (
                    "year",
                    ("name", "name_en"),
                    "held_on",
                    ("venue", "venue_en"),
                    ("summary", "summary_en"),
                )
            },
        ),
        (
            _("单位"),
            {
                "fields": (
                    ("guided_by", "guided_by_en"),
                    ("hosted_by", "hosted_by_en"),
                    ("organized_by", "organized_by_en"),
                )
            },
        ),
        (
            _("来源"),
            {
                "fields": (
                    ("source_title", "source_title_en"),
                    ("source_publisher", "source_publisher_en"),
                    "source_date",
                    "source_url",
                )
            },
        ),
        (None, {"fields": ("updated_at",)}),
    )
    actions = ("publish_now", "schedule", "unpublish", "create_next")
    # Organizers paste bare domains; assume https like Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **single_table_tools_last(extra_context),
            "base_template": self.base_change_list_template,
        }
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, *args, **kwargs):
        context["base_template"] = self.base_change_form_template
        return super().render_change_form(request, context, *args, **kwargs)

    def get_queryset(self, request):
        # Grouped queries ignore Meta.ordering; state it so pagination stays stable.
        return (
            super()
            .get_queryset(request)
            .annotate(list_total=Count("award_lists"))
            .order_by("-year")
        )

    @admin.display(description=_("状态"))
    def status_label(self, obj):
        if obj.pk is None:
            return STATUS_LABELS["draft"]
        return STATUS_LABELS[obj.status]

    @admin.display(description=_("发布时间"))
    def publication_moment(self, obj):
        # Read-only here: publishing goes through the buttons above, which check for problems.
        if obj.published_at is None:
            return gettext("未发布(用上方的“立即发布”或“定时发布”)")
        return local_moment(obj.published_at)

    @admin.display(description=_("榜单数"), ordering="list_total")
    def list_count(self, obj):
        return obj.list_total
