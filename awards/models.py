"""The awards domain: editions, their award lists, nominees, cases and awards."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from awards import codes, querysets
from awards.pinyin import search_blob, sort_key, spell_row
from awards.slugs import mint_slug, unnamed_slug  # noqa: F401 (unnamed_slug: public here)
from awards.text import RefusesDirectionControls, clean_text, clean_title, search_key


def _import_permission(model_name: str, label: str) -> tuple[str, str]:
    # django-import-export checks "<app>.import_<model>" (IMPORT_EXPORT_IMPORT_PERMISSION_CODE).
    return (f"import_{model_name}", f"Can import {label}")


class Edition(RefusesDirectionControls, models.Model):
    """One yearly summit and the lists it announced."""

    year = models.PositiveSmallIntegerField(
        _("年份"),
        unique=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2200)],
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
    # Derived on save: the words and syllables of every Han name (awards.pinyin.stored_forms),
    # so English pages spell them without loading the dictionaries. A column default lets
    # SQLite add these fields in place (no table rebuild, no lost trigger).
    pinyin = models.TextField(_("拼音"), blank=True, editable=False, db_default="")

    history = HistoricalRecords()
    objects = querysets.EditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        ordering = ("-year",)
        permissions = (_import_permission("edition", "edition"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(year__gte=1990) & Q(year__lte=2200),
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


# /<year>/stats/ is the edition's statistics page, so no list may take that slug.
RESERVED_LIST_SLUGS = ("stats", "corrections")


class AwardList(RefusesDirectionControls, models.Model):
    """One named list within an edition, e.g. 2022年优秀政务新媒体."""

    class Kind(models.TextChoices):
        NOMINEES = "nominees", _("获奖名单")
        CASES = "cases", _("案例名单")

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="award_lists", verbose_name=_("届次")
    )
    # Blank when the source announced the list without naming it: it is shown as
    # 名称未公布的榜单 with its position (unnamed_label), never under an invented name.
    name = models.CharField(
        _("榜单名称"),
        max_length=200,
        blank=True,
        help_text=_("来源没有公布名称时留空,页面显示为“名称未公布的榜单”。"),
    )
    slug = models.SlugField(_("网址标识"), max_length=80)
    # The year the list honours; many summits hold the ceremony the year after (2021届 names
    # 2020年优秀政务新媒体). Kept on the list, not the edition: one edition may mix both.
    review_year = models.PositiveSmallIntegerField(
        _("评选年度"),
        blank=True,
        validators=[MinValueValidator(1990), MaxValueValidator(2200)],
        help_text=_("榜单评选的年度;留空即为届次的年份。"),
    )
    source_unpublished = models.BooleanField(
        _("来源未公布名单"),
        default=False,
        help_text=_("来源只公布了榜单、没有公布获奖名单时勾选;页面会如实说明。"),
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices, default=Kind.NOMINEES)
    announced_count = models.PositiveIntegerField(
        _("公布数量"),
        null=True,
        blank=True,
        help_text=_("主办方公布的获奖数量,可以多于已录入的数量;未知时留空。"),
    )
    description = models.TextField(_("说明"), blank=True)
    # Derived on save, as Edition.pinyin.
    pinyin = models.TextField(_("拼音"), blank=True, editable=False, db_default="")

    history = HistoricalRecords()
    objects = querysets.AwardListQuerySet.as_manager()

    class Meta:
        verbose_name = _("榜单")
        verbose_name_plural = _("榜单")
        ordering = ("edition", "position", "pk")
        permissions = (_import_permission("awardlist", "award list"),)
        constraints = (
            models.UniqueConstraint(fields=("edition", "slug"), name="awardlist_unique_slug"),
            # Unnamed lists (blank) may be several in one edition.
            models.UniqueConstraint(
                fields=("edition", "name"),
                condition=~Q(name=""),
                name="awardlist_unique_name",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=("nominees", "cases")), name="awardlist_kind_valid"
            ),
        )

    def __str__(self):
        # Two editions may both hold a 十佳案例: the admin (delete confirmations, deleted
        # records, pickers, history) must tell them apart.
        try:
            year = self.edition.year if self.edition_id else None
        except Edition.DoesNotExist:  # a deleted list's record whose edition is gone too
            year = None
        return self.label(self.shown_name, year)

    def save(self, *args, **kwargs):
        # The review year defaults to the edition's year (the common case, and every old list).
        if self.review_year is None and self.edition_id:
            self.review_year = self.edition.year
        self.pinyin = spell_row(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:award-list", kwargs={"year": self.edition.year, "slug": self.slug})

    @property
    def shown_name(self) -> str:
        """The name as published, or 名称未公布的榜单(第N个) for a list the source left unnamed."""
        return self.name or self.unnamed_label()

    def unnamed_label(self) -> str:
        return _("名称未公布的榜单(第%(position)s个)") % {"position": self.position}

    def natural_key(self):
        return (*self.edition.natural_key(), self.slug)

    natural_key.dependencies = ["awards.edition"]

    @property
    def is_case_list(self) -> bool:
        return self.kind == self.Kind.CASES

    @staticmethod
    def label(name: str, year: int | None) -> str:
        """A list's name with its edition's year, unless the name already holds it."""
        if year is None or str(year) in name:
            return name
        return _("%(name)s(%(year)s届)") % {"name": name, "year": year}

    def clean(self):
        if self.slug in RESERVED_LIST_SLUGS:
            raise ValidationError(
                {
                    "slug": _(
                        "「%(slug)s」已用作本届其他页面(统计、更正记录)的网址,请换一个网址标识。"
                    )
                    % {"slug": self.slug}
                }
            )


class Nominee(RefusesDirectionControls, models.Model):
    """A winner that persists across editions: an account, outlet, creator or organization."""

    class Kind(models.TextChoices):
        ACCOUNT = "account", _("政务新媒体账号")
        MEDIA = "media", _("媒体")
        SELF_MEDIA = "self_media", _("自媒体")
        ORGANIZATION = "organization", _("单位")

    name = models.CharField(_("名称"), max_length=200, unique=True)
    slug = models.SlugField(
        _("网址标识"),
        max_length=80,
        unique=True,
        blank=True,
        help_text=_("由名称的拼音自动生成,之后改名也不变,以免旧链接失效。"),
    )
    kind = models.CharField(_("类型"), max_length=16, choices=Kind.choices)
    aliases = models.JSONField(
        _("别名"),
        default=list,
        blank=True,
        help_text=_("其他名称,例如微博名或运营单位全称。"),
    )
    description = models.TextField(_("简介"), blank=True)
    links = models.JSONField(_("链接"), default=list, blank=True)
    # Derived from the names, aliases and English description on save; lets search match
    # pinyin, initials and English words.
    search_text = models.TextField(_("检索文本"), blank=True, editable=False)
    # Derived from the name on save: the pinyin order of the nominee index (/nominees/).
    sort_key = models.CharField(_("排序键"), max_length=200, blank=True, editable=False)
    # Derived on save from the name and aliases, as Edition.pinyin (English pages, highlighting).
    pinyin = models.TextField(_("拼音"), blank=True, editable=False, db_default="")

    history = HistoricalRecords()
    objects = querysets.NomineeQuerySet.as_manager()

    class Meta:
        verbose_name = _("获奖对象")
        verbose_name_plural = _("获奖对象")
        ordering = ("name",)
        permissions = (_import_permission("nominee", "nominee"),)
        constraints = (
            models.CheckConstraint(
                condition=Q(kind__in=("account", "media", "self_media", "organization")),
                name="nominee_kind_valid",
            ),
            models.CheckConstraint(condition=~Q(name=""), name="nominee_name_not_empty"),
        )
        indexes = (models.Index(fields=("sort_key", "name"), name="nominee_sort_key"),)

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # The slug is minted once and never follows later renames: shared links must last.
        if not self.slug:
            self.slug = self._unique_slug()
        self.refresh_derived()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("awards:nominee", kwargs={"slug": self.slug})

    def refresh_derived(self) -> None:
        """Derive search text, sort key and pinyin; bulk writers that skip save() call this."""
        self.search_text = self.build_search_text()
        self.sort_key = sort_key(self.name)
        self.pinyin = spell_row(self)

    def build_search_text(self) -> str:
        """Every form a visitor may type: names, aliases, pinyin, initials, English words."""
        english = [value for value in (self.name_en, self.description_en) if value]
        return search_blob(self.name, *self.aliases, *english)

    def natural_key(self):
        return (self.name,)

    def clean(self):
        self.name = clean_text(self.name)
        if not isinstance(self.aliases, list) or not all(isinstance(a, str) for a in self.aliases):
            raise ValidationError({"aliases": _("别名必须是文字列表。")})
        self.aliases = [a for a in (clean_text(a) for a in self.aliases) if a and a != self.name]
        if not isinstance(self.links, list):
            raise ValidationError({"links": _("链接必须是网址列表。")})
        validate = URLValidator(schemes=("http", "https"))
        for link in self.links:
            try:
                validate(link)
            except ValidationError:
                raise ValidationError(
                    {"links": _("「%(link)s」不是有效的网址。") % {"link": link}}
                ) from None

    def _unique_slug(self) -> str:
        return mint_slug(self.name, existing=Nominee.objects.exclude(pk=self.pk))


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
    pinyin = models.TextField(_("拼音"), blank=True, editable=False, db_default="")
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
        verbose_name = _("案例")
        verbose_name_plural = _("案例")
        ordering = ("nominee__name", "title")
        permissions = (_import_permission("case", "case"),)
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


class Award(RefusesDirectionControls, models.Model):
    """One placement of a nominee (and, in case lists, its case) in an award list."""

    award_list = models.ForeignKey(
        AwardList, on_delete=models.CASCADE, related_name="awards", verbose_name=_("榜单")
    )
    position = models.PositiveIntegerField(_("顺序"))
    nominee = models.ForeignKey(
        Nominee, on_delete=models.PROTECT, related_name="awards", verbose_name=_("获奖对象")
    )
    # The name the award was announced under, as the source printed it. Renames and merges
    # change the nominee, never this: every channel prints it, linked to the nominee.
    announced_name = models.CharField(
        _("获奖时名称"),
        max_length=200,
        blank=True,
        help_text=_(
            "公布时使用的名称;留空则取获奖对象当前的名称。获奖对象日后改名或合并,它都不变。"
        ),
    )
    case = models.ForeignKey(
        Case,
        on_delete=models.PROTECT,
        related_name="awards",
        null=True,
        blank=True,
        verbose_name=_("案例"),
    )
    rank = models.PositiveSmallIntegerField(
        _("名次"), null=True, blank=True, help_text=_("可以并列:两个奖项可以同为第3名。")
    )
    level = models.CharField(
        _("等级"), max_length=50, blank=True, help_text=_("例如:一等奖、提名。")
    )
    withdrawn_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("撤销原因"), blank=True)
    # Printed on the certificate and looked up at /verify/<code>/. Random, never derived from
    # the id; once issued the database keeps it for good (migration 0007's trigger ignores any
    # UPDATE of it, so loaddata, imports and merges cannot change a code already handed out).
    verification_code = models.CharField(
        _("验证码"), max_length=codes.LENGTH, default=codes.new_code, editable=False
    )

    history = HistoricalRecords()
    objects = querysets.AwardQuerySet.as_manager()

    class Meta:
        verbose_name = _("奖项")
        verbose_name_plural = _("奖项")
        ordering = ("award_list", "position")
        permissions = (_import_permission("award", "award"),)
        constraints = (
            models.UniqueConstraint(
                fields=("award_list", "position"), name="award_unique_position"
            ),
            models.UniqueConstraint(fields=("award_list", "nominee"), name="award_unique_nominee"),
            models.UniqueConstraint(fields=("award_list", "case"), name="award_unique_case"),
            models.CheckConstraint(
                condition=Q(withdrawn_at__isnull=True) | ~Q(withdrawal_reason=""),
                name="award_withdrawal_has_reason",
            ),
            models.CheckConstraint(condition=Q(rank__gte=1), name="award_rank_positive"),
            models.UniqueConstraint(fields=("verification_code",), name="award_unique_code"),
            models.CheckConstraint(
                condition=~Q(announced_name=""), name="award_announced_name_not_empty"
            ),
        )

    def __str__(self):
        return f"{self.award_list} · {self.announced_name or self.nominee}"

    def save(self, *args, **kwargs):
        # Announced under the nominee's name of the day unless the source said otherwise.
        if not self.announced_name and self.nominee_id:
            self.announced_name = self.nominee.name
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        if self.case_id:
            return reverse("awards:case", kwargs={"pk": self.case_id})
        return self.award_list.get_absolute_url()

    def natural_key(self):
        return (*self.award_list.natural_key(), self.position)

    natural_key.dependencies = ["awards.awardlist", "awards.nominee", "awards.case"]

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def clean(self):
        errors = {}
        award_list = self.award_list if self.award_list_id else None
        if award_list is not None:
            if award_list.is_case_list and self.case_id is None:
                errors["case"] = _("案例榜单中的每个奖项都必须指定案例。")
            if not award_list.is_case_list and self.case_id is not None:
                errors["case"] = _("这是获奖名单,奖项不能指定案例。")
        if self.case_id and self.nominee_id and self.case.nominee_id != self.nominee_id:
            errors["case"] = _("案例「%(case)s」属于「%(owner)s」,与获奖对象不一致。") % {
                "case": self.case.title,
                "owner": self.case.nominee.name,
            }
        self.announced_name = clean_text(self.announced_name)
        if not self.announced_name and self.nominee_id:
            self.announced_name = self.nominee.name  # as save() would; checked by the constraint
        if self.withdrawn_at and not clean_text(self.withdrawal_reason):
            errors["withdrawal_reason"] = _("撤销奖项时必须填写原因。")
        if errors:
            raise ValidationError(errors)


class DataVersion(models.Model):
    """A single counter bumped on every committed change to public data.

    Every app instance reads it once per request, so a page cached by one
    instance is never served after another instance committed a change.
    """

    version = models.PositiveBigIntegerField(default=1)
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")
        constraints = (models.CheckConstraint(condition=Q(pk=1), name="dataversion_singleton"),)

    def __str__(self):
        return str(self.version)
