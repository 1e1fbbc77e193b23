"""The record in two languages: which value a page shows, and each page's twin URL.

Chinese pages live at their historic URLs, English twins under /en/ (summit/urls.py); the URL
alone decides the language. May import awards.pinyin, awards.text and Django; the core never
imports this.
"""

from dataclasses import dataclass
from functools import lru_cache, wraps

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.urls import get_script_prefix, get_urlconf, translate_url
from django.utils import translation
from django.utils.html import conditional_escape, format_html

from awards.pinyin import romanize, row_forms

ORIGINAL = settings.LANGUAGE_CODE  # "zh-hans": the language of the record
# Fields holding a name (of an event, organization, list, account, place): when their
# English value is missing, English pages show the original with its pinyin beside it.
NAME_FIELDS = frozenset(
    {"name", "guided_by", "hosted_by", "organized_by", "venue", "source_publisher"}
)
HTML_LANG = {"zh-hans": "zh-Hans", "en": "en"}


def is_original() -> bool:
    return translation.get_language() in (None, ORIGINAL)


def english_value(obj, field: str) -> str:
    """The English value typed for `field`, or "" when there is none."""
    return (getattr(obj, f"{field}_en", None) or "").strip()


@dataclass(frozen=True)
class Announced:
    """An award's name as announced, shaped like a record with a name (for html() / text())."""

    name: str
    name_en: str | None
    pinyin: str = ""  # the stored forms that spell `name` (awards.pinyin.stored_forms)


def announced(award) -> Announced:
    """The name the award was announced under. Its English is the nominee's English name
    only while that name is still the announced one: a translation of today's name is not a
    translation of the old one, so an old name shows in Chinese with its pinyin."""
    nominee = award.nominee
    name = award.announced_name or nominee.name
    if name == nominee.name:
        return Announced(name, nominee.name_en, row_forms(nominee))
    # A former name is not among the nominee's stored forms: spelled on demand (rare).
    return Announced(name, None)


def _original(obj, field: str) -> str:
    # A list the source left unnamed is shown as 名称未公布的榜单(第N个), never as blank.
    value = getattr(obj, field) or ""
    if not value and field == "name" and hasattr(obj, "unnamed_label"):
        return str(obj.unnamed_label())
    return value


def text(obj, field: str) -> str:
    """Plain text of `field` in the active language, for titles, meta tags and the feed.

    Where English is missing, names and titles are romanized (a <title> cannot mark the
    language of a part, and pinyin is honest where a translation would be invented); longer
    text stays in the original.
    """
    original = _original(obj, field)
    if is_original():
        return original
    english = english_value(obj, field)
    if english:
        return english
    if not getattr(obj, field):
        return original  # the unnamed label, already in the page's language
    if field in NAME_FIELDS or field == "title":
        return romanize(original, row_forms(obj)) or original
    return original


def html(obj, field: str, highlight=None) -> str:
    """`field` as HTML in the active language; a missing English value shows the original.

    The fallback is marked lang="zh-Hans" (screen readers switch voice, the language scan
    of the tests allows it) and names get their pinyin beside it, outside the mark.
    """
    original = _original(obj, field)
    mark = highlight or conditional_escape
    if is_original():
        return mark(original)
    english = english_value(obj, field)
    if english:
        return mark(english)
    if not original:
        return ""
    if not getattr(obj, field):
        return format_html('<span class="unnamed">{}</span>', original)  # translated label
    shown = format_html('<span lang="zh-Hans">{}</span>', mark(original))
    spelled = romanize(original, row_forms(obj)) if field in NAME_FIELDS else ""
    if spelled and spelled != original:
        return format_html('{} <span class="romanized">({})</span>', shown, spelled)
    return shown


def twin_urls(request, full: bool = False) -> list[tuple[str, str]]:
    """(language code, absolute URL) of this page in each language; [] off the public site.

    `full` keeps the query string (the language switch keeps a search); hreflang links name
    the page itself.
    """
    path = request.get_full_path() if full else request.path
    if path.startswith(f"/{settings.ADMIN_URL}"):
        return []
    origin = f"{request.scheme}://{request.get_host()}"
    twins = []
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    for code, _name in settings.LANGUAGES:
        translated = _translated(
            urlconf, get_script_prefix(), translation.get_language(), path, code
        )
        if code != translation.get_language() and translated == path:
            return []  # not a page with twins (a 404, an unprefixed-only address)
        twins.append((code, origin + translated))
    return twins


@lru_cache(maxsize=4096)
def _translated(urlconf, script_prefix, active, path, code) -> str:
    # translate_url resolves and reverses (twice per language per rendered page, a few % of
    # it); its answer depends only on these arguments, the first three being what Django
    # itself reads (the URLconf, the script prefix, the active language).
    return translate_url(path, code)


def languages(request):
    """Context processor: the page's twins for hreflang links and the language switch."""
    current = translation.get_language()
    return {
        "language_twins": [(HTML_LANG.get(code, code), url) for code, url in twin_urls(request)],
        "other_languages": [
            (code, HTML_LANG.get(code, code), url)
            for code, url in twin_urls(request, full=True)
            if code != current
        ],
    }


def unprefixed(view):
    """Data (API, downloads) carry both languages at one address: /en/… redirects there."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_original():
            prefix = f"/{translation.get_language()}/"
            target = "/" + request.get_full_path().removeprefix(prefix)
            return HttpResponsePermanentRedirect(target)
        return view(request, *args, **kwargs)

    return wrapper
