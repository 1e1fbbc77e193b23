"""Read-only JSON API under /api/v1/, on django-ninja: typed responses (awards/api/schemas.py)
from which /api/v1/openapi.json is generated. May import the core and the browse and stats
capabilities; every endpoint still goes through the public page cache and the CORS wrapper
(awards/api/urls.py), exactly like the pages.
"""

from functools import wraps

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import ValidationError
from ninja.renderers import JSONRenderer

from awards.api.responses import API_VERSION, not_found, not_found_body


class _Renderer(JSONRenderer):
    # Chinese names stay readable in the raw JSON, as they were before the move to ninja.
    json_dumps_params = {"ensure_ascii": False}


class _API(NinjaAPI):
    def get_content_type(self) -> str:
        # What Django's JsonResponse sent before: clients and tests compare it exactly.
        return self.renderer.media_type


api = _API(
    title="Summit Awards API",
    version=API_VERSION,
    description=(
        "Read-only open data of the award lists: published editions, their lists and awards, "
        "nominees, cases, search and statistics. No authentication; CORS open to any origin."
    ),
    renderer=_Renderer(),
    urls_namespace="api",
    docs_url=None,
    openapi_url=None,
)


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


@api.exception_handler(ValidationError)
def _bad_request(request, exc):
    fields = ", ".join(".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors)
    return api.create_response(
        request, {"error": "bad_request", "detail": f"Invalid parameter: {fields}."}, status=400
    )


@api.exception_handler(Http404)
def _not_found(request, exc):
    return not_found(str(exc) or not_found_body()["detail"])


from awards.api import browsing, records  # noqa: E402  (registers the endpoints)

api.add_router("", records.router)
api.add_router("", browsing.router)
