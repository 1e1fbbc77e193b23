"""Editions: what to check before publishing, publication itself, and the next edition."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, AwardList, Case, Edition
from awards.services.common import _save

# --- Consistency --------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing to check before an edition goes public.

    `key` names its kind and exactly what it is about (the list and its counts, the nominee
    and its lists, the case), so an organizer's acknowledgement covers this problem only.
    """

    message: str
    key: str = ""


def edition_problems(*, edition: Edition) -> list[Problem]:
    """Open problems of an edition, in three queries whatever its size."""
    return problems_by_edition(edition_ids=[edition.pk])[edition.pk]


def problems_by_edition(*, edition_ids: list[int]) -> dict[int, list[Problem]]:
    """Open problems of several editions at once, in three queries whatever their number."""
    problems = {pk: [] for pk in edition_ids}
    for edition_id, problem in (
        *_list_count_problems(edition_ids),
        *_repeated_nominee_problems(edition_ids),
        *_case_summary_problems(edition_ids),
    ):
        problems[edition_id].append(problem)
    return problems


def _list_count_problems(edition_ids: list[int]) -> list[tuple[int, Problem]]:
    """Lists left empty without a word, and lists whose recorded count is not the announced."""
    found = []
    lists = (
        AwardList.objects.filter(edition__in=edition_ids)
        .with_counts()
        .order_by("edition", "position", "pk")
    )
    for award_list in lists:
        announced, recorded = award_list.announced_count, award_list.recorded_count
        if recorded == 0 and announced is None:
            if not award_list.source_unpublished:
                # Empty and unexplained: unfinished work, or a source that published no names?
                message = _(
                    "「%(list)s」没有录入任何获奖名单,也没有公布数量;"
                    "如果来源没有公布名单,请勾选“来源未公布名单”。"
                ) % {"list": award_list.shown_name}
                found.append(
                    (award_list.edition_id, Problem(message, key=f"empty:{award_list.pk}"))
                )
        elif announced is not None and recorded != announced:
            message = _("「%(list)s」已录入 %(recorded)s 项,公布数量为 %(announced)s 项。") % {
                "list": award_list.shown_name,
                "recorded": recorded,
                "announced": announced,
            }
            key = f"count:{award_list.pk}:{recorded}/{announced}"
            found.append((award_list.edition_id, Problem(message, key=key)))
    return found


def _repeated_nominee_problems(edition_ids: list[int]) -> list[tuple[int, Problem]]:
    """The same account winning in two lists of one year: possible, but usually a typo."""
    repeated = (
        Award.objects.current()
        .filter(award_list__edition__in=edition_ids, award_list__kind=AwardList.Kind.NOMINEES)
        .values("award_list__edition", "nominee_id", "nominee__name")
        .annotate(
            lists=Count("award_list", distinct=True),
            first=Min("award_list_id"),
            last=Max("award_list_id"),
        )
        .filter(lists__gt=1)
        .order_by("award_list__edition", "nominee__name")
    )
    return [
        (
            row["award_list__edition"],
            Problem(
                _("「%(name)s」出现在本届 %(count)s 个获奖名单中,请确认不是重复录入。")
                % {"name": row["nominee__name"], "count": row["lists"]},
                key=f"repeat:{row['nominee_id']}:{row['lists']}:{row['first']}-{row['last']}",
            ),
        )
        for row in repeated
    ]


def _case_summary_problems(edition_ids: list[int]) -> list[tuple[int, Problem]]:
    """Cases of these editions that have no summary yet."""
    cases = (
        Case.objects.filter(awards__award_list__edition__in=edition_ids, summary="")
        .values_list("awards__award_list__edition", "pk", "title")
        .distinct()
        .order_by("awards__award_list__edition", "title")
    )
    return [
        (
            edition_id,
            Problem(_("案例「%(title)s」还没有简介。") % {"title": title}, key=f"summary:{pk}"),
        )
        for edition_id, pk, title in cases
    ]


# --- Publication --------------------------------------------------------------------


def publish_edition(*, edition: Edition, now: datetime.datetime | None = None) -> Edition:
    """Make the edition public at once (an edition already public keeps its moment)."""
    if edition.status == "published":
        return edition
    edition.published_at = now or timezone.now()
    _save(edition, reason=_("立即发布"))
    return edition


def schedule_edition(
    *, edition: Edition, at: datetime.datetime, now: datetime.datetime | None = None
) -> Edition:
    """Make the edition public at a future moment; the public sees it once `at` has passed."""
    if at is None:
        raise ValidationError(_("请填写发布时间。"))
    if timezone.is_naive(at):
        at = timezone.make_aware(at)
    if at <= (now or timezone.now()):
        raise ValidationError(_("定时发布的时间必须在将来;要马上发布,请用“立即发布”。"))
    edition.published_at = at
    _save(edition, reason=_("定时发布"))
    return edition


def unpublish_edition(*, edition: Edition) -> Edition:
    """Take the edition back to draft: the public no longer sees it."""
    if edition.published_at is None:
        return edition
    edition.published_at = None
    _save(edition, reason=_("取消发布"))
    return edition


# --- Next edition -------------------------------------------------------------------


def _next_year_date(day: datetime.date | None) -> datetime.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def create_next_edition(*, edition: Edition) -> Edition:
    """A draft copy for the following year: lists (names, slugs, kinds, counts), no awards.

    Both years move on: the edition's, and each list's review year (评选年度), which is also
    replaced inside the copied list names ("2020年优秀政务新媒体" of the 2021 edition becomes
    "2021年优秀政务新媒体" of 2022). The new edition's `list_renames` holds each (old, new).
    """
    year = edition.year + 1
    if Edition.objects.filter(year=year).exists():
        raise ValidationError(_("%(year)s 年的届次已经存在。") % {"year": year})
    old, new = str(edition.year), str(year)
    renames = []
    with transaction.atomic():
        successor = Edition(
            year=year,
            name=edition.name.replace(old, new),
            held_on=_next_year_date(edition.held_on),
            guided_by=edition.guided_by,
            hosted_by=edition.hosted_by,
            organized_by=edition.organized_by,
            venue=edition.venue,
            published_at=None,
        )
        successor.full_clean()
        _save(successor, reason=_("由 %(year)s 届创建") % {"year": edition.year})
        for award_list in edition.award_lists.order_by("position", "pk"):
            review = award_list.review_year or edition.year
            was, now = str(review), str(review + 1)
            name = award_list.name.replace(was, now)
            if name != award_list.name:
                renames.append((award_list.name, name))
            copy = AwardList(
                edition=successor,
                name=name,
                slug=award_list.slug.replace(old, new).replace(was, now),
                position=award_list.position,
                review_year=review + 1,
                kind=award_list.kind,
                announced_count=award_list.announced_count,
                description=award_list.description.replace(was, now),
            )
            copy.full_clean()
            _save(copy, reason=_("由 %(year)s 届创建") % {"year": edition.year})
    successor.list_renames = renames
    return successor
