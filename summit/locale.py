"""The language of a request: from the URL on the public site, the visitor's choice in the admin."""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def _chooses_language(path: str) -> bool:
    # The admin has one URL per screen, so its language is the visitor's (cookie, browser).
    return path.startswith(f"/{settings.ADMIN_URL}")


class LanguageFromPathMiddleware:
    """Activates /en/… as English and every other public URL as Chinese, whatever the
    cookie or Accept-Language say, so a shared link opens in the language it was sent in.

    It runs before the public page cache, which resolves the URL (English patterns only
    resolve while English is active) and keys on the language.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        language = translation.get_language_from_path(path)
        chooses = language is None and _chooses_language(path)
        if chooses:
            language = translation.get_language_from_request(request, check_path=False)
        previous = translation.get_language()
        translation.activate(language or settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()
        try:
            response = self.get_response(request)
        finally:
            # The thread serves the next request (or a test goes on) in its own language; the
            # response is rendered by now (streamed files need no translation).
            translation.activate(previous)
        if chooses:
            patch_vary_headers(response, ("Accept-Language", "Cookie"))
        response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response
