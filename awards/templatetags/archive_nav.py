"""Display-only helpers for the archive's navigation: the nominee timeline.

(The edition pager's previous/next editions are read by the edition view:
awards.browse.selectors.neighbours.)
"""

from collections import defaultdict

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from awards import bilingual
from awards.templatetags.awards_extras import (
    award_tags,
    cached_reverse,
    quoted_title,
    withdrawn_note,
)

register = template.Library()


@register.filter
def timeline(awards: list) -> list[dict]:
    """A nominee's awards grouped by edition, newest first (awards come in that order)."""
    groups = defaultdict(list)
    for award in awards:
        groups[award.award_list.edition].append(award)
    return [{"edition": edition, "awards": items} for edition, items in groups.items()]


# The timeline is built here rather than by template loops, like an edition's award items
# (awards_extras.award_items): its nodes per award were most of a nominee page's render.


@register.simple_tag
def nominee_timeline(awards: list):
    """A nominee's awards as a timeline: one mark per edition, newest first."""
    stops = [_stop_html(stop["edition"], stop["awards"]) for stop in timeline(awards)]
    return format_html('<ol class="timeline">\n{}\n</ol>', mark_safe("\n".join(stops)))


def _stop_html(edition, awards: list) -> str:
    edition_url = cached_reverse("awards:edition", edition.year)
    edition_link = format_html(
        '<span class="history__edition"><a href="{}">{}</a></span>',
        edition_url,
        bilingual.html(edition, "name"),
    )
    preview = ""
    if not edition.is_public:
        preview = format_html(' <span class="tag tag--preview">{}</span>', gettext("未公布"))
    items = "\n".join(_history_item_html(award, edition.year, edition_link) for award in awards)
    return format_html(
        '<li class="timeline__stop">\n<p class="timeline__year"><a href="{}">'
        '<time datetime="{}">{}</time></a>{}</p>\n<ul class="history">\n{}\n</ul>\n</li>',
        edition_url,
        edition.year,
        edition.year,
        preview,
        mark_safe(items),
    )


def _history_item_html(award, year: int, edition_link: str) -> str:
    award_list = award.award_list
    named = format_html(
        '<a href="{}">{}</a>',
        cached_reverse("awards:award-list", year, award_list.slug),
        bilingual.html(award_list, "name"),
    )
    if award.case:
        case_url = cached_reverse("awards:case", award.case_id)
        named = format_html('{}\n<a href="{}">{}</a>', named, case_url, quoted_title(award.case))
    if award.is_withdrawn:
        named = format_html("<del>{}</del>", named)
    parts = [named, award_tags(award)]
    if award.announced_name and award.announced_name != award.nominee.name:
        parts.append(
            format_html(
                '<span class="history__announced">{}{}</span>',
                gettext("获奖时名称:"),
                bilingual.html(bilingual.announced(award), "name"),
            )
        )
    if award_list.review_year and award_list.review_year != year:
        review = gettext("评选年度%(review)s") % {"review": award_list.review_year}
        parts.append(format_html('<span class="history__review">{}</span>', review))
    parts += [edition_link, withdrawn_note(award)]
    return format_html(
        '<li class="history__item{}">\n{}\n</li>',
        " award--withdrawn" if award.is_withdrawn else "",
        mark_safe("\n".join(parts)),
    )
