"""The items of the search page's result lists: nominees, cases and the lists they won in.

Tags rather than loops and an include per result: a search page shows dozens of results, and
their template nodes were a third of its render time. Display only (awards.search reads).
"""

from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from awards import bilingual
from awards.pinyin import row_forms
from awards.templatetags.awards_extras import (
    data_lang,
    highlight,
    matching_aliases,
    quoted_title,
    reverser,
)

register = template.Library()


@register.simple_tag
def nominee_results(nominees, query):
    """<li class="result"> per nominee: its name and the aliases the query matched, both
    highlighted, its kind and the lists it won in."""
    url = reverser()
    return mark_safe("\n".join(_nominee_html(nominee, query, url) for nominee in nominees))


def _nominee_html(nominee, query, url) -> str:
    stored = row_forms(nominee)  # its pinyin: highlight a pinyin match without the dictionaries
    name = bilingual.html(nominee, "name", highlight=lambda value: highlight(value, query, stored))
    aliases = ""
    if matched := matching_aliases(nominee, query):
        lang = data_lang()
        shown = mark_safe(
            conditional_escape(gettext("、")).join(
                format_html("<span{}>{}</span>", lang, highlight(alias, query)) for alias in matched
            )
        )
        aliases = format_html('<span class="result__aliases">{}:{}</span>', gettext("别名"), shown)
    return format_html(
        '<li class="result">\n<a class="result__title" href="{}">{}</a>\n'
        '<span class="result__kind">{}</span>\n{}\n{}\n</li>',
        url("awards:nominee", nominee.slug),
        name,
        nominee.get_kind_display(),
        aliases,
        _result_awards(nominee.public_awards, url),
    )


@register.simple_tag
def case_results(cases, query):
    """<li class="result"> per case: its title highlighted, its organization, the lists."""
    url = reverser()
    return mark_safe("\n".join(_case_html(case, query, url) for case in cases))


def _case_html(case, query, url) -> str:
    stored = row_forms(case)
    title = quoted_title(case, highlight=lambda value: highlight(value, query, stored))
    return format_html(
        '<li class="result">\n<a class="result__title" href="{}">{}</a>\n'
        '<span class="result__kind">{}</span>\n{}\n</li>',
        url("awards:case", case.pk),
        title,
        bilingual.html(case.nominee, "name"),
        _result_awards(case.public_awards, url),
    )


def _result_awards(awards, url) -> str:
    """The lists a search result won in, withdrawn ones struck through."""
    return format_html(
        '<ul class="result__awards">\n{}\n</ul>',
        mark_safe("\n".join(_result_award_html(award, url) for award in awards)),
    )


def _result_award_html(award, url) -> str:
    award_list = award.award_list
    year = award_list.edition.year
    # The whole text escaped (it holds numbers and the catalog's words, no markup).
    edition = escape(gettext("%(year)s届") % {"year": year})
    if award_list.review_year and award_list.review_year != year:
        review = gettext("评选年度%(review)s") % {"review": award_list.review_year}
        edition = format_html("{} · {}", edition, review)
    link = format_html(
        '<a href="{}">{}</a> <span class="result__edition">({})</span>',
        url("awards:award-list", year, award_list.slug),
        bilingual.html(award_list, "name"),
        edition,
    )
    if not award.is_withdrawn:
        return format_html("<li>{}</li>", link)
    return format_html(
        '<li class="award--withdrawn"><del>{}</del> <strong>{}</strong></li>',
        link,
        gettext("已撤销"),
    )
