"""The event's identity: the name, tagline, footer and images a site shows about itself.

One SiteSettings row (django-solo), edited by a superuser in the admin, in Chinese and
English. Every page, the feed, the admin header, share images and certificates read it from
`current()` (templates get it as `site`), so no event name is hard-coded anywhere else.
Its own Django app (label "identity", the site settings table). It sits below the record
(docs/architecture.md, "The map"): it imports only awards.bilingual and awards.text.
"""

from dataclasses import dataclass, field

from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from awards.pinyin import pinyin_initials, romanize, row_forms

_REQUEST_ATTR = "_summit_site_identity"


@dataclass(frozen=True)
class SiteIdentity:
    name: str
    short_name: str
    tagline: str
    footer_text: str
    contact: str = ""
    logo_url: str = ""
    favicon_url: str = ""
    # A name a visitor may search for, to give examples with ("" when none is set), and the
    # full pinyin and initials of its Chinese original.
    search_example: str = ""
    search_pinyin: str = ""
    search_initials: str = ""
    # What the search box suggests: the example, or its pinyin where it would be Chinese on an
    # English page (a placeholder cannot mark its language).
    search_hint: str = ""
    # Fields shown in the Chinese original on an English page (no English value yet):
    # templates mark them lang="zh-Hans".
    fallback: frozenset = field(default_factory=frozenset)


def _file_url(file) -> str:
    # A storage that cannot build a URL (S3 down, a deleted file) must not break every page.
    try:
        return file.url if file else ""
    except Exception:
        return ""


def from_settings(settings_row) -> SiteIdentity:
    """The identity in the active language, from a SiteSettings row."""
    from awards import bilingual

    english = not bilingual.is_original()
    stored = row_forms(settings_row)
    values, fallback = {}, set()
    for name in ("name", "short_name", "tagline", "footer_text", "contact", "search_example"):
        original = getattr(settings_row, name) or ""
        value = original
        if english:
            value = bilingual.english_value(settings_row, name)
            if not value and name in ("name", "short_name"):
                value = romanize(original, stored)
            elif not value:
                value = original
                if original:
                    fallback.add(name)
        values[name] = value
    values["name"] = values["name"] or _("评选榜单")
    values["short_name"] = values["short_name"] or values["name"]
    return SiteIdentity(
        **values,
        search_pinyin=romanize(settings_row.search_example, stored).lower(),
        search_initials=pinyin_initials(settings_row.search_example, stored),
        search_hint=(
            romanize(settings_row.search_example, stored).lower()
            if "search_example" in fallback
            else values["search_example"]
        ),
        logo_url=_file_url(settings_row.logo),
        favicon_url=_file_url(settings_row.favicon),
        fallback=frozenset(fallback),
    )


# Identities this process has built, by (data state, language). A SiteSettings save is a
# change of the data state (awards.apps), so an identity never outlives the row it came from;
# every rendered page needs one, and reading and romanising it was 5-8 % of a page (issue 21).
_by_state: dict[tuple[str, str], SiteIdentity] = {}
_STATES_KEPT = 4


def current(request=None) -> SiteIdentity:
    """The identity in the active language (one query per data state and language)."""
    if request is not None and hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    from awards import caching, datastate

    keep = not caching.change_pending()
    key = (datastate.token(), get_language())
    identity = _by_state.get(key) if keep else None
    if identity is None:
        from awards.identity.models import SiteSettings

        # Read, never created here: a GET must not write; an unsaved row gives the defaults.
        row = SiteSettings.objects.filter(pk=SiteSettings.singleton_instance_id).first()
        identity = from_settings(row or SiteSettings())
        while keep and len(_by_state) >= _STATES_KEPT * 2:  # two languages per state
            _by_state.pop(next(iter(_by_state)))
        if keep:
            _by_state[key] = identity
    if request is not None:
        setattr(request, _REQUEST_ATTR, identity)
    return identity


def forget() -> None:
    """Drop this process's identities (tests: a rolled-back test reuses data states)."""
    _by_state.clear()


def safe_current() -> SiteIdentity | None:
    """`current()`, or None when it cannot be read (the 500 page must still render)."""
    try:
        return current()
    except Exception:
        return None


def site_identity(request):
    """Context processor: `site` in every template, read when a template first uses it."""
    return {"site": SimpleLazyObject(lambda: current(request))}
