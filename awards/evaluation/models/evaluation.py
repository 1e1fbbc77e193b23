"""An evaluation of one award list, its candidates with their stored results, and overrides."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from awards.evaluation.models.fields import acting_user, belongs_to, part_of_evaluation
from awards.evaluation.vocabulary import Scale
from awards.models import AwardList, Case, Nominee


class Evaluation(models.Model):
    """How one award list is decided from data (评估): settings, versions, what is published."""

    award_list = models.OneToOneField(
        AwardList, on_delete=models.CASCADE, related_name="evaluation", verbose_name=_("榜单")
    )
    preset = models.CharField(_("评价体系来源"), max_length=40, blank=True)
    data_source = models.CharField(
        _("数据来源"), max_length=200, blank=True, help_text=_("公开展示,例如:清博大数据。")
    )
    snapshot_rule = models.CharField(
        _("数据快照规则"),
        max_length=300,
        blank=True,
        help_text=_("例如:取每月最后一天的快照。公式本身没有规定,由主办方说明。"),
    )
    # Index → score: the weighted sum of the top dimensions, then × factor, then ^ power
    # (WCI V14.2: power 2, factor 12, i.e. (…)² × 1.2 × 10).
    final_power = models.FloatField(_("总分幂次"), default=1.0)
    final_factor = models.FloatField(_("总分系数"), default=1.0)
    scale = models.CharField(
        _("指数换算为百分制"), max_length=8, choices=Scale.choices, default=Scale.SHARE_OF_BEST
    )
    jury_weight = models.PositiveSmallIntegerField(
        _("评审分权重(%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("综合得分中评审分所占的百分比;0 表示只按数据排名。"),
    )
    ranked = models.BooleanField(
        _("写入名次"), default=True, help_text=_("提交为榜单时,是否把名次一并写入奖项。")
    )
    publish_method = models.BooleanField(_("公开评选方法"), default=False)
    publish_scores = models.BooleanField(_("公开获奖者得分"), default=False)
    # Bumped by every change of the definition / of the data; each stored result names the
    # versions it was computed from, so a stale ranking can be told from a current one.
    definition_version = models.PositiveIntegerField(_("评价体系版本"), default=1)
    data_version = models.PositiveIntegerField(_("数据版本"), default=0)
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("提交为榜单时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("评估")
        ordering = ("-award_list__edition__year", "award_list__position", "pk")
        constraints = (
            models.CheckConstraint(
                condition=Q(jury_weight__gte=0) & Q(jury_weight__lte=100),
                name="evaluation_jury_weight_percent",
            ),
            models.CheckConstraint(
                condition=Q(scale__in=("best", "minmax", "none")), name="evaluation_scale_valid"
            ),
            models.CheckConstraint(condition=Q(final_factor__gt=0), name="evaluation_factor_pos"),
            models.CheckConstraint(condition=Q(final_power__gt=0), name="evaluation_power_pos"),
        )

    def __str__(self):
        return str(self.award_list)

    # No get_absolute_url: an evaluation has no public page of its own (its method shows on
    # the list's page), and the admin's "view on site" must not point back into the admin.


class Candidate(models.Model):
    """A nominee (and, in a case list, its case) evaluated for the list, with its results."""

    evaluation = part_of_evaluation("candidates")
    nominee = models.ForeignKey(
        Nominee,
        on_delete=models.PROTECT,
        related_name="evaluation_candidacies",
        verbose_name=_("候选对象"),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluation_candidacies",
        verbose_name=_("案例"),
    )
    # Stored results, written set-based by services.recompute / services.set_jury_scores.
    data_index = models.FloatField(_("数据指数"), null=True, blank=True)
    data_score = models.FloatField(_("数据得分(百分制)"), null=True, blank=True)
    dimension_scores = models.JSONField(_("各维度得分"), default=dict, blank=True)
    jury_score = models.FloatField(
        _("评审分"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    total = models.FloatField(_("综合得分"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("名次"), null=True, blank=True)
    gaps = models.JSONField(_("数据缺口"), default=list, blank=True)
    definition_version = models.PositiveIntegerField(_("评价体系版本"), null=True, blank=True)
    data_version = models.PositiveIntegerField(_("数据版本"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("候选对象")
        ordering = ("evaluation", "rank", "pk")
        constraints = (
            models.UniqueConstraint(
                fields=("evaluation", "nominee"),
                condition=Q(case__isnull=True),
                name="candidate_unique_nominee",
            ),
            models.UniqueConstraint(
                fields=("evaluation", "case"),
                condition=Q(case__isnull=False),
                name="candidate_unique_case",
            ),
            models.CheckConstraint(
                condition=Q(jury_score__isnull=True)
                | (Q(jury_score__gte=0) & Q(jury_score__lte=100)),
                name="candidate_jury_score_range",
            ),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(rank__gte=1), name="candidate_rank_positive"
            ),
        )
        indexes = (models.Index(fields=("evaluation", "rank"), name="candidate_rank"),)

    def __str__(self):
        if self.case_id:
            return f"{self.nominee} · {self.case}"
        return str(self.nominee)

    def get_absolute_url(self):
        return reverse("admin:evaluation_candidate_explain", args=(self.pk,))


class Override(models.Model):
    """An organizer's decision that moves a candidate against the data (经评审调整), with reason."""

    class Kind(models.TextChoices):
        EXCLUDE = "exclude", _("取消资格(不入选)")
        INCLUDE = "include", _("确认入选(不受分数线限制)")

    candidate = belongs_to(Candidate, "overrides", _("候选对象"))
    kind = models.CharField(_("调整"), max_length=8, choices=Kind.choices)
    reason = models.TextField(_("原因"))
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    created_by = acting_user()
    # Withdrawn overrides stay as history; only those with no revoked_at count.
    revoked_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("评审调整")
        ordering = ("-created_at", "-pk")
        constraints = (
            models.CheckConstraint(
                condition=Q(kind__in=("exclude", "include")), name="override_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="override_has_reason"),
            models.UniqueConstraint(
                fields=("candidate",),
                condition=Q(revoked_at__isnull=True),
                name="override_one_active",
            ),
        )

    def __str__(self):
        return f"{self.candidate} · {self.get_kind_display()}"
