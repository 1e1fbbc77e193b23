"""Judges in the admin: the organizer creates their accounts and records their affiliations.

The scoring itself happens on /jury/ (views/), never in the admin.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from awards.ids import CheckedHistoryIds
from awards.jury import services
from awards.jury.models import Judge, Scoresheet


class JudgeCreationForm(forms.ModelForm):
    username = forms.CharField(label=_("登录用户名"), max_length=150)
    password = forms.CharField(label=_("初始密码"), widget=forms.PasswordInput, strip=False)

    class Meta:
        model = Judge
        fields = ("name", "title", "affiliated_nominees", "affiliated_names")

    def clean(self):
        data = super().clean()
        # The service re-checks inside its transaction; this turns its refusals into form errors.
        from django.contrib.auth import get_user_model
        from django.contrib.auth.password_validation import validate_password

        if get_user_model().objects.filter(username=data.get("username")).exists():
            self.add_error("username", _("这个用户名已被使用。"))
        if data.get("password"):
            try:
                validate_password(data["password"])
            except ValidationError as error:
                self.add_error("password", error)
        return data


@admin.register(Judge)
class JudgeAdmin(CheckedHistoryIds, SimpleHistoryAdmin):
    list_display = ("name", "title", "user")
    search_fields = ("name", "title", "user__username")
    autocomplete_fields = ("affiliated_nominees",)
    list_select_related = ("user",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = JudgeCreationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return (
                "username",
                "password",
                "name",
                "title",
                "affiliated_nominees",
                "affiliated_names",
            )
        return ("user", "name", "title", "affiliated_nominees", "affiliated_names")

    def get_readonly_fields(self, request, obj=None):
        return ("user",) if obj else ()

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        judge = services.create_judge(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password"],
            name=obj.name,
            title=obj.title,
        )
        obj.pk, obj.user = judge.pk, judge.user
        obj._state.adding = False


@admin.register(Scoresheet)
class ScoresheetAdmin(CheckedHistoryIds, SimpleHistoryAdmin):
    """The organizer's way in: one row per evaluation with a jury, linking to its screens."""

    list_display = ("__str__", "computed_at", "normalised", "publish_panel", "screens")
    list_select_related = ("evaluation__award_list__edition",)
    fields = ("evaluation",)

    def get_readonly_fields(self, request, obj=None):
        return ("evaluation",) if obj else ()

    @admin.display(description=_("评审页面"))
    def screens(self, obj):
        links = [
            (reverse(f"jury:{name}", kwargs={"evaluation": obj.evaluation_id}), label)
            for name, label in (
                ("manage", _("评分表")),
                ("assign", _("分配评委")),
                ("progress", _("进度")),
                ("result", _("结果")),
            )
        ]
        return format_html_join(" · ", '<a href="{}">{}</a>', links)

    def response_add(self, request, obj, post_url_continue=None):
        return redirect("jury:manage", evaluation=obj.evaluation_id)
