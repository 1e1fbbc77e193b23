"""What every API answer shares: its version and the body of a 404 (from an endpoint, from
ninja, or from the site's 404 handler for a path under /api/)."""

from django.http import JsonResponse

from awards.api.schemas import Error

API_VERSION = "v1"

# The error statuses an endpoint declares, each answered with the Error body.
NOT_FOUND = {404: Error}
# Filters that fail validation (?year=null, ?page=abc) answer 400 (awards/api/__init__.py).
BAD_REQUEST = {400: Error}


def not_found_body(detail: str = "No such resource.") -> dict:
    """The body of every 404 under /api/: from an endpoint, ninja or Django's URL resolver."""
    return {"error": "not_found", "detail": detail}


def not_found(detail: str = "No such resource.") -> JsonResponse:
    """A 404 in the API's format, for answers made outside an endpoint."""
    return JsonResponse(
        not_found_body(detail), status=404, json_dumps_params={"ensure_ascii": False}
    )


def edition_route(router, suffix: str, schema, *, name: str, summary: str):
    """Declare an endpoint about one published edition: /editions/<year>/<suffix>, answering
    404 in the API's format when that year has none (records.published_edition raises it)."""
    return router.get(
        f"/editions/{{int:year}}/{suffix}",
        response={200: schema, **NOT_FOUND},
        url_name=name,
        summary=summary,
    )


def page_route(router, path: str, schema, *, name: str, summary: str):
    """Declare a paginated index: 400 for filters that fail validation, 404 for a page, kind,
    letter or year that has nothing (awards/browse raises it, as for the pages)."""
    return router.get(
        path,
        response={200: schema, **BAD_REQUEST, **NOT_FOUND},
        url_name=name,
        summary=summary,
    )
