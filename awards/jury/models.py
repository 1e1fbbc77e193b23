"""Jury tables: the scoresheet of an evaluation, its criteria, judges, assignments and scores."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards.jury import querysets

# The tables of awards.evaluation this app hangs on (see adapter.py).
EVALUATION = "evaluation.Evaluation"
CANDIDATE = "evaluation.Candidate"


class Scoresheet(models.Model):
    """How the jury of one evaluation scores and how its scores are combined."""

    evaluation = models.OneToOneField(
        EVALUATION, on_delete=models.CASCADE, related_name="scoresheet", verbose_name=_("评选")
    )
    normalised = models.BooleanField(
        _("按评委标准化"),
        default=False,
        help_text=_("每位评委的分数先换算为标准分(z 分数),再还原到全体评分的均值和离散度。"),
    )
    trimmed = models.BooleanField(
        _("去掉最高分和最低分"), default=False, help_text=_("至少 5 位评委评分时才去掉。")
    )
    show_data_index = models.BooleanField(_("评委可见数据指数"), default=False)
    publish_panel = models.BooleanField(
        _("公布评审专家名单"), default=False, help_text=_("公开页面列出评委姓名;分数始终不公开。")
    )
    computed_at = models.DateTimeField(_("计算时间"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评分表")
        ordering = ("pk",)
        permissions = (("manage_jury", _("Can manage jury review")),)

    def __str__(self):
        return str(self.evaluation)

    def get_absolute_url(self):
        return reverse("jury:progress", kwargs={"evaluation": self.evaluation_id})


class Criterion(models.Model):
    """One line of the scoresheet: a weight in percent and the scale judges score on."""

    scoresheet = models.ForeignKey(
        Scoresheet, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("评分表")
    )
    name = models.CharField(_("评分项"), max_length=100)
    description = models.TextField(_("说明"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("权重(%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_min = models.PositiveSmallIntegerField(_("最低分"), default=0)
    scale_max = models.PositiveSmallIntegerField(_("最高分"), default=10)
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("评分项")
        ordering = ("scoresheet", "position", "pk")
        constraints = (
            models.UniqueConstraint(fields=("scoresheet", "name"), name="criterion_unique_name"),
            models.CheckConstraint(
                condition=Q(weight__gte=1) & Q(weight__lte=100), name="criterion_weight_percent"
            ),
            models.CheckConstraint(
                condition=Q(scale_max__gt=F("scale_min")), name="criterion_scale_ordered"
            ),
        )

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class Judge(models.Model):
    """A judge's account and declared affiliations (利益冲突申报)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="judge",
        verbose_name=_("账号"),
    )
    name = models.CharField(_("姓名"), max_length=100)
    title = models.CharField(_("单位职务"), max_length=200, blank=True)
    affiliated_nominees = models.ManyToManyField(
        "awards.Nominee",
        blank=True,
        related_name="affiliated_judges",
        verbose_name=_("关联的单位和账号"),
        help_text=_("评委任职、供职或运营的单位和账号:与其相关的候选不会分配给该评委。"),
    )
    affiliated_names = models.TextField(
        _("其他关联名称"),
        blank=True,
        help_text=_("每行一个单位或账号名称,与候选的名称和别名比对。"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评委")
        ordering = ("name", "pk")

    def __str__(self):
        return self.name


class PanelMember(models.Model):
    """A judge on one evaluation's panel; submitted once all their sheets are done."""

    scoresheet = models.ForeignKey(
        Scoresheet, on_delete=models.CASCADE, related_name="members", verbose_name=_("评分表")
    )
    judge = models.ForeignKey(
        Judge, on_delete=models.PROTECT, related_name="panels", verbose_name=_("评委")
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评审组成员")
        ordering = ("scoresheet", "judge__name", "pk")
        constraints = (
            models.UniqueConstraint(fields=("scoresheet", "judge"), name="panelmember_unique"),
        )

    def __str__(self):
        return f"{self.judge} · {self.scoresheet}"


class Assignment(models.Model):
    """A candidate given to a panel member, or withheld from them for a conflict of interest.

    A declared conflict (from the judge's affiliations) is recorded here but never shown to the
    judge; a self-recusal keeps the row visible with the judge's reason. Either way no score.
    """

    class Recusal(models.TextChoices):
        NONE = "", _("无")
        DECLARED = "declared", _("申报关联,不分配")
        SELF = "self", _("评委回避")

    member = models.ForeignKey(
        PanelMember, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("评委")
    )
    candidate = models.ForeignKey(
        CANDIDATE, on_delete=models.CASCADE, related_name="jury_assignments", verbose_name=_("候选")
    )
    recusal = models.CharField(
        _("回避"), max_length=16, choices=Recusal.choices, default=Recusal.NONE, blank=True
    )
    recusal_reason = models.CharField(_("回避原因"), max_length=300, blank=True)
    # Derived on save of a score (services.save_scores): all criteria have a value.
    complete = models.BooleanField(_("已评完"), default=False)

    history = HistoricalRecords()
    objects = querysets.AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("评审分配")
        ordering = ("member", "pk")
        constraints = (
            models.UniqueConstraint(fields=("member", "candidate"), name="assignment_unique"),
            models.CheckConstraint(
                condition=Q(recusal__in=("", "declared", "self")), name="assignment_recusal_valid"
            ),
            models.CheckConstraint(
                condition=Q(recusal="") | ~Q(recusal_reason=""), name="assignment_recusal_reason"
            ),
        )

    def __str__(self):
        return f"{self.member.judge} → {self.candidate}"

    def get_absolute_url(self):
        return reverse(
            "jury:score",
            kwargs={"evaluation": self.member.scoresheet.evaluation_id, "assignment": self.pk},
        )


class Score(models.Model):
    """One judge's value for one criterion of one candidate (a draft until submitted)."""

    assignment = models.ForeignKey(
        Assignment, on_delete=models.CASCADE, related_name="scores", verbose_name=_("评审分配")
    )
    criterion = models.ForeignKey(
        Criterion, on_delete=models.CASCADE, related_name="scores", verbose_name=_("评分项")
    )
    value = models.DecimalField(_("分数"), max_digits=5, decimal_places=1, null=True, blank=True)
    comment = models.CharField(_("评语"), max_length=500, blank=True)

    # Every change, draft or amendment, is kept; amendments after publication carry a reason.
    history = HistoricalRecords()

    class Meta:
        verbose_name = verbose_name_plural = _("评分")
        ordering = ("assignment", "criterion")
        # What the 评委 group holds: score one's own assignments on the judging pages.
        permissions = (("score_candidates", _("Can score assigned candidates")),)
        constraints = (
            models.UniqueConstraint(fields=("assignment", "criterion"), name="score_unique"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="score_not_negative"
            ),
        )

    def __str__(self):
        return f"{self.criterion}: {self.value}"


class JuryResult(models.Model):
    """The computed jury score of one candidate with its spread (stored by services.recompute)."""

    candidate = models.OneToOneField(
        CANDIDATE, on_delete=models.CASCADE, related_name="jury_result", verbose_name=_("候选")
    )
    score = models.FloatField(_("评委得分"))
    judges = models.PositiveSmallIntegerField(_("评分评委数"))
    used = models.PositiveSmallIntegerField(_("计入评委数"))
    low = models.FloatField(_("最低"))
    high = models.FloatField(_("最高"))
    std = models.FloatField(_("标准差"))
    recusals = models.PositiveSmallIntegerField(_("回避数"), default=0)

    class Meta:
        verbose_name = verbose_name_plural = _("评委得分")
        ordering = ("-score", "pk")
        constraints = (
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="juryresult_score_range"
            ),
        )

    def __str__(self):
        return f"{self.candidate}: {self.score:.2f}"
