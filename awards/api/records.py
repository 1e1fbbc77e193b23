"""The record itself: API root, editions, one edition in full, one nominee, search.

URLs and response shapes are those of the plain views these replaced (tests/test_api.py).
"""

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from django.utils import translation
from ninja import Router, Status

from awards import extensions
from awards.api import schemas
from awards.api.responses import API_VERSION, NOT_FOUND, edition_route, not_found_body

# The log's own endpoint below; the edition record gets the log through awards/extensions.py.
from awards.models import Award, Edition, Nominee
from awards.search import clean_query, search_results

router = Router(tags=["record"])


class Links:
    """Absolute URLs for one request."""

    def __init__(self, request):
        self.absolute = request.build_absolute_uri

    def page(self, name, **kwargs):
        return self.absolute(reverse(f"awards:{name}", kwargs=kwargs))

    def english_page(self, name, **kwargs):
        """The page's English twin under /en/."""
        with translation.override("en"):
            return self.page(name, **kwargs)


def english(obj, field: str) -> str | None:
    """The English value of `field`, or None when none was entered (never a translation)."""
    return getattr(obj, f"{field}_en", None) or None


def not_found(detail: str) -> Status:
    return Status(404, not_found_body(detail))


def edition_summary(edition, links: Links) -> dict:
    year = edition.year
    return {
        "year": year,
        "name": edition.name,
        "name_en": english(edition, "name"),
        "held_on": edition.held_on,
        "url": links.page("edition", year=year),
        "url_en": links.english_page("edition", year=year),
        "api_url": links.page("api-edition", year=year),
        "downloads": {
            "csv": links.page("download-csv", year=year),
            "xlsx": links.page("download-xlsx", year=year),
            "json": links.page("download-json", year=year),
        },
    }


def nominee_summary(nominee, links: Links) -> dict:
    return {
        "slug": nominee.slug,
        "name": nominee.name,
        "name_en": english(nominee, "name"),
        "kind": nominee.kind,
        "url": links.page("nominee", slug=nominee.slug),
        "url_en": links.english_page("nominee", slug=nominee.slug),
        "api_url": links.page("api-nominee", slug=nominee.slug),
    }


def case_summary(case, links: Links) -> dict | None:
    if case is None:
        return None
    return {
        "id": case.pk,
        "title": case.title,
        "title_en": english(case, "title"),
        "url": links.page("case", pk=case.pk),
        "url_en": links.english_page("case", pk=case.pk),
        "second_unit": case.second_unit or None,
        "second_unit_role": case.second_unit_role or None,
    }


def announced_names(award) -> dict:
    """The name the award was announced under; its English only while it is the nominee's name
    today (an English name of the new name would not translate the old one)."""
    nominee = award.nominee
    name = award.name_as_announced
    return {
        "announced_name": name,
        "announced_name_en": english(nominee, "name") if name == nominee.name else None,
    }


def award_fields(award) -> dict:
    return {
        **announced_names(award),
        "position": award.position,
        "rank": award.rank,
        "level": award.level or None,
        "level_en": english(award, "level"),
        "withdrawn": award.is_withdrawn,
        "withdrawn_at": award.withdrawn_at,
        "withdrawal_reason": award.withdrawal_reason or None,
    }


def list_summary(award_list, year: int, links: Links) -> dict:
    return {
        "slug": award_list.slug,
        # Blank when the source published no name; name_shown says so (名称未公布的榜单).
        "name": award_list.name,
        "name_shown": award_list.shown_name,
        "name_en": english(award_list, "name"),
        "review_year": award_list.review_year,
        "url": links.page("award-list", year=year, slug=award_list.slug),
        "url_en": links.english_page("award-list", year=year, slug=award_list.slug),
    }


@router.get("/", response=schemas.ApiRoot, url_name="api-root", summary="Entry points")
def api_root(request):
    links = Links(request)
    # build_absolute_uri would percent-encode the braces of the URI templates.
    origin = links.absolute("/").rstrip("/")
    return {
        "version": API_VERSION,
        "editions_url": links.page("api-editions"),
        "edition_url_template": origin + "/api/v1/editions/{year}/",
        "nominee_url_template": origin + "/api/v1/nominees/{slug}/",
        "search_url_template": origin + "/api/v1/search/?q={query}",
    }


@router.get("/editions/", response=schemas.EditionList, url_name="api-editions", summary="Editions")
def edition_list(request):
    links = Links(request)
    editions = Edition.objects.published().order_by("-year")
    return {"editions": [edition_summary(e, links) for e in editions]}


@edition_route(
    router,
    "",
    schemas.EditionDetail,
    name="api-edition",
    summary="One edition with its lists and awards",
)
def edition_detail(request, year: int):
    edition = published_edition(year, Edition.objects.published().with_results())
    return edition_record(request, edition)


def published_edition(year: int, editions=None) -> Edition:
    """The published edition of `year` (from `editions`, all published ones by default), or
    the API's 404: Http404, which awards.api answers in its own format."""
    editions = Edition.objects.published() if editions is None else editions
    edition = editions.filter(year=year).first()
    if edition is None:
        raise Http404(f"No published edition for {year}.")
    return edition


def edition_record(request, edition: Edition) -> dict:
    """One published edition in full (with_results) with what packages add to it."""
    links = Links(request)
    # What other packages add to each list (awards/extensions.py): one call for all lists.
    list_extras = extensions.list_records(edition.lists, request)
    lists = [
        {
            **list_summary(award_list, edition.year, links),
            "position": award_list.position,
            "kind": award_list.kind,
            "source_unpublished": award_list.source_unpublished,
            "description": award_list.description,
            "description_en": english(award_list, "description"),
            "announced_count": award_list.announced_count,
            "recorded_count": award_list.recorded_count,
            "withdrawn_count": award_list.withdrawn_count,
            "current_count": award_list.recorded_count - award_list.withdrawn_count,
            "awards": [
                {
                    **award_fields(award),
                    "nominee": nominee_summary(award.nominee, links),
                    "case": case_summary(award.case, links),
                }
                for award in award_list.ordered_awards
            ],
            **list_extras[award_list.pk],
        }
        for award_list in edition.lists
    ]
    return {
        **edition_summary(edition, links),
        "venue": edition.venue,
        "venue_en": english(edition, "venue"),
        "summary": edition.summary,
        "summary_en": english(edition, "summary"),
        "organizers": {
            "guided_by": edition.guided_by,
            "guided_by_en": english(edition, "guided_by"),
            "hosted_by": edition.hosted_by,
            "hosted_by_en": english(edition, "hosted_by"),
            "organized_by": edition.organized_by,
            "organized_by_en": english(edition, "organized_by"),
        },
        "source": {
            "title": edition.source_title,
            "title_en": english(edition, "source_title"),
            "publisher": edition.source_publisher,
            "publisher_en": english(edition, "source_publisher"),
            "date": edition.source_date,
            "url": edition.source_url or None,
        },
        "lists": lists,
        **extensions.edition_record(edition, request),
    }


@edition_route(
    router,
    "corrections/",
    schemas.EditionCorrections,
    name="api-corrections",
    summary="The corrections log (更正记录) of one published edition, newest first",
)
def edition_corrections(request, year: int):
    edition = published_edition(year)
    # The log is the corrections package's part of the edition's record (awards/extensions.py);
    # the schema keeps its keys, corrections_url and corrections.
    return {
        "year": edition.year,
        "edition": edition.name,
        **extensions.edition_record(edition, request),
    }


@router.get(
    "/nominees/{slug:slug}/",
    response={200: schemas.NomineeDetail, **NOT_FOUND},
    url_name="api-nominee",
    summary="One nominee and its awards in published editions",
)
def nominee_detail(request, slug: str):
    awards = Award.objects.published().select_related("award_list__edition", "case")
    nominee = (
        Nominee.objects.with_published_awards()
        .filter(slug=slug)
        .prefetch_related(
            Prefetch(
                "awards",
                queryset=awards.order_by(
                    "-award_list__edition__year", "award_list__position", "position"
                ),
                to_attr="public_awards",
            )
        )
        .first()
    )
    if nominee is None:
        return not_found(f"No published nominee with slug {slug!r}.")
    links = Links(request)
    return {
        **nominee_summary(nominee, links),
        "aliases": nominee.aliases,
        "description": nominee.description,
        "description_en": english(nominee, "description"),
        "links": nominee.links,
        "awards": [
            {
                "year": award.award_list.edition.year,
                "edition": award.award_list.edition.name,
                "edition_en": english(award.award_list.edition, "name"),
                "edition_url": links.page("edition", year=award.award_list.edition.year),
                "list": list_summary(award.award_list, award.award_list.edition.year, links),
                **award_fields(award),
                "case": case_summary(award.case, links),
            }
            for award in nominee.public_awards
        ],
    }


def _result_lists(awards, links: Links) -> list[dict]:
    return [
        {
            "year": a.award_list.edition.year,
            **list_summary(a.award_list, a.award_list.edition.year, links),
            "withdrawn": a.is_withdrawn,
        }
        for a in awards
    ]


@router.get(
    "/search/",
    response=schemas.SearchResults,
    url_name="api-search",
    summary="Nominees and cases by Chinese text, pinyin or initials",
)
def search(request, q: str = ""):
    query = clean_query(q)
    nominees, cases, truncated = search_results(query)
    links = Links(request)
    return {
        "query": query,
        "truncated": truncated,
        "nominees": [
            {
                **nominee_summary(n, links),
                "aliases": n.aliases,
                "lists": _result_lists(n.public_awards, links),
            }
            for n in nominees
        ],
        "cases": [
            {
                **case_summary(c, links),
                "nominee": nominee_summary(c.nominee, links),
                "lists": _result_lists(c.public_awards, links),
            }
            for c in cases
        ],
    }
