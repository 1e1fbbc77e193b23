"""What every API answer shares: its version and the body of a 404 (from an endpoint, from
ninja, or from the site's 404 handler for a path under /api/)."""

from django.http import JsonResponse

API_VERSION = "v1"


def not_found_body(detail: str = "No such resource.") -> dict:
    """The body of every 404 under /api/: from an endpoint, ninja or Django's URL resolver."""
    return {"error": "not_found", "detail": detail}


def not_found(detail: str = "No such resource.") -> JsonResponse:
    """A 404 in the API's format, for answers made outside an endpoint."""
    return JsonResponse(
        not_found_body(detail), status=404, json_dumps_params={"ensure_ascii": False}
    )
