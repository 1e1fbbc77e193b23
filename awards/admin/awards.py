"""Awards: withdraw with a reason, reinstate, and the level suggestions."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from awards import services
from awards.admin.base import (
    AwardsModelAdmin,
    NarrowingFilter,
    confirm_page,
    confirmed_data,
    twin_layout,
)
from awards.certificates.admin import AwardCertificateAdminMixin
from awards.forms import AwardAdminForm, ReasonForm, WithdrawForm
from awards.models import Award, AwardList, Nominee
from awards.resources import AwardResource

# The count is the key of the numbers each message is given (Django's lazy plural).
WITHDRAWN = ngettext_lazy("已撤销 %(count)d 个奖项。", "已撤销 %(count)d 个奖项。", "count")
REINSTATED = ngettext_lazy("已恢复 %(count)d 个奖项。", "已恢复 %(count)d 个奖项。", "count")


class WithdrawnFilter(NarrowingFilter):
    title = _("是否撤销")
    parameter_name = "withdrawn"
    options = (
        ("no", _("有效"), lambda awards: awards.current()),
        ("yes", _("已撤销"), lambda awards: awards.withdrawn()),
    )


@admin.register(Award)
class AwardAdmin(AwardCertificateAdminMixin, AwardsModelAdmin):
    resource_classes = (AwardResource,)
    form = AwardAdminForm
    list_display = ("nominee", "award_list", "edition_year", "position", "rank", "level", "state")
    list_display_links = ("nominee",)
    list_filter = ("award_list__edition", "award_list__kind", WithdrawnFilter, "level")
    list_select_related = ("nominee", "award_list", "award_list__edition", "case")
    search_fields = ("nominee__name", "case__title", "award_list__name", "level")
    autocomplete_fields = ("award_list", "nominee", "case")
    readonly_fields = ("withdrawn_at", "withdrawal_reason", "certificate")
    fields = (*twin_layout(AwardAdminForm.Meta.fields), *readonly_fields)
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

    def _ask(self, request, queryset, form, **page):
        """The confirm page of an action, each award named with its nominee and list."""
        awards = queryset.select_related("nominee", "award_list")
        return confirm_page(self, request, objects=awards, form=form, action=True, **page)

    @admin.action(description=_("撤销所选奖项(需填写原因)"), permissions=("change",))
    def withdraw(self, request, queryset):
        form = WithdrawForm(confirmed_data(request))
        if form.is_bound and form.is_valid():
            awards = list(queryset.current())
            for award in awards:
                services.withdraw_award(award=award, reason=form.cleaned_data["reason"])
            self.message_user(request, WITHDRAWN % {"count": len(awards)}, messages.SUCCESS)
            return None
        return self._ask(
            request,
            queryset,
            form,
            title=gettext("撤销奖项"),
            button=gettext("撤销"),
            intro=gettext("撤销后记录仍然保留,公众页面会以删除线显示并注明原因;之后可以恢复。"),
        )

    @admin.action(description=_("恢复所选奖项(取消撤销)"), permissions=("change",))
    def reinstate(self, request, queryset):
        # Reinstating in a published edition is a public correction: ask why first.
        if queryset.withdrawn().published().exists():
            form = ReasonForm(confirmed_data(request))
            if not (form.is_bound and form.is_valid()):
                return self._ask(
                    request, queryset, form, title=gettext("恢复奖项"), button=gettext("恢复")
                )
            reason = form.cleaned_data["change_reason"]
        else:
            reason = ""
        awards = list(queryset.withdrawn())
        for award in awards:
            services.reinstate_award(award=award, reason=reason)
        self.message_user(request, REINSTATED % {"count": len(awards)}, messages.SUCCESS)

    def deleted_label_context(self, records):
        nominee_ids = {r.nominee_id for r in records}
        list_ids = {r.award_list_id for r in records}
        return {
            "nominees": dict(Nominee.objects.filter(pk__in=nominee_ids).values_list("pk", "name")),
            "lists": {
                award_list.pk: str(award_list)
                for award_list in AwardList.objects.filter(pk__in=list_ids).select_related(
                    "edition"
                )
            },
        }

    def deleted_label(self, record, context):
        nominee = context["nominees"].get(record.nominee_id, f"#{record.nominee_id}")
        award_list = context["lists"].get(record.award_list_id, gettext("已删除的榜单"))
        return f"{award_list} · {record.position}. {nominee}"
