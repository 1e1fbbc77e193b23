"""Nominees (aliases one per line, merging duplicates) and their cases."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards import codes, services
from awards.admin.base import (
    AwardsModelAdmin,
    NarrowingFilter,
    confirm_page,
    confirmed_data,
    error_messages,
    twin_layout,
)
from awards.forms import CaseAdminForm, MergeNomineesForm, NomineeAdminForm
from awards.models import Case, Nominee
from awards.reasons import touches_published_edition
from awards.resources import CaseResource, NomineeResource


@admin.register(Nominee)
class NomineeAdmin(AwardsModelAdmin):
    resource_classes = (NomineeResource,)
    form = NomineeAdminForm
    list_display = ("name", "kind", "alias_list", "award_count", "slug")
    list_filter = ("kind",)
    # search_text holds the folded name, aliases, full pinyin and initials.
    search_fields = ("name", "search_text")
    readonly_fields = ("slug",)
    fields = twin_layout(Nominee.ORGANIZER_FIELDS)
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
            confirmed_data(request),
            nominees=nominees,
            needs_reason=touches_published_edition(nominees),
        )
        if form.is_bound and form.is_valid():
            keep = form.cleaned_data["keep"]
            duplicates = [n for n in nominees if n.pk != keep.pk]
            try:
                services.merge_nominees(
                    keep=keep, duplicates=duplicates, reason=form.cleaned_data["change_reason"]
                )
            except ValidationError as error:
                for message in error_messages(error):
                    self.message_user(request, message, messages.ERROR)
                return None
            self.message_user(
                request,
                gettext("已合并到「%(name)s」,其他名称已记为别名。") % {"name": keep.name},
                messages.SUCCESS,
            )
            return None
        return confirm_page(
            self,
            request,
            title=gettext("合并获奖对象"),
            objects=nominees,
            form=form,
            button=gettext("合并"),
            intro=gettext(
                "选择保留的获奖对象。其余对象的奖项和案例会移到它名下,"
                "其名称和别名记为别名,然后删除它们。任何一步不成功,都不会改动数据。"
            ),
            action=True,
        )


class SummaryFilter(NarrowingFilter):
    title = _("简介")
    parameter_name = "summary"
    options = (
        ("missing", _("缺少简介"), lambda cases: cases.filter(summary="")),
        ("present", _("已有简介"), lambda cases: cases.exclude(summary="")),
    )


@admin.register(Case)
class CaseAdmin(AwardsModelAdmin):
    resource_classes = (CaseResource,)
    form = CaseAdminForm
    list_display = ("title", "nominee", "has_summary")
    list_filter = (SummaryFilter, "awards__award_list__edition")
    list_select_related = ("nominee",)
    search_fields = ("title", "title_en", "nominee__name")
    autocomplete_fields = ("nominee",)
    fields = (
        "nominee",
        ("title", "title_en"),
        ("summary", "summary_en"),
        ("second_unit", "second_unit_role"),
        "case_key",
    )
    readonly_fields = ("case_key",)

    @admin.display(description=_("案例编号"))
    def case_key(self, obj):
        # The key workbooks name the case by (awards.codes): shown, never typed here.
        return codes.grouped(obj.key) if obj.pk else "-"

    @admin.display(description=_("有简介"), boolean=True)
    def has_summary(self, obj):
        return bool(obj.summary)

    def save_model(self, request, obj, form, change):
        if change and "nominee" in form.changed_data:
            # Its awards follow the case; the service records that in their history too.
            services.recredit_case(case=obj, nominee=obj.nominee)
        else:
            super().save_model(request, obj, form, change)
