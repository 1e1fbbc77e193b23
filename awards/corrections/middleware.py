"""Old public URLs answer 301 to where the record lives now (MovedPath rows)."""

from django.http import HttpResponsePermanentRedirect

from awards.corrections.models import MovedPath


class MovedPathMiddleware:
    """Looks a 404's path up in MovedPath; costs nothing on any other response.

    Sits inside the page cache (which never stores a 404 or a redirect), so the answer is
    always read from the database and a new redirect works on the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 404 or request.method not in ("GET", "HEAD"):
            return response
        if "\x00" in request.path:
            # No stored path holds a NUL, and PostgreSQL refuses one in a query: the 404 stands.
            return response
        moved = MovedPath.objects.filter(old_path=request.path).values_list("new_path", flat=True)
        new_path = moved.first()
        if new_path is None:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{new_path}?{query}" if query else new_path)
