"""An edition: one yearly summit, its dates, organizers and source, and when it is public."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards import querysets
from awards.models.base import FIRST_YEAR, LAST_YEAR, import_permission, plausible_year
from awards.pinyin import spell_row, stored_forms_field
from awards.text import RefusesDirectionControls


class Edition(RefusesDirectionControls, models.Model):
    """One yearly summit and the lists it announced."""

    year = models.PositiveSmallIntegerField(
        _("年份"),
        unique=True,
        validators=plausible_year(),
    )
    name = models.CharField(_("名称"), max_length=200)
    held_on = models.DateField(_("举办日期"))
    guided_by = models.CharField(_("指导单位"), max_length=200, blank=True)
    hosted_by = models.CharField(_("主办单位"), max_length=200, blank=True)
    organized_by = models.CharField(_("承办单位"), max_length=200, blank=True)
    venue = models.CharField(_("举办地点"), max_length=200, blank=True)
    summary = models.TextField(_("简介"), blank=True)
    source_title = models.CharField(_("来源标题"), max_length=300, blank=True)
    source_publisher = models.CharField(_("来源媒体"), max_length=200, blank=True)
    source_date = models.DateField(_("来源日期"), null=True, blank=True)
    source_url = models.URLField(_("来源链接"), max_length=500, blank=True)
    published_at = models.DateTimeField(
        _("发布时间"),
        null=True,
        blank=True,
        help_text=_("留空为草稿;填写将来的时间即定时发布,到时公众才能看到。"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    pinyin = stored_forms_field()  # derived on save (awards.pinyin)

    history = HistoricalRecords()
    objects = querysets.EditionQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("届次")
        ordering = ("-year",)
        permissions = (import_permission("edition", "edition"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_YEAR) & Q(year__lte=LAST_YEAR),
                name="edition_year_plausible",
            ),
        )

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.pinyin = spell_row(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:edition", kwargs={"year": self.year})

    def natural_key(self):
        return (self.year,)

    @property
    def status(self) -> str:
        """draft, scheduled or published, judged now."""
        if self.published_at is None:
            return "draft"
        if self.published_at > timezone.now():
            return "scheduled"
        return "published"

    @property
    def is_public(self) -> bool:
        return self.status == "published"
