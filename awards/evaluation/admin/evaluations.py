"""ModelAdmins of the evaluation: settings and definition inline, screens from views.py."""

from django.contrib import admin, messages
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from awards.evaluation import services
from awards.evaluation.admin import views
from awards.evaluation.models import (
    CustomMetric,
    Dimension,
    Evaluation,
    Indicator,
    MetricImport,
    Period,
)


class DimensionInline(admin.TabularInline):
    model = Dimension
    fields = ("name", "name_en", "parent", "weight", "position")
    extra = 0
    show_change_link = True  # its indicators are edited on the dimension's page

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "parent":
            evaluation_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Dimension.objects.filter(evaluation_id=evaluation_id or 0)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PeriodInline(admin.TabularInline):
    model = Period
    fields = ("label", "starts_on", "ends_on", "days")
    extra = 0


class CustomMetricInline(admin.TabularInline):
    model = CustomMetric
    fields = ("name",)
    extra = 0


class ImportInline(admin.TabularInline):
    model = MetricImport
    fields = ("file_name", "imported_at", "imported_by", "row_count", "replaced_count", "summary")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("__str__", "preset", "candidate_count", "computed_at", "promoted_at", "screens")
    list_select_related = ("award_list__edition",)
    autocomplete_fields = ("award_list",)
    change_form_template = "admin/evaluation/evaluation/change_form.html"
    inlines = (DimensionInline, CustomMetricInline, PeriodInline, ImportInline)
    fieldsets = (
        (None, {"fields": ("award_list", "data_source", "snapshot_rule")}),
        (
            _("计分"),
            {"fields": ("preset", "final_power", "final_factor", "scale", "jury_weight")},
        ),
        (_("提交与公开"), {"fields": ("ranked", "publish_method", "publish_scores")}),
    )
    readonly_fields = ("preset",)

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(candidate_total=Count("candidates"))

    @admin.display(description=_("候选对象"), ordering="candidate_total")
    def candidate_count(self, obj):
        return obj.candidate_total

    @admin.display(description=_("操作"))
    def screens(self, obj):
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:evaluation_evaluation_ranking", args=(obj.pk,)),
            gettext("排名"),
            reverse("admin:evaluation_evaluation_import", args=(obj.pk,)),
            gettext("导入数据"),
        )

    def get_urls(self):
        wrap = self.admin_site.admin_view
        screens = [
            ("ranking/", views.ranking, "ranking"),
            ("import/", views.import_metrics, "import"),
            ("template/", views.template, "template"),
            ("preset/", views.preset, "preset"),
            ("promote/", views.promote, "promote"),
        ]
        urls = [
            path(f"<int:pk>/{suffix}", wrap(view), name=f"evaluation_evaluation_{name}")
            for suffix, view, name in screens
        ]
        urls += [
            path(
                "candidate/<int:pk>/explain/",
                wrap(views.explain),
                name="evaluation_candidate_explain",
            ),
            path(
                "candidate/<int:pk>/override/",
                wrap(views.override),
                name="evaluation_candidate_override",
            ),
        ]
        return urls + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = extra_context or {}
        if object_id and object_id.isdigit():
            extra_context["completeness"] = views.completeness_rows(int(object_id))
        return super().change_view(request, object_id, form_url, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        evaluation = form.instance
        definition_touched = any(f.model is Dimension and f.has_changed() for f in formsets)
        if (
            definition_touched
            or "jury_weight" in form.changed_data
            or not change
            or {"final_power", "final_factor", "scale"} & set(form.changed_data)
        ):
            report_definition(request, evaluation)


def report_definition(request, evaluation) -> None:
    problems = services.definition_changed(evaluation)
    if problems:
        for problem in problems:
            messages.warning(request, problem)
        messages.warning(request, gettext("评价体系尚未完整,排名保持上一次的计算结果。"))
    elif evaluation.candidates.exists():
        messages.success(request, gettext("已按新的评价体系重新计算排名。"))


class IndicatorInline(admin.TabularInline):
    model = Indicator
    fields = (
        "name",
        "name_en",
        "formula",
        "metric",
        "custom_metric",
        "per_metric",
        "platform",
        "transform",
        "exponent",
        "normalisation",
        "weight",
        "position",
    )
    extra = 0


@admin.register(Dimension)
class DimensionAdmin(admin.ModelAdmin):
    list_display = ("name", "evaluation", "parent", "weight")
    list_select_related = ("evaluation__award_list__edition", "parent")
    inlines = (IndicatorInline,)
    fields = ("evaluation", "parent", "name", "name_en", "weight", "position")
    readonly_fields = ("evaluation",)

    def has_module_permission(self, request):
        return False  # reached from its evaluation's page

    def has_add_permission(self, request):
        return False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        report_definition(request, form.instance.evaluation)
