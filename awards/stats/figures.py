"""The numbers behind the statistics pages, aggregated in the database.

Only published editions and current (not withdrawn) awards count. Every function runs one
query whose result has at most one row per edition, list, kind or shown winner, never one
per award, so the cost grows with the archive only inside the database. The archive-wide
figures read the totals that database triggers keep per edition and per winner
(awards/stats/models.py) rather than the awards themselves.
"""

import hashlib
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language

from awards import caching, datastate
from awards.models import Award, AwardList, Edition, Nominee
from awards.stats.models import EditionTotal, NomineeTotal

logger = logging.getLogger(__name__)

TOP_WINNERS = 10
# Winners fetched to settle ties at the cut; more ties than this are not listed.
TOP_FETCH = 50


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
        .values("name", "name_en", "slug", "kind", "announced_count", "current", "withdrawn")
    )


def awards_per_kind(edition: Edition) -> list[dict]:
    """Awards and distinct winners per nominee kind, in the kinds' declared order."""
    awards = _current().filter(award_list__edition=edition)
    # Awards per winner first, then per kind: two hash aggregates instead of sorting every
    # award for COUNT(DISTINCT nominee).
    per_winner = awards.values("nominee_id", kind=F("nominee__kind")).annotate(n=Count("pk"))
    counted = {
        kind: {"awards": total, "winners": winners}
        for kind, total, winners in _regroup(per_winner, "kind, SUM(n), COUNT(*)", "kind")
    }
    return [
        {"kind": value, "label": str(label), **counted[value]}
        for value, label in Nominee.Kind.choices
        if value in counted
    ]


def _regroup(inner, select: str, group_by: str) -> list[tuple]:
    """GROUP BY over a grouped queryset, in one query.

    The ORM cannot aggregate an aggregate; doing the outer step in Python would fetch one
    row per winner of the whole archive.
    """
    sql, params = inner.order_by().query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select} FROM ({sql}) AS grouped GROUP BY {group_by}", params)
        return cursor.fetchall()


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


def top_winners(edition: Edition, limit: int = TOP_WINNERS) -> list[Nominee]:
    """This edition's winners with the most current awards in all published editions.

    Ties at the cut all stay. Two queries: the totals (a hash aggregate and a bounded top-N
    sort, at most TOP_FETCH rows), then names and edition counts of those few nominees.
    """
    # IN (this edition's winners), not a correlated EXISTS per award: SQLite ran the EXISTS
    # for each of a 100,000-award archive's awards (0.5 s); the IN list is read once and the
    # winners' awards found through the nominee index.
    winners = _current().filter(award_list__edition=edition).values("nominee_id")
    totals = (
        _current()
        .filter(nominee_id__in=winners)
        .values("nominee_id")
        .annotate(total=Count("pk"))
        .order_by("-total", "nominee_id")
        .values_list("nominee_id", "total")[:TOP_FETCH]
    )
    return ranked(list(totals), limit)


def ranked(totals: list[tuple[int, int]], limit: int = TOP_WINNERS) -> list[Nominee]:
    """Nominees for (nominee_id, total) pairs, best first, cut after `limit` places.

    `rank` is shared by equal totals (1, 2, 2, 4), as in a sports table, and every nominee
    tied with the last place kept stays. One query for the names and edition counts.
    """
    totals = sorted(totals, key=lambda row: -row[1])
    if len(totals) >= limit:
        cut = totals[limit - 1][1]
        totals = [row for row in totals if row[1] >= cut]
    total = dict(totals)
    rank = {pk: 1 + sum(other > value for other in total.values()) for pk, value in totals}
    nominees = list(
        Nominee.objects.filter(pk__in=list(total))
        .only("name", "name_en", "slug", "kind", "sort_key", "pinyin")
        .annotate(
            editions=Count(
                "awards__award_list__edition",
                distinct=True,
                filter=Q(
                    awards__withdrawn_at__isnull=True,
                    awards__award_list__edition__published_at__lte=timezone.now(),
                ),
            )
        )
    )
    for nominee in nominees:
        nominee.total, nominee.rank = total[nominee.pk], rank[nominee.pk]
    return sorted(nominees, key=_by_rank)


def _by_rank(nominee: Nominee):
    return (nominee.rank, nominee.sort_key, nominee.name)


# --- The archive --------------------------------------------------------------


@dataclass
class ArchiveSummary:
    over_time: list[dict]
    kinds: list[dict]
    top: list[Nominee]


# Summaries this process has computed or read, by (data state, language); a few at most.
_summaries: dict[tuple[str, str], ArchiveSummary] = {}
_SUMMARIES_KEPT = 4
# The shared cache's copy outlives no data state (the key holds it); this only bounds memory.
_SUMMARY_CACHE_SECONDS = 24 * 3600


def archive_summary() -> ArchiveSummary:
    """The archive figures for the current data state, aggregated once per state.

    They change only when the data state does (awards.datastate: a committed change, or a
    scheduled edition's publication passing). The first reader after a change reads them
    from the kept totals (50-100 ms on a 100,000-award PostgreSQL archive, against 0.4-0.9 s
    for aggregating every award) and leaves the result in the shared cache for the other
    processes; every later /stats/ and archive chart of that state reads it (issue 21).
    Labels are translated, so the language is part of the key.
    """
    if caching.change_pending():
        return aggregate_archive_summary()  # uncommitted: never kept under the old state
    key = (datastate.token(), get_language() or settings.LANGUAGE_CODE)
    summary = _summaries.get(key)
    if summary is not None:
        return summary
    cache_key = "stats:archive:" + hashlib.sha256("|".join(key).encode()).hexdigest()[:32]
    try:
        summary = cache.get(cache_key)
    except Exception:  # a cache outage costs the aggregate, never the page
        logger.warning("statistics cache unavailable", exc_info=True)
    if summary is None:
        summary = aggregate_archive_summary()
        try:
            cache.set(cache_key, summary, _SUMMARY_CACHE_SECONDS)
        except Exception:
            logger.warning("statistics cache unavailable", exc_info=True)
    while len(_summaries) >= _SUMMARIES_KEPT:
        _summaries.pop(next(iter(_summaries)))
    _summaries[key] = summary
    return summary


def forget_summaries() -> None:
    """Drop this process's summaries (tests: a rolled-back test reuses data states)."""
    _summaries.clear()


# What both readings of the archive take from `nf` (winner, kind, first year, awards): first
# wins per year, awards and winners per kind, the TOP_FETCH largest totals.
_PER_WINNER_FIGURES = f"""
        SELECT 'first', first_year, '', COUNT(*), 0 FROM nf GROUP BY first_year
        UNION ALL
        SELECT 'kind', 0, kind, SUM(total), COUNT(*) FROM nf GROUP BY kind
        UNION ALL
        SELECT * FROM (SELECT 'top', nominee_id, '', total, 0 FROM nf
                       ORDER BY total DESC, nominee_id LIMIT {TOP_FETCH}) AS best
"""


def aggregate_archive_summary() -> ArchiveSummary:
    """Every archive figure from the kept totals (awards/stats/models.py): three queries
    whose cost grows with the editions and the winners, never with the awards.

    The totals count every edition's current awards, drafts and scheduled editions
    included; editions the public may not see yet (`hidden`, decided now, so a scheduled
    publication shows at its moment) are taken out here. Their winners are the only
    nominees whose totals differ from the published ones: theirs are recounted from the
    published awards (a draft's winners and their earlier awards, a few thousand rows at
    most); every other nominee's row is read as kept.
    """
    now = timezone.now()
    table = connection.ops.quote_name
    hidden = f"""
        SELECT a.nominee_id FROM {table(Award._meta.db_table)} a
        JOIN {table(AwardList._meta.db_table)} l ON l.id = a.award_list_id
        JOIN {table(Edition._meta.db_table)} e ON e.id = l.edition_id
        WHERE a.withdrawn_at IS NULL AND (e.published_at IS NULL OR e.published_at > %s)
    """
    sql = f"""
        WITH hidden AS ({hidden}),
        fixed AS (SELECT a.nominee_id, n.kind, MIN(e.year) AS first_year, COUNT(*) AS total
                  FROM {table(Award._meta.db_table)} a
                  JOIN {table(AwardList._meta.db_table)} l ON l.id = a.award_list_id
                  JOIN {table(Edition._meta.db_table)} e ON e.id = l.edition_id
                  JOIN {table(Nominee._meta.db_table)} n ON n.id = a.nominee_id
                  WHERE a.withdrawn_at IS NULL AND e.published_at <= %s
                    AND a.nominee_id IN (SELECT nominee_id FROM hidden)
                  GROUP BY a.nominee_id, n.kind),
        nf AS (SELECT nominee_id, kind, first_year, awards AS total
               FROM {table(NomineeTotal._meta.db_table)}
               WHERE nominee_id NOT IN (SELECT nominee_id FROM hidden)
               UNION ALL
               SELECT nominee_id, kind, first_year, total FROM fixed)
        {_PER_WINNER_FIGURES}
    """
    first, kinds, top = {}, {}, []
    with connection.cursor() as cursor:
        cursor.execute(sql, [now, now])
        for part, key, label, a, b in cursor.fetchall():
            if part == "first":
                first[key] = (int(a), 0)
            elif part == "kind":
                kinds[label] = (int(a), int(b))
            else:
                top.append((key, int(a)))
    return ArchiveSummary(
        over_time=_over_time(first, now),
        kinds=_kinds(kinds),
        top=ranked(top),
    )


def _kinds(counted: dict) -> list[dict]:
    return [
        {"kind": value, "label": str(label), "awards": counts[0], "winners": counts[1]}
        for value, label in Nominee.Kind.choices
        if (counts := counted.get(value))
    ]


def _over_time(first_wins: dict, now) -> list[dict]:
    """Published editions in year order with their kept awards and winners."""
    totals = EditionTotal.objects.filter(edition=OuterRef("pk"))
    editions = (
        Edition.objects.published(now)
        .annotate(
            lists=Count("award_lists"),
            awards=Coalesce(Subquery(totals.values("awards")), 0),
            winners=Coalesce(Subquery(totals.values("winners")), 0),
        )
        .order_by("year")
        .values("year", "name", "lists", "awards", "winners")
    )
    return [
        {
            **row,
            "new": (new := first_wins.get(row["year"], (0, 0))[0]),
            "returning": row["winners"] - new,
        }
        for row in editions
    ]


def recount_archive_summary() -> ArchiveSummary:
    """Every archive figure recounted from the awards: the reference the kept totals must
    equal (tests, `manage.py stats_totals --check`); /stats/ reads the totals instead.

    One pass over the awards, plus two small queries.

    One statement groups the current published awards by (winner, year), then by winner,
    and reads four aggregates off those two grouped sets: awards and winners per year,
    first wins per year, awards and winners per kind, the TOP_FETCH largest totals. Scanning
    the 100,000 awards of a large archive once instead of four times is what keeps /stats/
    within its budget; the per-row work stays in the database.
    """
    per_winner_year = (
        _current()
        .values("nominee_id", year=F("award_list__edition__year"))
        .annotate(n=Count("pk"))
        .order_by()
    )
    inner, params = per_winner_year.query.sql_with_params()
    nominees = connection.ops.quote_name(Nominee._meta.db_table)
    sql = f"""
        WITH ny AS ({inner}),
        nf AS (SELECT ny.nominee_id, k.kind, MIN(ny.year) AS first_year, SUM(ny.n) AS total
               FROM ny JOIN {nominees} k ON k.id = ny.nominee_id
               GROUP BY ny.nominee_id, k.kind)
        SELECT 'year', year, '', SUM(n), COUNT(*) FROM ny GROUP BY year
        UNION ALL
        {_PER_WINNER_FIGURES}
    """
    parts = {"year": {}, "first": {}, "kind": {}, "top": []}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for part, key, label, a, b in cursor.fetchall():
            if part == "top":
                parts["top"].append((key, int(a)))
            else:
                parts[part][label or key] = (int(a), int(b))
    kinds = [
        {"kind": value, "label": str(label), "awards": counts[0], "winners": counts[1]}
        for value, label in Nominee.Kind.choices
        if (counts := parts["kind"].get(value))
    ]
    return ArchiveSummary(
        over_time=_over_time_counted(parts["year"], parts["first"]),
        kinds=kinds,
        top=ranked(parts["top"]),
    )


def _over_time_counted(per_year: dict, first_wins: dict) -> list[dict]:
    editions = (
        Edition.objects.published()
        .annotate(lists=Count("award_lists"))
        .order_by("year")
        .values("year", "name", "lists")
    )
    rows = []
    for edition in editions:
        awards, winners = per_year.get(edition["year"], (0, 0))
        new = first_wins.get(edition["year"], (0, 0))[0]
        rows.append(
            {
                **edition,
                "awards": awards,
                "winners": winners,
                "new": new,
                "returning": winners - new,
            }
        )
    return rows
