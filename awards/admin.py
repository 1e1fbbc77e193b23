"""The organizers' admin. Admin classes only: every workflow step calls awards.services."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, F, Q
from django.forms.models import BaseInlineFormSet
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from awards import services
from awards.forms import (
    AwardAdminForm,
    AwardInlineForm,
    AwardListForm,
    CaseAdminForm,
    MergeNomineesForm,
    NomineeAdminForm,
    ScheduleForm,
    WithdrawForm,
)
from awards.importing.admin import EditionWorkbookAdminMixin
from awards.models import Award, AwardList, Case, Edition, Nominee
from awards.resources import (
    AwardListResource,
    AwardResource,
    CaseResource,
    EditionResource,
    NomineeResource,
)

admin.site.site_header = _("成都市政务新媒体峰会 · 评选榜单管理")
admin.site.site_title = _("评选榜单管理")
admin.site.index_title = _("管理首页")


def _messages_for(error: ValidationError) -> list[str]:
    return list(error.messages)


def _counts(recorded: int, announced: int | None):
    """ "recorded / announced", flagged with the admin's alert icon when they differ."""
    if announced is None:
        return str(recorded)
    text = f"{recorded}/{announced}"
    if recorded == announced:
        return text
    return format_html(
        '<span class="count-mismatch" title="{}"><img src="{}" alt="{}"> {}</span>',
        gettext("已录入数量与公布数量不一致"),
        static("admin/img/icon-alert.svg"),
        gettext("注意"),
        text,
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
            except ValidationError as error:
                for message in _messages_for(error):
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request,
                gettext("已恢复「%(object)s」。") % {"object": services._label(restored)},
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


class AwardsModelAdmin(RecycleBinMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    """Common base: import/export, history with revert, deleted records."""

    change_list_template = "admin/awards/change_list.html"
    object_history_list_template = "admin/awards/object_history_list.html"
    list_per_page = 50


# --- Edition --------------------------------------------------------------------------


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


class AwardListInline(admin.TabularInline):
    model = AwardList
    form = AwardListForm
    fields = ("position", "name", "slug", "kind", "announced_count", "counts")
    readonly_fields = ("counts",)
    ordering = ("position", "pk")
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=_("已录入/公布"))
    def counts(self, obj):
        if obj.pk is None:
            return "–"
        return _counts(obj.recorded_count, obj.announced_count)


@admin.register(Edition)
class EditionAdmin(
    EditionWorkbookAdminMixin, RecycleBinMixin, ImportExportModelAdmin, SimpleHistoryAdmin
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
        (None, {"fields": ("year", "name", "held_on", "venue", "summary")}),
        (_("单位"), {"fields": ("guided_by", "hosted_by", "organized_by")}),
        (
            _("来源"),
            {"fields": ("source_title", "source_publisher", "source_date", "source_url")},
        ),
        (None, {"fields": ("updated_at",)}),
    )
    actions = ("publish_now", "schedule", "unpublish", "create_next")
    # Organizers paste bare domains; assume https like Django 6 will.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "base_template": self.base_change_list_template}
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
        problems = services.edition_problems(edition=obj)
        if not problems:
            return gettext("没有发现问题。")
        items = format_html_join("", "<li>{}</li>", ((p.message,) for p in problems))
        return format_html('<ul class="open-problems">{}</ul>', items)

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
        problems = services.edition_problems(edition=edition)
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
            problems=services.edition_problems(edition=edition),
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
                for message in _messages_for(error):
                    self.message_user(request, message, messages.ERROR)
                return HttpResponseRedirect(self._change_url(edition))
            self.message_user(
                request,
                gettext("已创建草稿「%(name)s」,请核对榜单名称。") % {"name": successor},
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
            for problem in services.edition_problems(edition=edition)
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
                for message in _messages_for(error):
                    self.message_user(request, message, messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("已创建草稿「%(name)s」。") % {"name": successor},
                    messages.SUCCESS,
                )


# --- Award list -----------------------------------------------------------------------


class LabelledAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose selected label comes from the formset's prefetched rows.

    Django's widget runs one query per rendered row to label the current choice; in an
    inline of 200 awards that is 400 queries. The formset hands the labels over instead.
    """

    known_labels: dict | None = None

    def optgroups(self, name, value, attr=None):
        selected = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        labels = self.known_labels
        if labels is None or not selected <= labels.keys():
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required:
            default[1].append(self.create_option(name, "", "", False, 0))
        for option_value in sorted(selected):
            default[1].append(
                self.create_option(name, option_value, labels[option_value], selected, 1)
            )
        return [default]


class AwardInlineFormSet(BaseInlineFormSet):
    def _labels(self):
        if not hasattr(self, "_known_labels"):
            nominees, cases = {}, {}
            for award in self.get_queryset():
                nominees[str(award.nominee_id)] = str(award.nominee)
                if award.case_id:
                    cases[str(award.case_id)] = str(award.case)
            self._known_labels = {"nominee": nominees, "case": cases}
        return self._known_labels

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.instance.pk is not None:
            # Each row's title shows str(award), which reads the list: hand it the parent.
            form.instance.award_list = self.instance
        for name, labels in self._labels().items():
            widget = getattr(form.fields[name].widget, "widget", None)
            if isinstance(widget, LabelledAutocompleteSelect):
                widget.known_labels = labels
        return form


class AwardInline(admin.TabularInline):
    model = Award
    form = AwardInlineForm
    formset = AwardInlineFormSet
    fields = ("position", "move", "nominee", "case", "rank", "level", "state")
    readonly_fields = ("position", "move", "state")
    autocomplete_fields = ("nominee", "case")
    ordering = ("position",)
    extra = 1
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("nominee", "case")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = LabelledAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("调整顺序"))
    def move(self, obj):
        if obj.pk is None:
            return ""
        return format_html(
            '<button type="submit" name="_move" value="{}:-1" class="button move-up" '
            'title="{}">↑ {}</button> '
            '<button type="submit" name="_move" value="{}:1" class="button move-down" '
            'title="{}">↓ {}</button>',
            obj.pk,
            gettext("保存并上移一位"),
            gettext("上移"),
            obj.pk,
            gettext("保存并下移一位"),
            gettext("下移"),
        )

    @admin.display(description=_("状态"))
    def state(self, obj):
        if obj.pk is None or not obj.is_withdrawn:
            return ""
        return format_html(
            '<span class="award-withdrawn" title="{}">{}</span>',
            obj.withdrawal_reason,
            gettext("已撤销"),
        )


class CountMismatchFilter(admin.SimpleListFilter):
    title = _("录入情况")
    parameter_name = "complete"

    def lookups(self, request, model_admin):
        return (("short", _("与公布数量不一致")), ("ok", _("一致或未公布数量")))

    def queryset(self, request, queryset):
        mismatch = Q(announced_count__isnull=False) & ~Q(announced_count=F("recorded_count"))
        if self.value() == "short":
            return queryset.filter(mismatch)
        if self.value() == "ok":
            return queryset.exclude(mismatch)
        return queryset


@admin.register(AwardList)
class AwardListAdmin(AwardsModelAdmin):
    resource_classes = (AwardListResource,)
    form = AwardListForm
    list_display = ("name", "edition", "kind", "counts", "position")
    list_filter = ("edition", "kind", CountMismatchFilter)
    list_select_related = ("edition",)
    search_fields = ("name", "slug", "edition__name")
    autocomplete_fields = ("edition",)
    inlines = (AwardInline,)
    save_on_top = True
    fields = ("edition", "name", "slug", "position", "kind", "announced_count", "description")

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts().order_by("edition", "position", "pk")

    @admin.display(description=_("已录入/公布"), ordering="recorded_count")
    def counts(self, obj):
        return _counts(obj.recorded_count, obj.announced_count)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Award:
            return super().save_formset(request, form, formset, change)
        awards = formset.save(commit=False)
        for award in formset.deleted_objects:
            award.delete()
        position = None
        for award in awards:
            if award.pk is None:
                if position is None:
                    position = services.next_position(award_list=form.instance)
                award.position = position
                position += 1
            award.save()
        formset.save_m2m()
        return None

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        move = request.POST.get("_move", "")
        pk, _sep, offset = move.partition(":")
        if pk.isdigit() and offset in ("-1", "1"):
            award = form.instance.awards.filter(pk=int(pk)).first()
            if award is not None:
                services.move_award(award=award, offset=int(offset))

    def response_change(self, request, obj):
        if "_move" in request.POST:
            self.message_user(request, gettext("顺序已调整。"), messages.SUCCESS)
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)


# --- Nominee and case -----------------------------------------------------------------


@admin.register(Nominee)
class NomineeAdmin(AwardsModelAdmin):
    resource_classes = (NomineeResource,)
    form = NomineeAdminForm
    list_display = ("name", "kind", "alias_list", "award_count", "slug")
    list_filter = ("kind",)
    # search_text holds the folded name, aliases, full pinyin and initials.
    search_fields = ("name", "search_text")
    readonly_fields = ("slug",)
    actions = ("merge",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(award_total=Count("awards")).order_by("name")

    @admin.display(description=_("别名"))
    def alias_list(self, obj):
        return "、".join(obj.aliases)

    @admin.display(description=_("获奖次数"), ordering="award_total")
    def award_count(self, obj):
        return obj.award_total

    @admin.action(description=_("合并所选获奖对象"), permissions=("change", "delete"))
    def merge(self, request, queryset):
        nominees = queryset.order_by("name")
        if nominees.count() < 2:
            self.message_user(request, gettext("请至少选择两个获奖对象再合并。"), messages.ERROR)
            return None
        form = MergeNomineesForm(
            request.POST if request.POST.get("confirm") == "yes" else None, nominees=nominees
        )
        if form.is_bound and form.is_valid():
            keep = form.cleaned_data["keep"]
            duplicates = [n for n in nominees if n.pk != keep.pk]
            try:
                services.merge_nominees(keep=keep, duplicates=duplicates)
            except ValidationError as error:
                for message in _messages_for(error):
                    self.message_user(request, message, messages.ERROR)
                return None
            self.message_user(
                request,
                gettext("已合并到「%(name)s」,其他名称已记为别名。") % {"name": keep.name},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("合并获奖对象"),
            "opts": self.model._meta,
            "objects": list(nominees),
            "form": form,
            "button": gettext("合并"),
            "intro": gettext(
                "选择保留的获奖对象。其余对象的奖项和案例会移到它名下,"
                "其名称和别名记为别名,然后删除它们。任何一步不成功,都不会改动数据。"
            ),
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/awards/confirm.html", context)


class SummaryFilter(admin.SimpleListFilter):
    title = _("简介")
    parameter_name = "summary"

    def lookups(self, request, model_admin):
        return (("missing", _("缺少简介")), ("present", _("已有简介")))

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(summary="")
        if self.value() == "present":
            return queryset.exclude(summary="")
        return queryset


@admin.register(Case)
class CaseAdmin(AwardsModelAdmin):
    resource_classes = (CaseResource,)
    form = CaseAdminForm
    list_display = ("title", "nominee", "has_summary")
    list_filter = (SummaryFilter, "awards__award_list__edition")
    list_select_related = ("nominee",)
    search_fields = ("title", "nominee__name")
    autocomplete_fields = ("nominee",)

    @admin.display(description=_("有简介"), boolean=True)
    def has_summary(self, obj):
        return bool(obj.summary)

    def save_model(self, request, obj, form, change):
        if change and "nominee" in form.changed_data:
            # Its awards follow the case; the service records that in their history too.
            services.recredit_case(case=obj, nominee=obj.nominee)
        else:
            super().save_model(request, obj, form, change)


# --- Award ----------------------------------------------------------------------------


class WithdrawnFilter(admin.SimpleListFilter):
    title = _("是否撤销")
    parameter_name = "withdrawn"

    def lookups(self, request, model_admin):
        return (("no", _("有效")), ("yes", _("已撤销")))

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.current()
        if self.value() == "yes":
            return queryset.withdrawn()
        return queryset


@admin.register(Award)
class AwardAdmin(AwardsModelAdmin):
    resource_classes = (AwardResource,)
    form = AwardAdminForm
    list_display = ("nominee", "award_list", "edition_year", "position", "rank", "level", "state")
    list_display_links = ("nominee",)
    list_filter = ("award_list__edition", "award_list__kind", WithdrawnFilter, "level")
    list_select_related = ("nominee", "award_list", "award_list__edition", "case")
    search_fields = ("nominee__name", "case__title", "award_list__name", "level")
    autocomplete_fields = ("award_list", "nominee", "case")
    readonly_fields = ("withdrawn_at", "withdrawal_reason")
    fields = (
        "award_list",
        "position",
        "nominee",
        "case",
        "rank",
        "level",
        "withdrawn_at",
        "withdrawal_reason",
    )
    actions = ("withdraw", "reinstate")
    ordering = ("-award_list__edition__year", "award_list__position", "position")

    @admin.display(description=_("年份"), ordering="award_list__edition__year")
    def edition_year(self, obj):
        return obj.award_list.edition.year

    @admin.display(description=_("状态"))
    def state(self, obj):
        if obj.is_withdrawn:
            return format_html("{}:{}", gettext("已撤销"), obj.withdrawal_reason)
        return gettext("有效")

    def save_model(self, request, obj, form, change):
        if obj.position is None:
            obj.position = services.next_position(award_list=obj.award_list)
        super().save_model(request, obj, form, change)

    @admin.action(description=_("撤销所选奖项(需填写原因)"), permissions=("change",))
    def withdraw(self, request, queryset):
        form = WithdrawForm(request.POST if request.POST.get("confirm") == "yes" else None)
        if form.is_bound and form.is_valid():
            count = 0
            for award in queryset.current():
                services.withdraw_award(award=award, reason=form.cleaned_data["reason"])
                count += 1
            self.message_user(
                request,
                ngettext("已撤销 %(count)d 个奖项。", "已撤销 %(count)d 个奖项。", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("撤销奖项"),
            "opts": self.model._meta,
            "objects": list(queryset.select_related("nominee", "award_list")),
            "form": form,
            "button": gettext("撤销"),
            "intro": gettext("撤销后记录仍然保留,公众页面会以删除线显示并注明原因;之后可以恢复。"),
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "media": self.media,
        }
        return TemplateResponse(request, "admin/awards/confirm.html", context)

    @admin.action(description=_("恢复所选奖项(取消撤销)"), permissions=("change",))
    def reinstate(self, request, queryset):
        count = 0
        for award in queryset.withdrawn():
            services.reinstate_award(award=award)
            count += 1
        self.message_user(
            request,
            ngettext("已恢复 %(count)d 个奖项。", "已恢复 %(count)d 个奖项。", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def deleted_label_context(self, records):
        nominee_ids = {r.nominee_id for r in records}
        list_ids = {r.award_list_id for r in records}
        return {
            "nominees": dict(Nominee.objects.filter(pk__in=nominee_ids).values_list("pk", "name")),
            "lists": dict(AwardList.objects.filter(pk__in=list_ids).values_list("pk", "name")),
        }

    def deleted_label(self, record, context):
        nominee = context["nominees"].get(record.nominee_id, f"#{record.nominee_id}")
        award_list = context["lists"].get(record.award_list_id, gettext("已删除的榜单"))
        return f"{award_list} · {record.position}. {nominee}"
