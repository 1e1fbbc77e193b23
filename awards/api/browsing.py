"""Paginated indexes (nominees, cases) and statistics, on the same reads as the pages."""

from ninja import Query, Router, Schema
from pydantic import Field

from awards.api import schemas
from awards.api.records import (
    Links,
    case_summary,
    list_summary,
    nominee_summary,
    published_edition,
)
from awards.api.responses import edition_route, page_route
from awards.browse.paging import Window
from awards.browse.selectors import CASES_PER_PAGE, NOMINEES_PER_PAGE, case_index, nominee_index
from awards.models import Edition, Nominee
from awards.stats import figures

router = Router(tags=["browse"])


class NomineeFilters(Schema):
    page: int = Field(1, ge=1, description=f"Page number; {NOMINEES_PER_PAGE} nominees a page.")
    kind: Nominee.Kind | None = Field(None, description="Only nominees of this kind.")
    letter: str | None = Field(
        None, pattern="^[A-Za-z#]$", description="Pinyin initial of the name, or # for digits."
    )


class CaseFilters(Schema):
    page: int = Field(1, ge=1, description=f"Page number; {CASES_PER_PAGE} cases a page.")
    year: int | None = Field(None, description="Only cases of this edition.")


def _page(request, window: Window, results: list) -> dict:
    base = request.build_absolute_uri(request.path)
    return {
        "page": window.number,
        "per_page": window.size,
        "previous": base + window.previous_query if window.has_previous else None,
        "next": base + window.next_query if window.has_next else None,
        "results": results,
    }


@page_route(
    router,
    "/nominees/",
    schemas.NomineePage,
    name="api-nominees",
    summary="Nominees with a published award, in pinyin order (paginated)",
)
def nominee_list(request, filters: Query[NomineeFilters]):
    rows, window, _, _ = nominee_index(request.GET)
    links = Links(request)
    results = [
        {
            **nominee_summary(n, links),
            "initial": n.initial,
            "award_count": n.award_count,
            "withdrawn_count": n.withdrawn_count,
            "years": n.years,
        }
        for n in rows
    ]
    return _page(request, window, results)


@page_route(
    router,
    "/cases/",
    schemas.CasePage,
    name="api-cases",
    summary="Cases of published editions, newest edition first (paginated)",
)
def case_list(request, filters: Query[CaseFilters]):
    rows, window = case_index(request.GET, known_years=False)
    links = Links(request)
    results = [
        {
            **case_summary(award.case, links),
            "year": award.award_list.edition.year,
            "edition": award.award_list.edition.name,
            "list": list_summary(award.award_list, award.award_list.edition.year, links),
            "nominee": nominee_summary(award.nominee, links),
            "withdrawn": award.is_withdrawn,
        }
        for award in rows
    ]
    return _page(request, window, results)


@edition_route(
    router,
    "stats/",
    schemas.EditionStats,
    name="api-edition-stats",
    summary="One edition in numbers: per list, per kind, new and returning, top winners",
)
def edition_stats(request, year: int):
    edition = published_edition(year, Edition.objects.published().only("year", "name", "name_en"))
    links = Links(request)
    counts = figures.new_and_returning(edition)
    return {
        "year": edition.year,
        "name": edition.name,
        "url": links.page("edition", year=edition.year),
        "lists": [
            {
                "slug": row["slug"],
                "name": row["name"],
                "name_en": row["name_en"] or None,
                "url": links.page("award-list", year=edition.year, slug=row["slug"]),
                "url_en": links.english_page("award-list", year=edition.year, slug=row["slug"]),
                "kind": row["kind"],
                "announced_count": row["announced_count"],
                "current_count": row["current"],
                "withdrawn_count": row["withdrawn"],
            }
            for row in figures.awards_per_list(edition)
        ],
        "kinds": [
            # The kind's key only: answers do not depend on the visitor's language.
            {key: row[key] for key in ("kind", "awards", "winners")}
            for row in figures.awards_per_kind(edition)
        ],
        "winners": {
            "total": counts["winners"],
            "new": counts["winners"] - counts["returning"],
            "returning": counts["returning"],
        },
        "top_winners": [
            {
                **nominee_summary(n, links),
                "rank": n.rank,
                "awards": n.total,
                "editions": n.editions,
            }
            for n in figures.top_winners(edition)
        ],
    }
