"""Read-only JSON API under /api/v1/ (documented with real outputs in docs/api.md).

Plain Django views are enough for four read-only endpoints; a framework would add a
dependency and a second serialisation layer for no gain. Keys are stable snake_case,
every record carries absolute links, unknown or unpublished things answer a JSON 404.
"""

from functools import wraps

from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import reverse
from django.utils import translation

from awards.models import Award, Edition, Nominee
from awards.views import clean_query, search_results

API_VERSION = "v1"


def open_cors(view):
    """Allow any origin to read: this is public, read-only open data without cookies.

    Applied outside the page cache, because the cache keeps only a few headers.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapper


def _json(data, status=200):
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


def not_found(detail: str):
    return _json({"error": "not_found", "detail": detail}, status=404)


class _Links:
    """Absolute URLs for one request."""

    def __init__(self, request):
        self.absolute = request.build_absolute_uri

    def page(self, name, **kwargs):
        return self.absolute(reverse(f"awards:{name}", kwargs=kwargs))

    def english_page(self, name, **kwargs):
        """The page's English twin under /en/."""
        with translation.override("en"):
            return self.page(name, **kwargs)


def _en(obj, field: str) -> str | None:
    """The English value of `field`, or None when none was entered (never a translation)."""
    return getattr(obj, f"{field}_en", None) or None


def _edition_summary(edition, links: _Links) -> dict:
    year = edition.year
    return {
        "year": year,
        "name": edition.name,
        "name_en": _en(edition, "name"),
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


def _nominee_summary(nominee, links: _Links) -> dict:
    return {
        "slug": nominee.slug,
        "name": nominee.name,
        "name_en": _en(nominee, "name"),
        "kind": nominee.kind,
        "url": links.page("nominee", slug=nominee.slug),
        "url_en": links.english_page("nominee", slug=nominee.slug),
        "api_url": links.page("api-nominee", slug=nominee.slug),
    }


def _case_summary(case, links: _Links) -> dict | None:
    if case is None:
        return None
    return {
        "id": case.pk,
        "title": case.title,
        "title_en": _en(case, "title"),
        "url": links.page("case", pk=case.pk),
        "url_en": links.english_page("case", pk=case.pk),
    }


def _award_fields(award) -> dict:
    return {
        "position": award.position,
        "rank": award.rank,
        "level": award.level or None,
        "level_en": _en(award, "level"),
        "withdrawn": award.is_withdrawn,
        "withdrawn_at": award.withdrawn_at,
        "withdrawal_reason": award.withdrawal_reason or None,
    }


def _list_summary(award_list, year: int, links: _Links) -> dict:
    return {
        "slug": award_list.slug,
        "name": award_list.name,
        "name_en": _en(award_list, "name"),
        "url": links.page("award-list", year=year, slug=award_list.slug),
        "url_en": links.english_page("award-list", year=year, slug=award_list.slug),
    }


def api_root(request):
    links = _Links(request)
    # build_absolute_uri would percent-encode the braces of the URI templates.
    origin = links.absolute("/").rstrip("/")
    return _json(
        {
            "version": API_VERSION,
            "editions_url": links.page("api-editions"),
            "edition_url_template": origin + "/api/v1/editions/{year}/",
            "nominee_url_template": origin + "/api/v1/nominees/{slug}/",
            "search_url_template": origin + "/api/v1/search/?q={query}",
        }
    )


def edition_list(request):
    links = _Links(request)
    editions = Edition.objects.published().order_by("-year")
    return _json({"editions": [_edition_summary(e, links) for e in editions]})


def edition_detail(request, year: int, extra=None):
    """One published edition in full. `extra(edition, request)` may add keys (the URLconf
    passes awards.corrections' log this way, so the core does not import it)."""
    edition = Edition.objects.published().with_results().filter(year=year).first()
    if edition is None:
        return not_found(f"No published edition for {year}.")
    links = _Links(request)
    lists = []
    for award_list in edition.lists:
        lists.append(
            {
                **_list_summary(award_list, year, links),
                "position": award_list.position,
                "kind": award_list.kind,
                "description": award_list.description,
                "description_en": _en(award_list, "description"),
                "announced_count": award_list.announced_count,
                "recorded_count": award_list.recorded_count,
                "withdrawn_count": award_list.withdrawn_count,
                "current_count": award_list.recorded_count - award_list.withdrawn_count,
                "awards": [
                    {
                        **_award_fields(award),
                        "nominee": _nominee_summary(award.nominee, links),
                        "case": _case_summary(award.case, links),
                    }
                    for award in award_list.ordered_awards
                ],
            }
        )
    return _json(
        {
            **_edition_summary(edition, links),
            "venue": edition.venue,
            "venue_en": _en(edition, "venue"),
            "summary": edition.summary,
            "summary_en": _en(edition, "summary"),
            "organizers": {
                "guided_by": edition.guided_by,
                "guided_by_en": _en(edition, "guided_by"),
                "hosted_by": edition.hosted_by,
                "hosted_by_en": _en(edition, "hosted_by"),
                "organized_by": edition.organized_by,
                "organized_by_en": _en(edition, "organized_by"),
            },
            "source": {
                "title": edition.source_title,
                "title_en": _en(edition, "source_title"),
                "publisher": edition.source_publisher,
                "publisher_en": _en(edition, "source_publisher"),
                "date": edition.source_date,
                "url": edition.source_url or None,
            },
            "lists": lists,
            **(extra(edition, request) if extra else {}),
        }
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
    links = _Links(request)
    return _json(
        {
            **_nominee_summary(nominee, links),
            "aliases": nominee.aliases,
            "description": nominee.description,
            "description_en": _en(nominee, "description"),
            "links": nominee.links,
            "awards": [
                {
                    "year": award.award_list.edition.year,
                    "edition": award.award_list.edition.name,
                    "edition_en": _en(award.award_list.edition, "name"),
                    "edition_url": links.page("edition", year=award.award_list.edition.year),
                    "list": _list_summary(award.award_list, award.award_list.edition.year, links),
                    **_award_fields(award),
                    "case": _case_summary(award.case, links),
                }
                for award in nominee.public_awards
            ],
        }
    )


def search(request):
    query = clean_query(request.GET.get("q"))
    nominees, cases, truncated = search_results(query)
    links = _Links(request)
    return _json(
        {
            "query": query,
            "truncated": truncated,
            "nominees": [
                {
                    **_nominee_summary(n, links),
                    "aliases": n.aliases,
                    "lists": [
                        {
                            "year": a.award_list.edition.year,
                            **_list_summary(a.award_list, a.award_list.edition.year, links),
                            "withdrawn": a.is_withdrawn,
                        }
                        for a in n.public_awards
                    ],
                }
                for n in nominees
            ],
            "cases": [
                {
                    **_case_summary(c, links),
                    "nominee": _nominee_summary(c.nominee, links),
                    "lists": [
                        {
                            "year": a.award_list.edition.year,
                            **_list_summary(a.award_list, a.award_list.edition.year, links),
                            "withdrawn": a.is_withdrawn,
                        }
                        for a in c.public_awards
                    ],
                }
                for c in cases
            ],
        }
    )
