"""Award lists: awards inline in position order, moved up or down without retyping positions."""

from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import F, Q
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards import services
from awards.admin.base import AwardsModelAdmin, NarrowingFilter, counts_label, twin_layout
from awards.forms import AwardInlineForm, AwardListForm
from awards.models import Award, AwardList, Edition
from awards.resources import AwardListResource


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


# Recorded awards not as many as the source announced (no announced count: nothing to compare).
COUNT_MISMATCH = Q(announced_count__isnull=False) & ~Q(announced_count=F("recorded_count"))


class CountMismatchFilter(NarrowingFilter):
    title = _("录入情况")
    parameter_name = "complete"
    options = (
        ("short", _("与公布数量不一致"), lambda lists: lists.filter(COUNT_MISMATCH)),
        ("ok", _("一致或未公布数量"), lambda lists: lists.exclude(COUNT_MISMATCH)),
    )


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
    fields = twin_layout(AwardListForm.Meta.fields)

    def get_queryset(self, request):
        # The edition comes along: a list's label names it (pickers, delete confirmation).
        return (
            super()
            .get_queryset(request)
            .with_counts()
            .select_related("edition")
            .order_by("edition", "position", "pk")
        )

    def deleted_label_context(self, records):
        editions = {r.edition_id for r in records}
        return {"years": dict(Edition.objects.filter(pk__in=editions).values_list("pk", "year"))}

    def deleted_label(self, record, context):
        return AwardList.label(record.name, context["years"].get(record.edition_id))

    @admin.display(description=_("已录入/公布"), ordering="recorded_count")
    def counts(self, obj):
        return counts_label(obj.recorded_count, obj.announced_count, obj.withdrawn_count)

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
