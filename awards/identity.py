"""The event's identity: the name, tagline and footer a site shows about itself.

Every page, the feed, share images and certificates read it from `current()` (templates get it
as `site` from the context processor), so no event name is hard-coded anywhere else.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class SiteIdentity:
    name: str
    short_name: str
    tagline: str
    footer_text: str
    contact: str = ""
    logo_url: str = ""
    favicon_url: str = ""


def current() -> SiteIdentity:
    """The identity in the active language."""
    return SiteIdentity(
        name=_("成都市政务新媒体峰会榜单"),
        short_name=_("成都市政务新媒体峰会"),
        tagline=_(
            "成都市政务新媒体峰会历届获奖名单:优秀政务新媒体、优秀新媒体、优秀自媒体、"
            "十佳案例和先进集体,可检索、可下载。"
        ),
        footer_text=_("本站收录成都市政务新媒体峰会公布的获奖名单,每条都注明来源。"),
    )


def safe_current() -> SiteIdentity | None:
    """`current()`, or None when it cannot be read (the 500 page must still render)."""
    try:
        return current()
    except Exception:
        return None


def site_identity(request):
    """Context processor: `site` in every template."""
    return {"site": current()}
