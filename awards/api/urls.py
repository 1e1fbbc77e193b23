"""URL patterns of the API: ninja's routes, each wrapped in the public page cache and CORS.

The patterns are taken from ninja's router and re-registered in the `awards` namespace under
their old names (awards:api-root, awards:api-edition, …), so reverse() and every link stay.
"""

from functools import wraps

from django.http import JsonResponse
from django.urls import path

from awards.api import api

PREFIX = "api/v1/"


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


def openapi_document(request):
    """The OpenAPI 3 description, generated from the endpoints and their schemas."""
    schema = api.get_openapi_schema(path_prefix="/" + PREFIX.rstrip("/"))
    schema["servers"] = [{"url": request.build_absolute_uri("/").rstrip("/")}]
    return JsonResponse(schema, json_dumps_params={"ensure_ascii": False})


def api_urlpatterns(wrap):
    """ninja's routes under PREFIX, each view passed through `wrap` (cache, then CORS)."""
    patterns, names = [], set()
    for pattern in api.urls[0]:
        # ninja appends its own home view (also named api-root) after the operations.
        if pattern.name in names:
            continue
        names.add(pattern.name)
        patterns.append(
            path(PREFIX + pattern.pattern._route, wrap(pattern.callback), name=pattern.name)
        )
    patterns.append(path(PREFIX + "openapi.json", wrap(openapi_document), name="api-openapi"))
    return patterns
