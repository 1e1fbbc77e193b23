"""Share images and icons. Each goes through the public page cache, whose key holds the data
version: an image is drawn once per state of the data and redrawn after any change."""

from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards import identity
from awards.completeness import count_note
from awards.models import Award, AwardList, Edition, Nominee
from awards.sharing.drawing import favicon_ico, share_card, touch_icon_png
from awards.sharing.fonts import MISSING_MESSAGE, cjk_fonts


def _png_response(title: str, details: list[str], footer: str) -> HttpResponse:
    """The share card of (title, details, footer): the text drawn, line by line."""
    fonts = cjk_fonts()
    if fonts is None:
        # Boxes instead of Chinese would be worse than no picture; pages drop og:image too.
        return HttpResponse(MISSING_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
    site = identity.current()
    png = share_card(fonts, event=site.short_name, title=title, details=details, footer=footer)
    return HttpResponse(png, content_type="image/png")


def _count(n: int) -> str:
    return _("%(count)s项奖项") % {"count": n}


def _list_count(award_list: AwardList) -> str:
    """As the list's page says it: announced and recorded whenever they differ."""
    return count_note(
        announced=award_list.announced_count,
        recorded=award_list.recorded_count,
        withdrawn=award_list.withdrawn_count,
    )


def edition_card(edition: Edition) -> tuple[str, list[str], str]:
    """The text of an edition's share card: (title, detail lines, footer)."""
    lists = AwardList.objects.filter(edition=edition).with_counts().order_by("position", "pk")
    details = [date_format(edition.held_on, "DATE_FORMAT")]
    details += [f"{al.shown_name} · {_list_count(al)}" for al in lists]
    return edition.name, details, _("获奖名单")


def edition_image(request, year: int):
    edition = get_object_or_404(Edition.objects.published(), year=year)
    return _png_response(*edition_card(edition))


def list_card(award_list: AwardList) -> tuple[str, list[str], str]:
    """The text of a list's share card (the list fetched with_counts())."""
    names = list(
        award_list.awards.current()
        .order_by("position")
        .values_list("announced_name", flat=True)[:12]
    )
    details = [award_list.edition.name, _list_count(award_list), "、".join(names)]
    return award_list.shown_name, details, _("榜单")


def list_image(request, year: int, slug: str):
    award_list = get_object_or_404(
        AwardList.objects.published().with_counts().select_related("edition"),
        edition__year=year,
        slug=slug,
    )
    return _png_response(*list_card(award_list))


def nominee_image(request, slug: str):
    nominee = get_object_or_404(
        Nominee.objects.with_published_awards().only("name", "name_en", "pinyin"), slug=slug
    )
    awards = (
        Award.objects.published()
        .filter(nominee=nominee)
        .select_related("award_list__edition")
        .order_by("-award_list__edition__year", "award_list__position", "position")
    )
    details = []
    for award in (awards := list(awards)):
        year, name = str(award.award_list.edition.year), award.award_list.shown_name
        # List names usually carry their year already ("2022年优秀政务新媒体").
        line = name if year in name else f"{year} · {name}"
        if award.rank:
            line += " · " + _("第%(rank)s名") % {"rank": award.rank}
        if award.is_withdrawn:
            line += " " + _("(已撤销)")
        details.append(line)
    footer = _("获奖记录") + " · " + _count(sum(not a.is_withdrawn for a in awards))
    return _png_response(nominee.name, details, footer)


def _first_letter() -> str:
    name = identity.current().short_name
    return name[:1]


def favicon(request):
    site = identity.current()
    if site.favicon_url:
        # An uploaded favicon (site settings) wins over the drawn default.
        return HttpResponseRedirect(site.favicon_url)
    return HttpResponse(favicon_ico(cjk_fonts(), _first_letter()), content_type="image/x-icon")


def apple_touch_icon(request):
    return HttpResponse(touch_icon_png(cjk_fonts(), _first_letter()), content_type="image/png")
