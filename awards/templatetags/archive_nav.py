"""Template access to awards.browse: previous/next editions and the nominee timeline."""

from django import template

from awards.browse.views import neighbours, timeline

register = template.Library()


@register.simple_tag
def edition_neighbours(edition):
    """{'previous_edition': …, 'next_edition': …}: published editions around this one."""
    return neighbours(edition)


register.filter("timeline", timeline)
