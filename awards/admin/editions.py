"""Editions: lists inline, open problems, and the publication workflow (pages and actions)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from awards import services
from awards.admin.base import (
    RecycleBinMixin,
    SafeHistoryMixin,
    counts_label,
    error_messages,
    single_table_tools_last,
)
from awards.certificates.admin import EditionCertificatesAdminMixin
from awards.corrections import selectors as corrections
from awards.corrections import services as corrections_services
from awards.corrections.admin import CorrectionsAdminMixin
from awards.forms import AwardListForm, NewListDefaults, ScheduleForm
from awards.importing.admin import EditionWorkbookAdminMixin
from awards.models import AwardList, Edition
from awards.resources import EditionResource


class StatusFilter(admin.SimpleListFilter):
    title = _("发布状态")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return (("draft", _("草稿")), ("scheduled", _("定时发布")), ("published", _("已发布")))

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "draft":
            return queryset.drafts()
        if self.value() == "scheduled":
            return queryset.scheduled(now)
        if self.value() == "published":
            return queryset.published(now)
        return queryset


STATUS_LABELS = {"draft": _("草稿"), "scheduled": _("定时发布"), "published": _("已发布")}


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


def renames_note(successor) -> str:
    """Each list name the copy changed, so the organizer can check every one."""
    renames = getattr(successor, "list_renames", [])
    if not renames:
        return ""
    changes = ";".join(f"「{old}」→「{new}」" for old, new in renames)
    return gettext("榜单改名:%(changes)s。") % {"changes": changes}


@admin.register(Edition)
class EditionAdmin(
    SafeHistoryMixin,
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
        return date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")

    @admin.display(description=_("榜单数"), ordering="list_total")
    def list_count(self, obj):
        return obj.list_total

    @admin.display(description=_("待处理问题"))
    def open_problems(self, obj):
        if obj.pk is None:
            return "–"
        open_problems, acknowledged = corrections.problems(edition=obj)
        # Each button posts the page's form to the acknowledge view, which reads only its value.
        url = reverse("admin:awards_edition_acknowledge", args=(obj.pk,))
        items = format_html_join(
            "",
            '<li>{} <button type="submit" class="button acknowledge" formaction="{}" '
            'formnovalidate name="problem" value="{}">{}</button></li>',
            ((p.message, url, p.key, gettext("标记为已核实")) for p in open_problems),
        )
        done = format_html_join(
            "",
            '<li class="acknowledged">{} <span class="acknowledged-by">{}</span></li>',
            (
                (
                    p.message,
                    gettext("已核实:%(user)s,%(moment)s")
                    % {
                        "user": ack.acknowledged_by or "",
                        "moment": date_format(
                            timezone.localtime(ack.acknowledged_at), "DATETIME_FORMAT"
                        ),
                    },
                )
                for p, ack in acknowledged
            ),
        )
        if not open_problems and not acknowledged:
            return gettext("没有发现问题。")
        summary = "" if open_problems else gettext("没有待处理的问题。")
        return format_html(
            '{}<ul class="open-problems">{}</ul><ul class="acknowledged-problems">{}</ul>',
            summary,
            items,
            done,
        )

    def acknowledge_view(self, request, object_id):
        edition = self._edition_for_change(request, object_id)
        if request.method != "POST":
            return HttpResponseRedirect(self._change_url(edition))
        ack = corrections_services.acknowledge(
            edition=edition, key=request.POST.get("problem", ""), user=request.user
        )
        if ack is None:
            self.message_user(request, gettext("这个问题已经不存在,无需核实。"), messages.WARNING)
        else:
            self.message_user(
                request,
                gettext("已标记为已核实:%(problem)s") % {"problem": ack.message},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(self._change_url(edition))

    # Object tools: preview, publish, schedule, unpublish, next edition.

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("<path:object_id>/publish/", wrap(self.publish_view), name=f"{name}_publish"),
            path("<path:object_id>/schedule/", wrap(self.schedule_view), name=f"{name}_schedule"),
            path(
                "<path:object_id>/unpublish/", wrap(self.unpublish_view), name=f"{name}_unpublish"
            ),
            path("<path:object_id>/next/", wrap(self.next_view), name=f"{name}_next"),
            path(
                "<path:object_id>/acknowledge/",
                wrap(self.acknowledge_view),
                name=f"{name}_acknowledge",
            ),
            *super().get_urls(),
        ]

    def _edition_for_change(self, request, object_id) -> Edition:
        edition = self.get_object(request, unquote(object_id))
        if edition is None:
            raise Http404
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        return edition

    def _change_url(self, edition):
        return reverse("admin:awards_edition_change", args=(edition.pk,))

    def _page(self, request, *, title, editions, form=None, problems=(), button, intro=""):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "objects": editions,
            "form": form,
            "problems": problems,
            "button": button,
            "intro": intro,
            "media": self.media + (form.media if form else forms.Media()),
        }
        return TemplateResponse(request, "admin/awards/confirm.html", context)

    def publish_view(self, request, object_id):
        edition = self._edition_for_change(request, object_id)
        if request.method == "POST":
            services.publish_edition(edition=edition)
            self.message_user(
                request, gettext("「%(name)s」已发布。") % {"name": edition}, messages.SUCCESS
            )
            return HttpResponseRedirect(self._change_url(edition))
        problems = corrections.problems(edition=edition)[0]
        return self._page(
            request,
            title=gettext("立即发布「%(name)s」") % {"name": edition},
            editions=[edition],
            problems=problems,
            button=gettext("确认发布") if problems else gettext("发布"),
            intro=gettext("发布后公众马上就能看到本届的全部榜单。"),
        )

    def schedule_view(self, request, object_id):
        edition = self._edition_for_change(request, object_id)
        form = ScheduleForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.schedule_edition(edition=edition, at=form.cleaned_data["published_at"])
            except ValidationError as error:
                form.add_error("published_at", error)
            else:
                self.message_user(request, self._scheduled_message(edition), messages.SUCCESS)
                return HttpResponseRedirect(self._change_url(edition))
        return self._page(
            request,
            title=gettext("定时发布「%(name)s」") % {"name": edition},
            editions=[edition],
            form=form,
            problems=corrections.problems(edition=edition)[0],
            button=gettext("定时发布"),
        )

    def unpublish_view(self, request, object_id):
        edition = self._edition_for_change(request, object_id)
        if request.method == "POST":
            services.unpublish_edition(edition=edition)
            self.message_user(
                request,
                gettext("「%(name)s」已取消发布,现在是草稿。") % {"name": edition},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(edition))
        return self._page(
            request,
            title=gettext("取消发布「%(name)s」") % {"name": edition},
            editions=[edition],
            button=gettext("取消发布"),
            intro=gettext("取消后公众将看不到本届榜单,直到再次发布。"),
        )

    def next_view(self, request, object_id):
        edition = self._edition_for_change(request, object_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            try:
                successor = services.create_next_edition(edition=edition)
            except ValidationError as error:
                for message in error_messages(error):
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(self._change_url(edition))
            self.message_user(
                request,
                gettext("已创建草稿「%(name)s」,请核对榜单名称。") % {"name": successor}
                + renames_note(successor),
                messages.SUCCESS,
            )
            return HttpResponseRedirect(self._change_url(successor))
        return self._page(
            request,
            title=gettext("由「%(name)s」创建下一届") % {"name": edition},
            editions=[edition],
            button=gettext("创建下一届"),
            intro=gettext(
                "将复制全部榜单(名称中的年份会更新、网址标识、类型、公布数量),"
                "不复制奖项;新的一届是草稿。"
            ),
        )

    def _scheduled_message(self, edition):
        moment = timezone.localtime(edition.published_at).strftime("%Y-%m-%d %H:%M")
        return gettext("「%(name)s」将于 %(moment)s 发布。") % {"name": edition, "moment": moment}

    # Changelist actions (several editions at once).

    def _action_page(self, request, queryset, *, title, button, form=None, problems=()):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "objects": list(queryset),
            "form": form,
            "problems": problems,
            "button": button,
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "media": self.media + (form.media if form else forms.Media()),
        }
        return TemplateResponse(request, "admin/awards/confirm.html", context)

    @admin.action(description=_("立即发布所选届次"), permissions=("change",))
    def publish_now(self, request, queryset):
        problems = [
            f"{edition}:{problem.message}"
            for edition in queryset
            for problem in corrections.problems(edition=edition)[0]
        ]
        if problems and request.POST.get("confirm") != "yes":
            return self._action_page(
                request,
                queryset,
                title=gettext("立即发布所选届次"),
                button=gettext("确认发布"),
                problems=problems,
            )
        for edition in queryset:
            services.publish_edition(edition=edition)
        self.message_user(
            request,
            ngettext("已发布 %(count)d 届。", "已发布 %(count)d 届。", len(queryset))
            % {"count": len(queryset)},
            messages.SUCCESS,
        )
        return None

    @admin.action(description=_("定时发布所选届次"), permissions=("change",))
    def schedule(self, request, queryset):
        form = ScheduleForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound and form.is_valid():
            try:
                for edition in queryset:
                    services.schedule_edition(edition=edition, at=form.cleaned_data["published_at"])
            except ValidationError as error:
                form.add_error("published_at", error)
            else:
                for edition in queryset:
                    self.message_user(request, self._scheduled_message(edition), messages.SUCCESS)
                return None
        return self._action_page(
            request,
            queryset,
            title=gettext("定时发布所选届次"),
            button=gettext("定时发布"),
            form=form,
        )

    @admin.action(description=_("取消发布所选届次(改回草稿)"), permissions=("change",))
    def unpublish(self, request, queryset):
        for edition in queryset:
            services.unpublish_edition(edition=edition)
        self.message_user(
            request,
            ngettext("已取消发布 %(count)d 届。", "已取消发布 %(count)d 届。", len(queryset))
            % {"count": len(queryset)},
            messages.SUCCESS,
        )

    @admin.action(description=_("由所选届次创建下一届(草稿)"), permissions=("add",))
    def create_next(self, request, queryset):
        for edition in queryset:
            try:
                successor = services.create_next_edition(edition=edition)
            except ValidationError as error:
                for message in error_messages(error):
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("已创建草稿「%(name)s」。") % {"name": successor}
                    + renames_note(successor),
                    messages.SUCCESS,
                )
