"""Reusable reads. Everything the public sees goes through `published()`."""

from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar

from django.db import connections, models
from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, Prefetch, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from awards import search_index
from awards.pinyin import query_spelling
from awards.text import match_key, search_key


def _related(model, name: str):
    """The model at the other end of `name` (awards.models imports this module, so its
    classes are reached through the relations, not imported back)."""
    return model._meta.get_field(name).related_model


class EditionQuerySet(models.QuerySet):
    def get_by_natural_key(self, year):
        return self.get(year=year)

    def published(self, now: datetime | None = None):
        """Editions the public may see: published_at has passed (checked per request)."""
        return self.filter(published_at__isnull=False, published_at__lte=now or timezone.now())

    def drafts(self):
        return self.filter(published_at__isnull=True)

    def scheduled(self, now: datetime | None = None):
        return self.filter(published_at__gt=now or timezone.now())

    def with_results(self):
        """Lists and their awards (nominee, case) in two extra queries, whatever their size."""
        AwardList = _related(self.model, "award_lists")
        Award = _related(AwardList, "awards")
        awards = Award.objects.select_related("nominee", "case", "case__nominee").order_by(
            "position"
        )
        lists = AwardList.objects.with_counts().prefetch_related(
            Prefetch("awards", queryset=awards, to_attr="ordered_awards")
        )
        return self.prefetch_related(
            Prefetch("award_lists", queryset=lists.order_by("position", "pk"), to_attr="lists")
        )

    def first_with_results(self):
        """The first edition with its lists (their counts and ordered_awards), or None. For
        the pages that render one edition in full (home and edition pages).

        Three plain queries instead of with_results()' prefetch plan: no GROUP BY for the
        counts (every award of the list is read anyway), no prefetch machinery, and the awards
        as AwardRow values rather than three model instances each. Building that plan and those
        instances was half of an uncached edition page.
        """
        edition = self.first()
        if edition is None:
            return None
        edition.lists = list(edition.award_lists.order_by("position", "pk"))
        by_list = {award_list.pk: award_list for award_list in edition.lists}
        for award_list in edition.lists:
            award_list.edition = edition
            award_list.ordered_awards = []
        Award = _related(_related(self.model, "award_lists"), "awards")
        rows = Award.objects.filter(award_list__edition=edition).order_by("position", "pk")
        for award_list_id, *fields in rows.values_list("award_list_id", *AwardRow.COLUMNS):
            by_list[award_list_id].ordered_awards.append(AwardRow.from_values(fields))
        for award_list in edition.lists:
            award_list.recorded_count = len(award_list.ordered_awards)
            award_list.withdrawn_count = sum(a.is_withdrawn for a in award_list.ordered_awards)
        return edition


# Plain dataclasses, not slots: awards.pinyin.row_forms reads a row's stored forms from its
# __dict__, as it does for a model instance.


@dataclass
class NomineeName:
    slug: str
    name: str
    name_en: str | None
    pinyin: str  # the stored forms that spell the name (awards.pinyin.row_forms)


@dataclass
class CaseTitle:
    title: str
    title_en: str | None
    pinyin: str
    nominee: NomineeName  # the award's nominee: a case's owner is its awards' (database rule)


class AwardFacts:
    """What an award says of itself, for the model and its value rows (AwardRow) alike."""

    @property
    def name_as_announced(self) -> str:
        """The name the source announced this award under (kept on save; the nominee's if unset)."""
        return self.announced_name or self.nominee.name

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


@dataclass
class AwardRow(AwardFacts):
    """An award as an edition's page shows it (award items, JSON-LD): the values only.

    Read by the same display helpers as an Award (awards.bilingual, the award tags), so it
    carries the attributes they read under the model's names.
    """

    position: int
    announced_name: str
    rank: int | None
    level: str
    level_en: str | None
    withdrawn_at: datetime | None
    withdrawal_reason: str
    case_id: int | None
    nominee: NomineeName
    case: CaseTitle | None

    COLUMNS: ClassVar[tuple[str, ...]] = (
        "position",
        "announced_name",
        "rank",
        "level",
        "level_en",
        "withdrawn_at",
        "withdrawal_reason",
        "case_id",
        "nominee__slug",
        "nominee__name",
        "nominee__name_en",
        "nominee__pinyin",
        "case__title",
        "case__title_en",
        "case__pinyin",
    )

    @classmethod
    def from_values(cls, values) -> "AwardRow":
        """From values_list(*COLUMNS)."""
        nominee = NomineeName(*values[8:12])
        case = CaseTitle(*values[12:15], nominee) if values[7] is not None else None
        return cls(*values[:8], nominee, case)


class AwardListQuerySet(models.QuerySet):
    def get_by_natural_key(self, year, slug):
        return self.get(edition__year=year, slug=slug)

    def published(self, now: datetime | None = None):
        return self.filter(
            edition__published_at__isnull=False,
            edition__published_at__lte=now or timezone.now(),
        )

    def with_counts(self):
        """recorded_count counts every award of the list, withdrawn ones included: a withdrawn
        award stays part of the record (公布10个,其中1个已撤销); withdrawn_count says how many."""
        return self.annotate(
            recorded_count=Count("awards"),
            withdrawn_count=Count("awards", filter=Q(awards__withdrawn_at__isnull=False)),
        )


class NomineeQuerySet(models.QuerySet):
    def get_by_natural_key(self, name):
        return self.get(name=name)

    def with_published_awards(self):
        """Nominees that hold at least one award in a published edition.

        EXISTS rather than a join with DISTINCT: the planner stops at the first award.
        """
        Award = _related(self.model, "awards")
        return self.filter(Exists(Award.objects.published().filter(nominee=OuterRef("pk"))))

    def search(self, query: str, *, indexed: bool = True):
        """Substring match on names and aliases (simplified or traditional), their pinyin and
        initials, and English.

        A query of several words ("Chengdu Release", "tianfu official") also matches when
        every word is found, in any order, so English words match names and descriptions.
        The trigram indexes (awards.search_index) narrow the rows these conditions check;
        `indexed=False` checks every row (the tests compare both).
        """
        key, spelled = search_key(query), query_spelling(query)
        if not key:
            return self.none()
        terms = [key, spelled] if spelled and spelled != key else [key]
        condition = Q()
        for term in terms:
            condition |= Q(search_text__contains=term)
        # Any name it was announced under (a former name, an outlet merged into it), as typed.
        # IN rather than a correlated EXISTS: one pass over the awards, not one probe per
        # nominee (a scan of the archive's 50,000 nominees took 4× as long with EXISTS).
        announced_name = query.strip()
        announced = _narrowed(
            _related(self.model, "awards")
            .objects.published()
            .filter(announced_name__contains=announced_name),
            indexed,
            any_of=[announced_name],
        )
        condition |= Q(pk__in=announced.values("nominee_id"))
        words = [match_key(word) for word in query.split()]
        if len(words) > 1:
            every_word = Q()
            for word in words:
                every_word &= Q(search_text__contains=word)
            condition |= every_word
        found = self.filter(condition)
        return _narrowed(
            found,
            indexed,
            any_of=terms,
            all_of=words if len(words) > 1 else (),
            announced=announced_name,
        )


def _narrowed(queryset, indexed: bool, **terms):
    """`queryset` limited to the candidate rows of its table's trigram index, when the index
    can serve every term (awards.search_index); the plain conditions still decide."""
    if not indexed:
        return queryset
    vendor = connections[queryset.db].vendor
    found = search_index.candidates(vendor, queryset.model._meta.db_table, **terms)
    if found is None:
        return queryset
    if vendor == "postgresql":
        # = ANY(ARRAY(…)) rather than IN (…): with IN the planner hash-joins a sequential
        # scan that checks the LIKE conditions on every nominee (16 ms on the archive); the
        # array makes it fetch the candidates by primary key.
        return queryset.filter(_InArray(F("pk"), RawSQL(*found)))
    return queryset.filter(pk__in=RawSQL(*found))


class _InArray(Func):
    """`column = ANY(ARRAY(subquery))` (PostgreSQL)."""

    output_field = BooleanField()

    def as_sql(self, compiler, connection, **extra):
        column, column_params = compiler.compile(self.source_expressions[0])
        subquery, params = compiler.compile(self.source_expressions[1])
        return f"{column} = ANY(ARRAY{subquery})", [*column_params, *params]


class CaseQuerySet(models.QuerySet):
    def get_by_natural_key(self, nominee_name, title):
        return self.get(nominee__name=nominee_name, title=title)

    def published(self, now: datetime | None = None):
        Award = _related(self.model, "awards")
        return self.filter(Exists(Award.objects.published(now).filter(case=OuterRef("pk"))))

    def search(self, query: str, *, indexed: bool = True):
        """Substring match on titles (Chinese or English), ignoring spaces, case and
        simplified/traditional; `indexed` as for nominees."""
        key = search_key(query)
        if not key:
            return self.none()
        return _narrowed(self.filter(search_text__contains=key), indexed, any_of=[key])


class AwardQuerySet(models.QuerySet):
    def get_by_natural_key(self, year, slug, position):
        return self.get(award_list__edition__year=year, award_list__slug=slug, position=position)

    def published(self, now: datetime | None = None):
        return self.filter(
            award_list__edition__published_at__isnull=False,
            award_list__edition__published_at__lte=now or timezone.now(),
        )

    def current(self):
        """Awards not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)

    def withdrawn(self):
        return self.filter(withdrawn_at__isnull=False)

    def for_display(self):
        return self.select_related(
            "award_list", "award_list__edition", "nominee", "case", "case__nominee"
        )
