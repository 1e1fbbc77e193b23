"""Admin forms: friendly editors for JSON lists, level suggestions and the action pages."""

from django import forms
from django.contrib.admin import widgets as admin_widgets
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from awards import services
from awards.models import Award, AwardList, Case, Nominee
from awards.reasons import reason_field

COMMON_LEVELS = ("一等奖", "二等奖", "三等奖", "优秀奖", "提名")


class LinesField(forms.CharField):
    """A list of strings edited as one item per line (instead of raw JSON)."""

    widget = forms.Textarea(attrs={"rows": 3, "cols": 60})

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(item).strip() for item in value if str(item).strip()]
        text = super().to_python(value) or ""
        lines, seen = [], set()
        for line in text.splitlines():
            line = line.strip()
            if line and line not in seen:
                seen.add(line)
                lines.append(line)
        return lines

    def has_changed(self, initial, data):
        return self.to_python(initial or []) != self.to_python(data)


class DatalistTextInput(forms.TextInput):
    """A free-text input with suggestions (an HTML datalist, no JavaScript)."""

    template_name = "awards/widgets/datalist_input.html"

    def __init__(self, suggestions=(), attrs=None):
        super().__init__(attrs)
        self.suggestions = tuple(suggestions)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        list_id = f"{context['widget']['attrs'].get('id') or name}-suggestions"
        context["widget"]["attrs"]["list"] = list_id
        context["widget"]["datalist_id"] = list_id
        context["widget"]["suggestions"] = self.suggestions
        return context


class NomineeAdminForm(forms.ModelForm):
    aliases = LinesField(
        label=_("别名"),
        required=False,
        help_text=_("每行一个,例如微博名或运营单位全称。"),
    )
    links = LinesField(
        label=_("链接"),
        required=False,
        help_text=_("每行一个网址,以 http:// 或 https:// 开头。"),
    )

    class Meta:
        model = Nominee
        fields = Nominee.ORGANIZER_FIELDS

    def clean(self):
        cleaned = super().clean()
        # An alias that is another nominee's name means one winner recorded twice: refused,
        # with the merge offered (services.check_aliases).
        try:
            services.check_aliases(nominee=self.instance, aliases=cleaned.get("aliases") or [])
        except ValidationError as error:
            self.add_error(None, error.message_dict["aliases"])
        return cleaned

    def save(self, commit=True):
        # A rename keeps the former name as an alias (as services.rename_nominee does), so
        # search still finds the nominee under every name it was announced with.
        old = self.initial.get("name") if self.instance.pk else None
        nominee = self.instance
        if old and old != nominee.name and old not in nominee.aliases:
            nominee.aliases = [*nominee.aliases, old]
        return super().save(commit)


class AwardAdminForm(forms.ModelForm):
    """Position may stay empty: the award then goes to the end of its list."""

    position = forms.IntegerField(
        label=_("顺序"),
        min_value=1,
        required=False,
        help_text=_("留空则排在榜单末尾。"),
    )

    class Meta:
        model = Award
        fields = Award.ORGANIZER_FIELDS
        widgets = {"level": DatalistTextInput(suggestions=COMMON_LEVELS)}


class AwardInlineForm(forms.ModelForm):
    class Meta:
        model = Award
        fields = ("nominee", "case", "rank", "level")
        widgets = {"level": DatalistTextInput(suggestions=COMMON_LEVELS, attrs={"size": 8})}


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("撤销原因"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=_("公众页面会显示这一原因。"),
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError(_("请填写撤销原因。"))
        return reason


class ScheduleForm(forms.Form):
    published_at = forms.SplitDateTimeField(
        label=_("发布时间"),
        widget=admin_widgets.AdminSplitDateTime,
        help_text=_("北京时间。到了这个时间,公众即可看到本届榜单。"),
    )


class MergeNomineesForm(forms.Form):
    keep = forms.ModelChoiceField(
        label=_("保留哪一个"),
        queryset=Nominee.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        help_text=_("其余获奖对象的奖项和案例都会移到它名下,它们的名称记为别名。"),
    )

    change_reason = reason_field(help_text=_("涉及已发布的届次时必填:合并会列入公开的更正记录。"))

    def __init__(self, *args, nominees, needs_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = nominees
        self.fields["change_reason"].required = needs_reason


class ReasonForm(forms.Form):
    """The 修改原因 of an action on records of a published edition."""

    change_reason = reason_field(
        required=True, help_text=_("本届已发布:这次修改会列入公开的更正记录,原因也会公开。")
    )


class NewListDefaults:
    """Slugs and positions handed to the new lists of one submission.

    The edition's inline gives all its rows one instance, so two lists added together get
    distinct slugs and consecutive positions.
    """

    def __init__(self):
        self.slugs: set[str] = set()
        self.last_position: int | None = None

    def slug(self, *, edition_id: int | None, name: str, position: int = 0) -> str:
        slug = services.new_list_slug(
            edition_id=edition_id, name=name, taken=self.slugs, position=position
        )
        self.slugs.add(slug)
        return slug

    def position(self, *, edition_id: int | None) -> int:
        if self.last_position is None:
            self.last_position = services.next_list_position(edition_id=edition_id) - 1
        self.last_position += 1
        return self.last_position


class AwardListForm(forms.ModelForm):
    """A list: a new one left without slug or position gets them; no kind change under awards."""

    new_list_defaults: NewListDefaults | None = None

    class Meta:
        model = AwardList
        fields = (
            "edition",
            "name",
            "name_en",
            "slug",
            "position",
            "review_year",
            "kind",
            "announced_count",
            "source_unpublished",
            "description",
            "description_en",
        )
        help_texts = {
            "slug": _(
                "公开网址的一部分。新榜单留空即由名称的拼音生成;发布后请不要再改,以免旧链接失效。"
            ),
            "position": _("留空则排在本届最后。"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("slug", "position"):
            # The admin's own widgets (sized inputs) stay; only the hint is added.
            self.fields[name].required = False
            self.fields[name].widget.attrs["placeholder"] = _("自动")
        if self.instance.pk is None:
            # The model's default 0 would put every new list first; blank means "last".
            self.initial["position"] = None

    def clean(self):
        cleaned = super().clean()
        defaults = self.new_list_defaults or NewListDefaults()
        edition = cleaned.get("edition")
        edition_id = edition.pk if edition is not None else self.instance.edition_id
        existing = self.instance.pk is not None
        if cleaned.get("position") is None:
            if existing:
                cleaned["position"] = self.instance.position
            else:
                cleaned["position"] = defaults.position(edition_id=edition_id)
        if not cleaned.get("slug"):
            if existing:
                cleaned["slug"] = self.instance.slug  # a public URL stays as it was
            else:
                # An unnamed list (blank name) gets unnamed-<position>, never invented pinyin.
                cleaned["slug"] = defaults.slug(
                    edition_id=edition_id,
                    name=cleaned.get("name") or "",
                    position=cleaned["position"],
                )
        return cleaned

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        instance = self.instance
        if instance.pk and kind != instance.kind and instance.awards.exists():
            raise forms.ValidationError(
                _("榜单中已有奖项,不能更改类型;请新建一个榜单,或先删除这些奖项。")
            )
        return kind


class CaseAdminForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = (
            "nominee",
            "title",
            "title_en",
            "summary",
            "summary_en",
            "second_unit",
            "second_unit_role",
        )

    def clean_nominee(self):
        nominee = self.cleaned_data["nominee"]
        if self.instance.pk and nominee.pk != self.instance.nominee_id:
            conflicts = services.recredit_conflicts(case=self.instance, nominee=nominee)
            if conflicts:
                raise forms.ValidationError(
                    _("「%(name)s」已在「%(lists)s」中获奖,这个案例的奖项不能转到它名下。")
                    % {"name": nominee.name, "lists": "、".join(conflicts)}
                )
        return nominee
