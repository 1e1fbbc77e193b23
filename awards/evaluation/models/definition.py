"""The index definition (评价体系): a tree of weighted dimensions with leaf indicators."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from awards.evaluation.models.fields import belongs_to, part_of_evaluation, weight, weight_percent
from awards.evaluation.vocabulary import (
    METRIC_KEYS,
    Formula,
    Normalisation,
    Platform,
    Transform,
)

_METRIC_CHOICES = tuple((key, key) for key in METRIC_KEYS)


class WeightedPart(models.Model):
    """What a dimension and an indicator share: an English name beside the Chinese one, a
    weight in percent of its parent's, and a place among its siblings."""

    name_en = models.CharField(_("英文名称"), max_length=80, blank=True)
    weight = weight()
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        abstract = True
        # %(class)s: dimension_weight_percent, indicator_weight_percent.
        constraints = (weight_percent("%(class)s_weight_percent"),)

    def __str__(self):
        return self.name


class Dimension(WeightedPart):
    """A weighted node of the tree (e.g. 传播力 40 %); its children's weights sum to 100 %."""

    evaluation = part_of_evaluation("dimensions")
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("上级维度"),
    )
    name = models.CharField(_("维度"), max_length=60)

    class Meta(WeightedPart.Meta):
        verbose_name = verbose_name_plural = _("评价维度")
        ordering = ("evaluation", "position", "pk")
        constraints = (
            *WeightedPart.Meta.constraints,
            models.CheckConstraint(condition=~Q(name=""), name="dimension_named"),
        )


class Indicator(WeightedPart):
    """A leaf: one metric through a formula, a transform and a normalisation, with a weight."""

    dimension = belongs_to(Dimension, "indicators", _("维度"))
    name = models.CharField(_("指标"), max_length=60)
    formula = models.CharField(_("计算方式"), max_length=12, choices=Formula.choices)
    metric = models.CharField(_("数据项"), max_length=20, choices=_METRIC_CHOICES, blank=True)
    custom_metric = models.ForeignKey(
        "evaluation.CustomMetric",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("自定义数据项"),
    )
    # The denominator of a rate (e.g. 点赞数 ÷ 总阅读数).
    per_metric = models.CharField(
        _("比率的分母"), max_length=20, choices=_METRIC_CHOICES, blank=True
    )
    platform = models.CharField(
        _("平台"),
        max_length=10,
        choices=Platform.choices,
        blank=True,
        help_text=_("留空为所有平台合计。"),
    )
    transform = models.CharField(
        _("变换"), max_length=8, choices=Transform.choices, default=Transform.NONE
    )
    exponent = models.FloatField(_("幂次 p"), default=1.0)
    normalisation = models.CharField(
        _("归一化"), max_length=8, choices=Normalisation.choices, default=Normalisation.NONE
    )

    class Meta(WeightedPart.Meta):
        verbose_name = verbose_name_plural = _("评价指标")
        ordering = ("dimension", "position", "pk")
        constraints = (
            *WeightedPart.Meta.constraints,
            models.CheckConstraint(
                condition=Q(formula__in=Formula.values), name="indicator_formula_valid"
            ),
            models.CheckConstraint(
                condition=Q(transform__in=Transform.values), name="indicator_transform_valid"
            ),
            models.CheckConstraint(
                condition=Q(normalisation__in=Normalisation.values),
                name="indicator_normalisation_valid",
            ),
            # Exactly one source: a fixed metric or a custom one.
            models.CheckConstraint(
                condition=(Q(metric="") & Q(custom_metric__isnull=False))
                | (~Q(metric="") & Q(custom_metric__isnull=True)),
                name="indicator_one_source",
            ),
            models.CheckConstraint(
                condition=~Q(formula="rate") | ~Q(per_metric=""), name="indicator_rate_has_per"
            ),
            models.CheckConstraint(condition=Q(exponent__gt=0), name="indicator_exponent_pos"),
        )
