"""Publishing editions from the admin: the object-tool pages (publish, schedule, unpublish,
next edition), the same steps as changelist actions, and the open problems that gate them.

Every step calls awards.services; the problems come from awards.corrections.selectors.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from awards import services
from awards.admin.base import confirm_page, confirmed_data, error_messages
from awards.corrections import selectors as corrections
from awards.corrections import services as corrections_services
from awards.forms import ScheduleForm
from awards.ids import object_page_urls
from awards.models import Edition

# The count is the key of the numbers each message is given (Django's lazy plural).
PUBLISHED = ngettext_lazy("已发布 %(count)d 届。", "已发布 %(count)d 届。", "count")
UNPUBLISHED = ngettext_lazy("已取消发布 %(count)d 届。", "已取消发布 %(count)d 届。", "count")


def renames_note(successor) -> str:
    """Each list name the copy changed, so the organizer can check every one."""
    renames = getattr(successor, "list_renames", [])
    if not renames:
        return ""
    changes = ";".join(f"「{old}」→「{new}」" for old, new in renames)
    return gettext("榜单改名:%(changes)s。") % {"changes": changes}


def scheduled_message(edition) -> str:
    moment = timezone.localtime(edition.published_at).strftime("%Y-%m-%d %H:%M")
    return gettext("「%(name)s」将于 %(moment)s 发布。") % {"name": edition, "moment": moment}


def local_moment(moment) -> str:
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


class EditionPageMixin:
    """What the edition's own workflow pages share: their URLs, the edition, the way back."""

    def _edition_for_change(self, request, object_id) -> Edition:
        edition = self.get_object(request, unquote(object_id))
        if edition is None:
            raise Http404
        if not self.has_change_permission(request, edition):
            raise PermissionDenied
        return edition

    def _back(self, request, edition, message=None, level=messages.SUCCESS):
        """Back to the edition's page, where `message` (what the step did) shows."""
        if message is not None:
            self.message_user(request, message, level)
        return HttpResponseRedirect(reverse("admin:awards_edition_change", args=(edition.pk,)))


class EditionProblemsMixin(EditionPageMixin):
    """The edition's open problems on its page, each one acknowledged with its own button."""

    def get_urls(self):
        return object_page_urls(self, acknowledge=self.acknowledge_view) + super().get_urls()

    @admin.display(description=_("待处理问题"))
    def open_problems(self, obj):
        if obj.pk is None:
            return "–"
        open_problems, acknowledged = corrections.problems(edition=obj)
        if not open_problems and not acknowledged:
            return gettext("没有发现问题。")
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
                        "moment": local_moment(ack.acknowledged_at),
                    },
                )
                for p, ack in acknowledged
            ),
        )
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
            return self._back(request, edition)
        ack = corrections_services.acknowledge(
            edition=edition, key=request.POST.get("problem", ""), user=request.user
        )
        if ack is None:
            gone = gettext("这个问题已经不存在,无需核实。")
            return self._back(request, edition, gone, messages.WARNING)
        done = gettext("已标记为已核实:%(problem)s") % {"problem": ack.message}
        return self._back(request, edition, done)


class EditionPublicationMixin(EditionPageMixin):
    """Publish, schedule, unpublish and copy to the next year: one edition from its page
    (the object tools), or several from the change list (the actions)."""

    def get_urls(self):
        own = object_page_urls(
            self,
            publish=self.publish_view,
            schedule=self.schedule_view,
            unpublish=self.unpublish_view,
            next=self.next_view,
        )
        return own + super().get_urls()

    # One edition, from the object tools.

    def _ask(self, request, edition, **page):
        return confirm_page(self, request, objects=[edition], **page)

    def publish_view(self, request, object_id):
        edition = self._edition_for_change(request, object_id)
        if request.method == "POST":
            services.publish_edition(edition=edition)
            return self._back(request, edition, gettext("「%(name)s」已发布。") % {"name": edition})
        problems = corrections.problems(edition=edition)[0]
        return self._ask(
            request,
            edition,
            title=gettext("立即发布「%(name)s」") % {"name": edition},
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
                return self._back(request, edition, scheduled_message(edition))
        return self._ask(
            request,
            edition,
            title=gettext("定时发布「%(name)s」") % {"name": edition},
            form=form,
            problems=corrections.problems(edition=edition)[0],
            button=gettext("定时发布"),
        )

    def unpublish_view(self, request, object_id):
        edition = self._edition_for_change(request, object_id)
        if request.method == "POST":
            services.unpublish_edition(edition=edition)
            done = gettext("「%(name)s」已取消发布,现在是草稿。") % {"name": edition}
            return self._back(request, edition, done)
        return self._ask(
            request,
            edition,
            title=gettext("取消发布「%(name)s」") % {"name": edition},
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
                return self._back(request, edition)
            done = gettext("已创建草稿「%(name)s」,请核对榜单名称。") % {"name": successor}
            return self._back(request, successor, done + renames_note(successor))
        return self._ask(
            request,
            edition,
            title=gettext("由「%(name)s」创建下一届") % {"name": edition},
            button=gettext("创建下一届"),
            intro=gettext(
                "将复制全部榜单(名称中的年份会更新、网址标识、类型、公布数量),"
                "不复制奖项;新的一届是草稿。"
            ),
        )

    # Several editions at once, from the change list.

    def _ask_selected(self, request, queryset, **page):
        return confirm_page(self, request, objects=queryset, action=True, **page)

    @admin.action(description=_("立即发布所选届次"), permissions=("change",))
    def publish_now(self, request, queryset):
        problems = [
            f"{edition}:{problem.message}"
            for edition in queryset
            for problem in corrections.problems(edition=edition)[0]
        ]
        if problems and request.POST.get("confirm") != "yes":
            return self._ask_selected(
                request,
                queryset,
                title=gettext("立即发布所选届次"),
                button=gettext("确认发布"),
                problems=problems,
            )
        for edition in queryset:
            services.publish_edition(edition=edition)
        self.message_user(request, PUBLISHED % {"count": len(queryset)}, messages.SUCCESS)
        return None

    @admin.action(description=_("定时发布所选届次"), permissions=("change",))
    def schedule(self, request, queryset):
        form = ScheduleForm(confirmed_data(request))
        if form.is_bound and form.is_valid():
            try:
                for edition in queryset:
                    services.schedule_edition(edition=edition, at=form.cleaned_data["published_at"])
            except ValidationError as error:
                form.add_error("published_at", error)
            else:
                for edition in queryset:
                    self.message_user(request, scheduled_message(edition), messages.SUCCESS)
                return None
        return self._ask_selected(
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
        self.message_user(request, UNPUBLISHED % {"count": len(queryset)}, messages.SUCCESS)

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
