"""The figures each statistics page shows, in the visitor's language, keyed by chart name."""

from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Edition
from awards.stats import figures as data
from awards.stats.figures import Figure


def _top_figure(winners, title: str, summary: str) -> Figure:
    return Figure(
        key="top",
        title=title,
        summary=summary,
        columns=[_("获奖对象"), _("奖项"), _("届次"), _("名次")],
        rows=[[n.name, n.total, n.editions, n.rank] for n in winners],
        links=[reverse("awards:nominee", kwargs={"slug": n.slug}) for n in winners],
        series=[1],
    )


def _kinds_figure(kinds: list[dict]) -> Figure:
    rows = [[row["label"], row["awards"], row["winners"]] for row in kinds]
    return Figure(
        key="kinds",
        title=_("按获奖对象类型"),
        summary=_("各类获奖对象获得的奖项数和获奖对象数。"),
        columns=[_("类型"), _("奖项"), _("获奖对象")],
        rows=rows,
        series=[1, 2],
    )


def edition_figure(edition: Edition, key: str) -> Figure:
    if key == "lists":
        lists = data.awards_per_list(edition)
        return Figure(
            key="lists",
            title=_("各榜单奖项数"),
            summary=_("本届每个榜单的现有奖项数(不含已撤销的),以及主办方公布的数量。"),
            columns=[_("榜单"), _("奖项"), _("公布数量"), _("已撤销")],
            rows=[
                [row["name"], row["current"], row["announced_count"] or "—", row["withdrawn"]]
                for row in lists
            ],
            links=[
                reverse("awards:award-list", kwargs={"year": edition.year, "slug": row["slug"]})
                for row in lists
            ],
            # The announced number beside the current one, as the list pages say it: a chart
            # of 5 alone would make 十佳案例 (10 announced, 5 named) look complete.
            series=[1, 2],
        )
    if key == "kinds":
        return _kinds_figure(data.awards_per_kind(edition))
    if key == "winners":
        counts = data.new_and_returning(edition)
        new = counts["winners"] - counts["returning"]
        return Figure(
            key="winners",
            title=_("首次获奖与再次获奖"),
            summary=_("本届获奖对象中,第一次获奖的和在往届已经获过奖的。"),
            columns=[_("获奖对象"), _("数量")],
            rows=[[_("首次获奖"), new], [_("再次获奖"), counts["returning"]]],
            series=[1],
        )
    if key == "top":
        return _top_figure(
            data.top_winners(edition),
            _("本届获奖对象的历届奖项数"),
            _("本届获奖对象按历届获得的奖项总数排列,并列的都列出。"),
        )
    raise KeyError(key)


EDITION_FIGURES = ("lists", "kinds", "winners", "top")
ARCHIVE_FIGURES = ("editions", "winners", "kinds", "top")


def archive_figure(key: str, summary: data.ArchiveSummary | None = None) -> Figure:
    if key not in ARCHIVE_FIGURES:
        raise KeyError(key)
    summary = data.archive_summary() if summary is None else summary
    over_time = summary.over_time
    links = [reverse("awards:edition", kwargs={"year": row["year"]}) for row in over_time]
    if key == "editions":
        return Figure(
            key="editions",
            title=_("历届奖项数"),
            summary=_("每届公布的榜单数、现有奖项数和获奖对象数。"),
            columns=[_("年份"), _("奖项"), _("获奖对象"), _("榜单")],
            rows=[[r["year"], r["awards"], r["winners"], r["lists"]] for r in over_time],
            links=links,
            series=[1, 2],
            chart="line",
        )
    if key == "winners":
        return Figure(
            key="winners",
            title=_("每届首次获奖与再次获奖"),
            summary=_("每届获奖对象中,第一次获奖的和在往届已经获过奖的。"),
            columns=[_("年份"), _("首次获奖"), _("再次获奖")],
            rows=[[r["year"], r["new"], r["returning"]] for r in over_time],
            links=links,
            series=[1, 2],
            chart="stacked",
        )
    if key == "kinds":
        return _kinds_figure(summary.kinds)
    return _top_figure(
        summary.top,
        _("历届获奖最多的获奖对象"),
        _("按已公布届次中的奖项总数排列(不含已撤销的),并列的都列出。"),
    )
