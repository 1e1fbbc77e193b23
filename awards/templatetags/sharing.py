"""{% share_image_meta url alt %}: og:image tags when share images can be drawn."""

from django import template

from awards.sharing.fonts import cjk_fonts

register = template.Library()


@register.inclusion_tag("awards/sharing/og_image.html", takes_context=True)
def share_image_meta(context, url: str, alt: str):
    request = context["request"]
    return {
        "enabled": cjk_fonts() is not None,
        "url": request.build_absolute_uri(url),
        "alt": alt,
    }
