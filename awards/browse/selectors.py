"""Reads of the nominee and case indexes and the edition pager, shared by the browse pages,
the edition page and the API. Each index page is two queries whatever the archive's size."""

import string
from typing import NamedTuple

from django.db.models import Count, F, Q
from django.http import Http404
from django.utils.translation import gettext as _

from awards.browse.paging import Window, page_number, take
from awards.models import Award, AwardList, Edition, Nominee

# 50 a page: a screenful or two on a phone, and about the size of one edition (2022: 46).
NOMINEES_PER_PAGE = 50
CASES_PER_PAGE = 50
# The jump bar: A–Z, then names that start with a digit.
LETTERS = [*string.ascii_uppercase, "#"]


def initial_of(sort_key: str) -> str:
    first = sort_key[:1].upper()
    return first if first in string.ascii_uppercase else "#"


def _letter_filter(letter: str) -> Q:
    if letter == "#":
        # Digits and names without any letter sort before "a".
        return Q(sort_key__lt="a")
    low = letter.lower()
    return Q(sort_key__gte=low, sort_key__lt=chr(ord(low) + 1))


def nominee_index(params) -> tuple[list[Nominee], Window, str, str]:
    """One page of published nominees in pinyin order, filtered by ?kind= and ?letter=.

    Each nominee carries initial, award_count, withdrawn_count and years. Two queries.
    """
    kind, letter = params.get("kind", ""), params.get("letter", "").upper()
    if kind and kind not in Nominee.Kind.values:
        raise Http404(_("没有这种类型。"))
    if letter and letter not in LETTERS:
        raise Http404(_("没有这个首字母。"))
    nominees = Nominee.objects.with_published_awards().only(
        "name", "name_en", "slug", "kind", "sort_key", "pinyin"
    )
    if kind:
        nominees = nominees.filter(kind=kind)
    if letter:
        nominees = nominees.filter(_letter_filter(letter))
    rows, window = take(nominees.order_by("sort_key", "name"), params, NOMINEES_PER_PAGE)
    _attach_award_years(rows)
    return rows, window, kind, letter


def _attach_award_years(nominees: list[Nominee]) -> None:
    """award_count, withdrawn_count and years on each nominee, in one grouped query."""
    by_pk = {nominee.pk: nominee for nominee in nominees}
    for nominee in nominees:
        nominee.initial = initial_of(nominee.sort_key)
        nominee.award_count, nominee.withdrawn_count, nominee.years = 0, 0, []
    rows = (
        Award.objects.published()
        .filter(nominee__in=list(by_pk))
        .values("nominee_id", year=F("award_list__edition__year"))
        .annotate(
            current=Count("pk", filter=Q(withdrawn_at__isnull=True)),
            withdrawn=Count("pk", filter=Q(withdrawn_at__isnull=False)),
        )
        .order_by("year")
    )
    for row in rows:
        nominee = by_pk[row["nominee_id"]]
        nominee.award_count += row["current"]
        nominee.withdrawn_count += row["withdrawn"]
        if row["current"]:
            nominee.years.append(row["year"])


class CaseLists(NamedTuple):
    """The case lists of published editions that hold a case award, in the index's order:
    (year, list id, case awards) each."""

    rows: list[tuple[int, int, int]]

    @classmethod
    def read(cls) -> "CaseLists":
        """One grouped query over the case lists (a hundred rows for a century's archive);
        the counts come from the award_list index, not from the awards' rows."""
        rows = (
            AwardList.objects.published()
            .filter(kind=AwardList.Kind.CASES)
            .annotate(cases=Count("awards", filter=Q(awards__case__isnull=False)))
            .filter(cases__gt=0)
            .order_by("-edition__year", "position", "pk")
            .values_list("edition__year", "pk", "cases")
        )
        return cls(list(rows))

    @property
    def years(self) -> list[int]:
        """Years of published editions that hold at least one case award, newest first."""
        return list(dict.fromkeys(year for year, _, _ in self.rows))

    def page(self, year: int | None, offset: int, size: int) -> tuple[list[int], int, int]:
        """(lists, start, total): the lists that hold case awards offset … offset + size - 1,
        where the first of those is within them, and how many case awards there are in all
        (whether a page follows)."""
        rows = [row for row in self.rows if year is None or row[0] == year]
        chosen, before, seen = [], 0, 0
        for _year, pk, count in rows:
            if seen + count > offset and seen < offset + size:
                if not chosen:
                    before = seen
                chosen.append(pk)
            seen += count
        return chosen, offset - before, seen


def case_index(params, lists: CaseLists | None = None, *, known_years: bool = True):
    """One page of published case awards, newest edition first, filtered by ?year=.

    Keyset by list: the page's awards are read from the few lists that hold them (their
    counts from `CaseLists`), so no query sorts or walks every case award of the archive
    (SQLite scanned all 100,000 awards of the archive to sort them). With `known_years`, a
    year without published cases is a 404; the API answers an empty page instead.
    Returns (awards, window).
    """
    lists = lists if lists is not None else CaseLists.read()
    year = params.get("year", "")
    if year and (not year.isdigit() or (known_years and int(year) not in lists.years)):
        raise Http404(_("这一届没有公布的案例。"))
    number = page_number(params)
    offset = (number - 1) * CASES_PER_PAGE
    chosen, start, total = lists.page(int(year) if year else None, offset, CASES_PER_PAGE)
    if number > 1 and not chosen:
        raise Http404(_("没有这一页。"))
    awards = (
        Award.objects.filter(award_list__in=chosen, case__isnull=False)
        .select_related("award_list__edition", "case", "nominee")
        .order_by("-award_list__edition__year", "award_list__position", "award_list", "position")
    )
    rows = list(awards[start : start + CASES_PER_PAGE]) if chosen else []
    window = Window(
        number=number, size=CASES_PER_PAGE, has_next=total > offset + CASES_PER_PAGE, params=params
    )
    return rows, window


def neighbours(edition: Edition) -> dict:
    """The previous and next published editions around `edition`, in one query.

    The query reads the year and names of every published edition (one a year: a hundred
    short rows for a century's archive) and picks the two here. Building it costs a fifth of
    a query that picks them with two subqueries, which was a tenth of an uncached edition page.
    """
    previous = following = None
    years = (
        Edition.objects.published()
        .order_by("year")
        .values_list("year", "name", "name_en", "pinyin")
    )
    for row in years:
        if row[0] < edition.year:
            previous = row
        elif row[0] > edition.year:
            following = row
            break
    return {"previous_edition": _shown(previous), "next_edition": _shown(following)}


def _shown(row: tuple | None) -> Edition | None:
    """An edition to link to, from its (year, name, name_en, pinyin): the stored forms spell
    its name on English pages without the dictionaries."""
    if row is None:
        return None
    return Edition(year=row[0], name=row[1], name_en=row[2], pinyin=row[3])
