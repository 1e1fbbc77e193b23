"""Template helpers for the public site: search highlighting and JSON-LD."""

import functools
import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation
from django.utils.html import _json_script_escapes, conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from awards import bilingual
from awards.pinyin import row_forms
from awards.search import match_span

register = template.Library()


@functools.lru_cache(maxsize=16384)
def _reverse(urlconf, script_prefix, language, viewname, args):
    # Arguments the reversal depends on besides its own: the URLconf, the script prefix and
    # (with language prefixes in the URL) the active language; all are part of the key.
    return reverse(viewname, urlconf=urlconf, args=args)


def cached_reverse(viewname: str, *args) -> str:
    """reverse() built once per distinct URL and process: an edition page links every award's
    nominee (and the JSON-LD again), and reversing was a quarter of its render time."""
    return reverser()(viewname, *args)


def reverser():
    """cached_reverse for a loop: the URLconf, script prefix and language are read once (each
    is a context-local lookup, and an edition page reverses over a hundred links)."""
    key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), translation.get_language())
    return lambda viewname, *args: _reverse(*key, viewname, args)


@register.simple_tag
def url_once(viewname, *args):
    """{% url %} for links repeated per award: the same URL, reversed once (cached_reverse)."""
    return cached_reverse(viewname, *args)


class Spelled(str):
    """A name with the stored forms of the row it comes from (awards.pinyin.row_forms), so
    that `highlight` finds a pinyin match in it without loading the dictionaries."""

    stored = ""

    @classmethod
    def of(cls, text: str, stored: str) -> "Spelled":
        spelled = cls(text)
        spelled.stored = stored
        return spelled


@register.filter
def highlight(text, query, stored: str = ""):
    """`text` with the part that `query` matched wrapped in <mark>, everything escaped."""
    stored = stored or getattr(text, "stored", "")
    text = str(text)
    span = match_span(text, str(query or ""), stored)
    if span is None:
        return conditional_escape(text)
    return format_html(
        "{}<mark>{}</mark>{}",
        text[: span.start],
        text[span.start : span.stop],
        text[span.stop :],
    )


@register.filter
def matching_aliases(nominee, query):
    """The aliases of a nominee that `query` matches, for showing why it was found."""
    stored = row_forms(nominee)
    return [
        Spelled.of(alias, stored)
        for alias in nominee.aliases
        if match_span(alias, str(query or ""), stored)
    ]


@register.filter
def jsonld(value):
    """A schema.org JSON-LD block, escaped like json_script so no data can close the tag.

    The application/ld+json type makes it a data block: browsers never execute it, so the
    Content-Security-Policy (no unsafe-inline) does not apply to it.
    """
    payload = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    # json_script's escapes (&, <, >) as three replace() calls: str.translate with a dict
    # walks a 20 KB edition payload character by character, ten times slower.
    for char, escaped in _JSON_SCRIPT_ESCAPES:
        payload = payload.replace(char, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(payload))


_JSON_SCRIPT_ESCAPES = [(chr(code), escaped) for code, escaped in _json_script_escapes.items()]


def _origin(request) -> str:
    """scheme://host, to put before reversed paths (they are already URI-quoted): what
    build_absolute_uri() does, once per page instead of twice per award."""
    return request.build_absolute_uri("/").removesuffix("/")


def _award_item(award, award_list, origin: str, url) -> dict:
    organization = {
        "@type": "Organization",
        "name": award.announced_name or award.nominee.name,
        "url": origin + url("awards:nominee", award.nominee.slug),
    }
    if award.case_id:
        item = {
            "@type": "CreativeWork",
            "name": award.case.title,
            "url": origin + url("awards:case", award.case_id),
            "creator": organization,
            "award": award_list.shown_name,
        }
    else:
        item = {**organization, "award": award_list.shown_name}
    return {"@type": "ListItem", "position": award.position, "item": item}


def _item_list(award_list, year: int, origin: str) -> dict:
    # Withdrawn awards are part of the page's record but not of the honours it states.
    current = [a for a in award_list.ordered_awards if not a.is_withdrawn]
    url = reverser()
    return {
        "@type": "ItemList",
        "name": award_list.shown_name,
        "url": origin + url("awards:award-list", year, award_list.slug),
        "numberOfItems": len(current),
        "itemListElement": [_award_item(a, award_list, origin, url) for a in current],
    }


@register.filter
def edition_jsonld(edition, request) -> dict:
    """schema.org Event for an edition, its lists and awards as the things it is about."""
    origin = _origin(request)
    organizers = [
        {"@type": "Organization", "name": name}
        for name in (edition.hosted_by, edition.organized_by)
        if name
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": edition.name,
        "startDate": edition.held_on.isoformat(),
        "url": request.build_absolute_uri(reverse("awards:edition", args=[edition.year])),
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "organizer": organizers,
        "about": [_item_list(al, edition.year, origin) for al in edition.lists],
    }
    if edition.venue:
        data["location"] = {"@type": "Place", "name": edition.venue}
    if edition.summary:
        data["description"] = edition.summary
    if edition.guided_by:
        data["sponsor"] = {"@type": "Organization", "name": edition.guided_by}
    return data


@register.filter
def award_list_jsonld(award_list, request) -> dict:
    """schema.org ItemList for one list page."""
    return {
        "@context": "https://schema.org",
        **_item_list(award_list, award_list.edition.year, _origin(request)),
    }


@register.simple_tag
def data_lang():
    """` lang="zh-Hans"` on recorded data (names, titles) when the page is in another language.

    The data is always Chinese; marking it lets screen readers pronounce it correctly
    (WCAG 3.1.2, language of parts).
    """
    if translation.get_language() == "zh-hans":
        return ""
    return mark_safe(' lang="zh-Hans"')


# Rank, level and the withdrawal note of one award, on the list, nominee and case pages. Tags,
# not includes: an edition page shows dozens of awards, and an include per award per snippet
# was most of its render time.


@register.simple_tag
def award_tags(award):
    """The award's rank and level, when set."""
    tags = []
    if award.rank:
        rank = gettext("第%(rank)s名") % {"rank": award.rank}
        tags.append(format_html('<span class="tag tag--rank">{}</span>', rank))
    if award.level:
        # English pages show the English level, or the marked original (awards.bilingual).
        level = bilingual.html(award, "level")
        tags.append(format_html('<span class="tag tag--level">{}</span>', level))
    return mark_safe("\n".join(tags))


@register.simple_tag
def withdrawn_note(award):
    """ "已撤销" and the reason, beside a struck-through award."""
    if not award.is_withdrawn:
        return ""
    reason = ""
    if award.withdrawal_reason:
        reason = format_html(":" + "<span{}>{}</span>", data_lang(), award.withdrawal_reason)
    return format_html(
        '<span class="withdrawn-note"><strong>{}</strong>{}</span>', gettext("已撤销"), reason
    )


@register.simple_tag
def award_items(award_list):
    """A list's awards as the items of its <ol>, in position order (award_list.ordered_awards).

    Withdrawn awards stay in place, struck through, with "已撤销" and the reason, so the public
    record shows what changed and why. Built here rather than by a template loop: an edition
    page shows dozens of awards, and the loop's nodes were most of its render time.
    """
    case_list, url = award_list.is_case_list, reverser()
    items = (_award_item_html(award, case_list, url) for award in award_list.ordered_awards)
    return mark_safe("\n".join(items))


def quoted_title(case, highlight=None) -> str:
    """HTML: 《a case's title》 in the page's language (`highlight` as in bilingual.html)."""
    title = bilingual.html(case, "title", highlight=highlight)
    # Translated like {% blocktranslate %}: the catalog's text as is, the title escaped.
    return mark_safe(gettext("《%(title)s》") % {"title": conditional_escape(title)})


def _award_item_html(award, case_list: bool, url) -> str:
    withdrawn = award.is_withdrawn
    nominee_url = url("awards:nominee", award.nominee.slug)
    name = bilingual.html(bilingual.announced(award), "name")
    if case_list and award.case:
        body = format_html(
            '<a class="award__case" href="{}">{}</a>\n'
            '<span class="award__credit"><a href="{}">{}</a></span>',
            url("awards:case", award.case_id),
            quoted_title(award.case),
            nominee_url,
            name,
        )
    else:
        body = format_html('<a class="award__nominee" href="{}">{}</a>', nominee_url, name)
    if withdrawn:
        body = format_html("<del>{}</del>", body)
    return format_html(
        '<li class="award{}">\n{}\n{}\n{}\n</li>',
        " award--withdrawn" if withdrawn else "",
        body,
        award_tags(award),
        withdrawn_note(award),
    )
