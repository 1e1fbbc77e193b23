"""A candidate's account data: periods, metric rows per platform, imports and their history."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from awards.evaluation.models.fields import acting_user, belongs_to, part_of_evaluation
from awards.evaluation.vocabulary import METRIC_KEYS, Platform


class Period(models.Model):
    """A stretch of days the data covers: a month, or a range the organizer names."""

    evaluation = part_of_evaluation("periods")
    label = models.CharField(_("周期"), max_length=40, help_text=_("例如:2024-01。"))
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    # The d of per-day formulas. 清博's rule: 30 for a calendar month, 7 for a week, 365 for a
    # year, else the real count (services.default_days); the organizer may change it.
    days = models.PositiveSmallIntegerField(_("天数"))

    class Meta:
        verbose_name = verbose_name_plural = _("数据周期")
        ordering = ("evaluation", "starts_on")
        constraints = (
            models.UniqueConstraint(fields=("evaluation", "label"), name="period_unique_label"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="period_order"),
            models.CheckConstraint(condition=Q(days__gte=1), name="period_days_positive"),
        )

    def __str__(self):
        return self.label


class CustomMetric(models.Model):
    """A column the organizer names beyond the fixed set (e.g. 政务服务办件数)."""

    evaluation = part_of_evaluation("custom_metrics")
    name = models.CharField(_("名称"), max_length=60)

    class Meta:
        verbose_name = verbose_name_plural = _("自定义指标")
        ordering = ("evaluation", "pk")
        constraints = (
            models.UniqueConstraint(fields=("evaluation", "name"), name="custommetric_unique"),
            models.CheckConstraint(condition=~Q(name=""), name="custommetric_named"),
        )

    def __str__(self):
        return self.name

    @property
    def key(self) -> str:
        """Where its values sit in MetricRow.extra."""
        return str(self.pk)


class MetricImport(models.Model):
    """One applied workbook: who, when, what it replaced."""

    evaluation = part_of_evaluation("imports")
    file_name = models.CharField(_("文件名"), max_length=200)
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    imported_by = acting_user()
    row_count = models.PositiveIntegerField(_("写入行数"), default=0)
    replaced_count = models.PositiveIntegerField(_("替换行数"), default=0)
    summary = models.CharField(_("覆盖范围"), max_length=500, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("数据导入记录")
        ordering = ("-imported_at", "-pk")

    def __str__(self):
        return f"{self.file_name} · {self.imported_at:%Y-%m-%d %H:%M}"


def _candidate(related_name: str) -> models.ForeignKey:
    return belongs_to("evaluation.Candidate", related_name, _("候选对象"))


def _period(related_name: str) -> models.ForeignKey:
    return belongs_to(Period, related_name, _("周期"))


def _platform() -> models.CharField:
    return models.CharField(_("平台"), max_length=10, choices=Platform.choices)


def _source(related_name: str, verbose_name) -> models.ForeignKey:
    """The import that wrote the row, if one did."""
    return models.ForeignKey(
        MetricImport,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def _count(verbose_name) -> models.BigIntegerField:
    """One metric's number; blank where the export had no such column (a gap, not a zero)."""
    return models.BigIntegerField(verbose_name, null=True, blank=True)


class MetricValues(models.Model):
    """The fixed metric set as columns (vocabulary.METRICS names them), plus custom ones: one
    candidate's numbers on one platform for one period, current (MetricRow) or replaced."""

    posts = _count(_("发文数"))
    headline_posts = _count(_("头条篇数"))
    reads = _count(_("总阅读数"))
    headline_reads = _count(_("头条阅读数"))
    max_reads = _count(_("最高阅读数"))
    likes = _count(_("点赞数"))
    zaikan = _count(_("在看数"))
    comments = _count(_("评论数"))
    forwards = _count(_("转发数"))
    followers = _count(_("粉丝数"))
    headline_likes = _count(_("头条点赞数"))
    headline_zaikan = _count(_("头条在看数"))
    headline_forwards = _count(_("头条转发数"))
    max_likes = _count(_("最高点赞数"))
    max_zaikan = _count(_("最高在看数"))
    max_forwards = _count(_("最高转发数"))
    # {CustomMetric.key: number}
    extra = models.JSONField(_("自定义指标"), default=dict, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.candidate} · {self.period} · {self.get_platform_display()}"


class MetricRow(MetricValues):
    """One candidate's numbers on one platform for one period (the current values)."""

    candidate = _candidate("metric_rows")
    period = _period("metric_rows")
    platform = _platform()
    source = _source("rows", _("导入记录"))

    class Meta:
        verbose_name = verbose_name_plural = _("指标数据")
        ordering = ("candidate", "period", "platform")
        constraints = (
            models.UniqueConstraint(
                fields=("candidate", "period", "platform"), name="metricrow_unique"
            ),
            models.CheckConstraint(
                condition=Q(platform__in=Platform.values), name="metricrow_platform_valid"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{key}__isnull": True}) | Q(**{f"{key}__gte": 0}),
                    name=f"metricrow_{key}_not_negative",
                )
                for key in METRIC_KEYS
            ),
        )


class MetricRowHistory(MetricValues):
    """A row that a later import replaced, kept as it was."""

    candidate = _candidate("replaced_rows")
    period = _period("replaced_rows")
    platform = _platform()
    source = _source("+", _("原导入记录"))
    replaced_by = belongs_to(MetricImport, "replaced_rows", _("被此次导入替换"))

    class Meta:
        verbose_name = verbose_name_plural = _("被替换的指标数据")
        ordering = ("-replaced_by", "candidate", "period", "platform")
