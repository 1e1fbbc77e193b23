"""Display-only helpers for the archive's navigation: the nominee timeline.

(The edition pager's previous/next editions are read by the edition view:
awards.browse.selectors.neighbours.)
"""

from collections import defaultdict

from django import template

register = template.Library()


@register.filter
def timeline(awards: list) -> list[dict]:
    """A nominee's awards grouped by edition, newest first (awards come in that order)."""
    groups = defaultdict(list)
    for award in awards:
        groups[award.award_list.edition].append(award)
    return [{"edition": edition, "awards": items} for edition, items in groups.items()]
