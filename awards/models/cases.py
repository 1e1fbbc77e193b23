"""A case: a piece of work credited to a nominee, with the unit that made or submitted it."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards import codes, querysets
from awards.models.base import import_permission
from awards.models.nominees import Nominee
from awards.pinyin import spell_row, stored_forms_field
from awards.text import RefusesDirectionControls, clean_text, clean_title, search_key


class UnitRole(models.TextChoices):
    """What a case's second unit did."""

    PRODUCER = "producer", _("制作单位")
    SUBMITTER = "submitter", _("报送单位")


class Case(RefusesDirectionControls, models.Model):
    """A piece of work credited to a nominee, honoured in a case list."""

    nominee = models.ForeignKey(
        Nominee, on_delete=models.PROTECT, related_name="cases", verbose_name=_("署名单位")
    )
    title = models.CharField(_("案例标题"), max_length=300)
    summary = models.TextField(_("案例简介"), blank=True)
    # A case award often names the leading unit (the nominee) and one that made or submitted it.
    second_unit = models.CharField(_("第二单位"), max_length=200, blank=True)
    second_unit_role = models.CharField(
        _("第二单位角色"), max_length=16, choices=UnitRole.choices, blank=True
    )
    # Derived from the title on save: folded so that search ignores spaces, case and
    # simplified/traditional (网路理政 finds 網路理政平台). The database default lets the
    # column be added in place (SQLite would otherwise rebuild the table and its triggers).
    search_text = models.TextField(_("检索文本"), blank=True, editable=False, db_default="")
    # Derived from the title with search_text, as Edition.pinyin.
    pinyin = stored_forms_field()
    # Names the case in workbooks (案例编号) on every site: random (awards.codes), so a
    # workbook exported here names the same case wherever it is imported; ids differ by site.
    key = models.CharField(
        _("案例编号"),
        max_length=codes.CASE_KEY_LENGTH,
        default=codes.new_case_key,
        editable=False,
    )

    history = HistoricalRecords()
    objects = querysets.CaseQuerySet.as_manager()

    class Meta:
        verbose_name = verbose_name_plural = _("案例")
        ordering = ("nominee__name", "title")
        permissions = (import_permission("case", "case"),)
        constraints = (
            models.UniqueConstraint(fields=("nominee", "title"), name="case_unique_title"),
            models.CheckConstraint(condition=~Q(title=""), name="case_title_not_empty"),
            # A second unit always says what it did, and a role always names its unit.
            models.CheckConstraint(
                condition=(Q(second_unit="") & Q(second_unit_role=""))
                | (~Q(second_unit="") & Q(second_unit_role__in=("producer", "submitter"))),
                name="case_second_unit_has_role",
            ),
            models.UniqueConstraint(fields=("key",), name="case_unique_key"),
        )

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.refresh_search_text()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:case", kwargs={"pk": self.pk})

    def natural_key(self):
        return (*self.nominee.natural_key(), self.title)

    natural_key.dependencies = ["awards.nominee"]

    def clean(self):
        # Stored without the outer 《》 a news report prints; pages add them once.
        self.title = clean_title(self.title)
        self.second_unit = clean_text(self.second_unit)
        if bool(self.second_unit) != bool(self.second_unit_role):
            field = "second_unit_role" if self.second_unit else "second_unit"
            raise ValidationError({field: _("第二单位和它的角色(制作单位或报送单位)要一起填写。")})

    def refresh_search_text(self) -> None:
        """Derive search_text and pinyin; bulk writers that skip save() call this themselves."""
        # The English title after a line break, which no search key holds: a query never
        # matches across the two, and highlighting positions in the Chinese title stay right.
        # The second unit on a line of its own, for the same reason.
        english = search_key(self.title_en) if self.title_en else ""
        unit = search_key(self.second_unit) if self.second_unit else ""
        self.search_text = "\n".join(
            part for part in (search_key(self.title), english, unit) if part
        )
        self.pinyin = spell_row(self)
