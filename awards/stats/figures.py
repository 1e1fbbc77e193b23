"""The numbers behind the statistics pages, aggregated in the database.

Only published editions and current (not withdrawn) awards count. Every function runs one
query whose result has at most one row per edition, list, kind or shown winner, never one
per award, so the cost grows with the archive only inside the database.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Window
from django.db.models.functions import Rank
from django.utils import timezone

from awards.models import Award, AwardList, Edition, Nominee

TOP_WINNERS = 10


@dataclass
class Figure:
    """One statistic as a table: the first column labels the rows, `series` names the columns
    a chart draws, `chart` says how ("bar", "stacked" or "line")."""

    key: str
    title: str
    summary: str
    columns: list[str]
    rows: list[list]
    series: list[int]
    chart: str = "bar"
    # Row labels link to these pages when set (one URL per row).
    links: list[str] = field(default_factory=list)

    @property
    def table(self) -> list[tuple[str | None, object, list]]:
        """(link, label, other cells) per row, for the data table."""
        links = self.links or [None] * len(self.rows)
        return [(link, row[0], row[1:]) for link, row in zip(links, self.rows, strict=True)]


def _current():
    return Award.objects.published().current()


# --- One edition --------------------------------------------------------------


def awards_per_list(edition: Edition) -> list[dict]:
    """Each list of the edition with its current, withdrawn and announced counts."""
    return list(
        AwardList.objects.filter(edition=edition)
        .annotate(
            current=Count("awards", filter=Q(awards__withdrawn_at__isnull=True)),
            withdrawn=Count("awards", filter=Q(awards__withdrawn_at__isnull=False)),
        )
        .order_by("position", "pk")
        .values("name", "slug", "kind", "announced_count", "current", "withdrawn")
    )


def awards_per_kind(edition: Edition | None = None) -> list[dict]:
    """Awards and distinct winners per nominee kind, in the kinds' declared order."""
    awards = _current()
    if edition is not None:
        awards = awards.filter(award_list__edition=edition)
    counted = {
        row["nominee__kind"]: row
        for row in awards.values("nominee__kind").annotate(
            awards=Count("pk"), winners=Count("nominee", distinct=True)
        )
    }
    return [
        {"kind": value, "label": str(label), **counted[value]}
        for value, label in Nominee.Kind.choices
        if value in counted
    ]


def new_and_returning(edition: Edition) -> dict:
    """Winners of this edition, and how many had won in an earlier published edition."""
    earlier = _current().filter(
        nominee=OuterRef("nominee"), award_list__edition__year__lt=edition.year
    )
    return (
        _current()
        .filter(award_list__edition=edition)
        .aggregate(
            winners=Count("nominee", distinct=True),
            returning=Count("nominee", distinct=True, filter=Exists(earlier)),
        )
    )


def top_winners(edition: Edition | None = None, limit: int = TOP_WINNERS) -> list[Nominee]:
    """Nominees with the most current awards across editions; ties at the cut all stay.

    With `edition`, only that edition's winners are ranked (by their awards in all years).
    `rank` is shared by equal totals (1, 2, 2, 4), as in a sports table.
    """
    published = Q(
        awards__award_list__edition__published_at__lte=timezone.now(),
        awards__withdrawn_at__isnull=True,
    )
    nominees = Nominee.objects.all()
    if edition is not None:
        nominees = nominees.filter(
            Exists(_current().filter(nominee=OuterRef("pk"), award_list__edition=edition))
        )
    return list(
        nominees.annotate(
            total=Count("awards", filter=published),
            editions=Count("awards__award_list__edition", filter=published, distinct=True),
        )
        .filter(total__gt=0)
        .annotate(rank=Window(Rank(), order_by=F("total").desc()))
        .filter(rank__lte=limit)
        .order_by("rank", "sort_key", "name")
        .only("name", "slug", "kind")
    )


# --- The archive --------------------------------------------------------------


def editions_over_time() -> list[dict]:
    """Per published edition, oldest first: lists, current awards, winners and new winners."""
    per_year = {
        row["year"]: row
        for row in _current()
        .values(year=F("award_list__edition__year"))
        .annotate(awards=Count("pk"), winners=Count("nominee", distinct=True))
    }
    first_wins = _first_win_years()
    editions = (
        Edition.objects.published()
        .annotate(lists=Count("award_lists"))
        .order_by("year")
        .values("year", "name", "lists")
    )
    rows = []
    for edition in editions:
        counted = per_year.get(edition["year"], {"awards": 0, "winners": 0})
        new = first_wins.get(edition["year"], 0)
        rows.append(
            {
                **edition,
                "awards": counted["awards"],
                "winners": counted["winners"],
                "new": new,
                "returning": counted["winners"] - new,
            }
        )
    return rows


def _first_win_years() -> dict[int, int]:
    """{year: number of nominees whose first current award came that year}, in one query.

    A GROUP BY over a grouped subquery: the ORM cannot aggregate an aggregate, and doing it
    in Python would fetch one row per winner of the whole archive.
    """
    inner, params = (
        _current()
        .values("nominee_id")
        .annotate(first_year=Min("award_list__edition__year"))
        .values("first_year")
        .query.sql_with_params()
    )
    sql = f"SELECT first_year, COUNT(*) FROM ({inner}) AS firsts GROUP BY first_year"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())
