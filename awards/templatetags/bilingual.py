"""{% tr obj "field" %} and {% tr_text obj "field" %}: recorded values in the page's language."""

import re

from django import template
from django.utils.html import conditional_escape, format_html

from awards import bilingual
from awards.pinyin import row_forms
from awards.templatetags.awards_extras import highlight as highlight_filter

register = template.Library()
# Han characters and CJK punctuation: text a reader of an English page sees as Chinese.
HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


@register.simple_tag
def tr(obj, field, highlight=None):
    """HTML: the English value on English pages, else the marked original (with pinyin)."""
    stored = row_forms(obj)
    mark = (lambda value: highlight_filter(value, highlight, stored)) if highlight else None
    return bilingual.html(obj, field, highlight=mark)


@register.simple_tag
def tr_text(obj, field):
    """Plain text for <title> and meta tags (romanized where English is missing)."""
    return bilingual.text(obj, field)


@register.simple_tag
def announced(award):
    """HTML: the name the award was announced under, in the page's language (see
    awards.bilingual.announced); the nominee's name today may differ."""
    return bilingual.html(bilingual.announced(award), "name")


@register.simple_tag
def announced_text(award):
    """Plain text of the announced name, for <title> and meta tags."""
    return bilingual.text(bilingual.announced(award), "name")


@register.simple_tag
def typed(query):
    """What a visitor typed, echoed: Chinese input on an English page is marked as Chinese."""
    if not bilingual.is_original() and HAN.search(query or ""):
        return format_html('<span lang="zh-Hans">{}</span>', query)
    return conditional_escape(query)


@register.filter
def plain_on_page(query):
    """The query when it can stand unmarked in plain text (a <title>), else ""."""
    if not bilingual.is_original() and HAN.search(query or ""):
        return ""
    return query
