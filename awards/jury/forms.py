"""Forms of the organizer's jury screens (the judge's score form is read by the service)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards.jury.models import Criterion, Judge, Scoresheet


class ScoresheetForm(forms.ModelForm):
    class Meta:
        model = Scoresheet
        fields = ("show_data_index", "publish_panel")


class BaseCriterionFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        weights = [
            form.cleaned_data["weight"]
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        if weights and sum(weights) != 100:
            raise ValidationError(
                _("各评分项权重之和须为 100%%,现在是 %(total)s%%。") % {"total": sum(weights)}
            )


CriterionFormSet = forms.inlineformset_factory(
    Scoresheet,
    Criterion,
    formset=BaseCriterionFormSet,
    fields=("name", "weight", "scale_min", "scale_max", "description", "position"),
    widgets={"description": forms.Textarea(attrs={"rows": 2})},
    extra=3,
    max_num=20,
    can_delete=True,
)


class AssignForm(forms.Form):
    ALL, PER_CANDIDATE = "all", "k"

    judges = forms.ModelMultipleChoiceField(
        label=_("评委"),
        queryset=Judge.objects.filter(user__is_active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    mode = forms.ChoiceField(
        label=_("分配方式"),
        choices=(
            (ALL, _("每位评委评全部候选")),
            (PER_CANDIDATE, _("每个候选分给 K 位评委,平均分配")),
        ),
        initial=ALL,
        widget=forms.RadioSelect,
    )
    per_candidate = forms.IntegerField(label=_("K"), min_value=1, max_value=50, required=False)

    def clean(self):
        data = super().clean()
        if data.get("mode") == self.PER_CANDIDATE and not data.get("per_candidate"):
            self.add_error("per_candidate", _("请填写每个候选的评委人数 K。"))
        return data


class ResultForm(forms.Form):
    normalised = forms.BooleanField(label=_("按评委标准化(z 分数后还原)"), required=False)
    trimmed = forms.BooleanField(label=_("去掉最高分和最低分(至少 5 位评委时)"), required=False)
    jury_weight = forms.IntegerField(
        label=_("评审分权重(%)"),
        min_value=0,
        max_value=100,
        help_text=_("综合得分 = 评审分 × w + 数据得分 × (1 − w)。"),
    )
    reason = forms.CharField(
        label=_("修改原因"),
        max_length=100,
        required=False,
        help_text=_("这一届已发布时必填,修改会记入历史。"),
    )


class RecuseForm(forms.Form):
    reason = forms.CharField(label=_("回避原因"), max_length=300)
