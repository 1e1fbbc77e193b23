"""Forms of the evaluation's admin screens."""

from django import forms
from django.utils.translation import gettext_lazy as _

from awards.evaluation import presets
from awards.evaluation.models import Override


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("指标数据文件"),
        help_text=_("Excel/WPS 工作簿(.xlsx、.xls、.ods)或 CSV(UTF-8 或 GB18030)。"),
    )


class ConfirmImportForm(forms.Form):
    pending = forms.UUIDField(widget=forms.HiddenInput)


class PresetForm(forms.Form):
    preset = forms.ChoiceField(label=_("评价体系"), choices=presets.choices)
    reach = forms.IntegerField(label=_("传播力权重(%)"), min_value=0, max_value=100, initial=40)
    interaction = forms.IntegerField(
        label=_("互动力权重(%)"), min_value=0, max_value=100, initial=40
    )
    service = forms.IntegerField(label=_("服务力权重(%)"), min_value=0, max_value=100, initial=20)

    def clean(self):
        data = super().clean()
        weights = (data.get("reach"), data.get("interaction"), data.get("service"))
        if data.get("preset") == "people" and None not in weights and sum(weights) != 100:
            raise forms.ValidationError(
                _("三个维度的权重合计为 %(total)s%%,应为 100%%。") % {"total": sum(weights)}
            )
        return data


class PromoteForm(forms.Form):
    count = forms.IntegerField(label=_("入选数量"), min_value=1, max_value=10_000)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class OverrideForm(forms.Form):
    kind = forms.ChoiceField(label=_("调整"), choices=Override.Kind.choices)
    reason = forms.CharField(label=_("原因"), widget=forms.Textarea(attrs={"rows": 3}))
