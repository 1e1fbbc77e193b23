"""Writes that span rows or models: publication, reordering, withdrawals, merges, restores.

Every function is keyword-only, validates before it writes, and saves row by row through
the model so django-simple-history records who changed what (the request's user when called
from the admin, thanks to HistoryRequestMiddleware) and the public cache is bumped on commit.
Errors the organizer can fix are raised as ValidationError with a Chinese message.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Min, Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from awards import restore_conflicts
from awards.models import Award, AwardList, Case, Edition, Nominee
from awards.reasons import clip_reason
from awards.slugs import mint_slug
from awards.text import clean_text, match_key

# Sent inside merge_nominees' transaction once the duplicates are gone, with keep, duplicates
# (deleted instances, slugs still readable) and started_at: lets capabilities such as
# awards.corrections keep the duplicates' old URLs answering without the core knowing them.
nominees_merged = Signal()

# Sent by bulk writers (the spreadsheet import) with the history rows they wrote, which
# simple-history's per-row post_create_historical_record never announces: records=[...].
bulk_history_written = Signal()


def _save(instance, *, reason: str = "") -> None:
    if reason:
        instance._change_reason = clip_reason(reason)
    instance.save()


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
    lists = (
        AwardList.objects.filter(edition__in=edition_ids)
        .with_counts()
        .order_by("edition", "position", "pk")
    )
    for award_list in lists:
        announced = award_list.announced_count
        if announced is not None and award_list.recorded_count != announced:
            problems[award_list.edition_id].append(
                Problem(
                    _("「%(list)s」已录入 %(recorded)s 项,公布数量为 %(announced)s 项。")
                    % {
                        "list": award_list.name,
                        "recorded": award_list.recorded_count,
                        "announced": announced,
                    },
                    key=f"count:{award_list.pk}:{award_list.recorded_count}/{announced}",
                )
            )
    # The same account winning in two lists of one year is possible but usually a typo.
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
    for row in repeated:
        problems[row["award_list__edition"]].append(
            Problem(
                _("「%(name)s」出现在本届 %(count)s 个获奖名单中,请确认不是重复录入。")
                % {"name": row["nominee__name"], "count": row["lists"]},
                key=f"repeat:{row['nominee_id']}:{row['lists']}:{row['first']}-{row['last']}",
            )
        )
    cases = (
        Case.objects.filter(awards__award_list__edition__in=edition_ids, summary="")
        .values_list("awards__award_list__edition", "pk", "title")
        .distinct()
        .order_by("awards__award_list__edition", "title")
    )
    for edition_id, pk, title in cases:
        problems[edition_id].append(
            Problem(_("案例「%(title)s」还没有简介。") % {"title": title}, key=f"summary:{pk}")
        )
    return problems


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
    """A draft copy for the following year: lists (names, slugs, kinds, counts), no awards."""
    year = edition.year + 1
    if Edition.objects.filter(year=year).exists():
        raise ValidationError(_("%(year)s 年的届次已经存在。") % {"year": year})
    old, new = str(edition.year), str(year)
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
            copy = AwardList(
                edition=successor,
                name=award_list.name.replace(old, new),
                slug=award_list.slug.replace(old, new),
                position=award_list.position,
                kind=award_list.kind,
                announced_count=award_list.announced_count,
                description=award_list.description.replace(old, new),
            )
            copy.full_clean()
            _save(copy, reason=_("由 %(year)s 届创建") % {"year": edition.year})
    return successor


# --- Ordering -----------------------------------------------------------------------


def next_position(*, award_list: AwardList) -> int:
    top = award_list.awards.aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def next_list_position(*, edition_id: int | None) -> int:
    """Where a new list goes: after the edition's last one (1 in a new edition)."""
    if edition_id is None:
        return 1
    top = AwardList.objects.filter(edition_id=edition_id).aggregate(top=Max("position"))["top"]
    return (top or 0) + 1


def new_list_slug(*, edition_id: int | None, name: str, taken: set[str] = frozenset()) -> str:
    """A slug for a new list from its name's pinyin by words, unique within the edition.

    `taken` holds slugs claimed by other unsaved lists of the same form.
    """
    existing = None if edition_id is None else AwardList.objects.filter(edition_id=edition_id)
    return mint_slug(name, taken=taken, existing=existing)


@transaction.atomic
def reorder_awards(*, award_list: AwardList, award_ids: list[int]) -> None:
    """Number the list's awards 1..n in the given order.

    (award_list, position) is unique and not deferrable, so a swap would collide midway.
    Phase one parks every award above the current maximum, phase two writes the final
    positions row by row (recording history); both inside one transaction.
    """
    awards = {a.pk: a for a in award_list.awards.select_for_update().order_by("position")}
    if sorted(award_ids) != sorted(awards) or len(set(award_ids)) != len(award_ids):
        raise ValidationError(_("新的顺序必须恰好包含该榜单的全部奖项。"))
    changed = [pk for index, pk in enumerate(award_ids, 1) if awards[pk].position != index]
    if not changed:
        return
    parking = max(a.position for a in awards.values()) + len(award_ids) + 1
    for offset, pk in enumerate(changed):
        Award.objects.filter(pk=pk).update(position=parking + offset)
    for index, pk in enumerate(award_ids, 1):
        award = awards[pk]
        if award.position != index:
            award.position = index
            _save(award, reason=_("调整顺序"))


def move_award(*, award: Award, offset: int) -> None:
    """Move an award up (negative offset) or down the list, keeping the others in order."""
    ids = list(award.award_list.awards.order_by("position").values_list("pk", flat=True))
    index = ids.index(award.pk)
    target = max(0, min(len(ids) - 1, index + offset))
    if target == index:
        return
    ids.insert(target, ids.pop(index))
    reorder_awards(award_list=award.award_list, award_ids=ids)


# --- Withdrawals --------------------------------------------------------------------


def withdraw_award(*, award: Award, reason: str, now: datetime.datetime | None = None) -> Award:
    """Withdraw an award but keep the record; the public sees it struck through with the reason."""
    reason = clean_text(reason)
    if not reason:
        raise ValidationError({"withdrawal_reason": _("撤销奖项时必须填写原因。")})
    award.withdrawn_at = now or timezone.now()
    award.withdrawal_reason = reason
    award.full_clean()
    _save(award, reason=reason)
    return award


def reinstate_award(*, award: Award, reason: str = "") -> Award:
    """Undo a withdrawal; the history keeps both steps (with the organizer's reason, if any)."""
    award.withdrawn_at = None
    award.withdrawal_reason = ""
    award.full_clean()
    _save(award, reason=clean_text(reason) or _("恢复奖项"))
    return award


# --- Re-crediting a case -----------------------------------------------------------


def recredit_conflicts(*, case: Case, nominee: Nominee) -> list[str]:
    """Lists where the new nominee already holds an award, so the case's award cannot follow."""
    if case.pk is None:
        return []
    lists = Award.objects.filter(case=case).values("award_list")
    return list(
        Award.objects.filter(award_list__in=lists, nominee=nominee)
        .exclude(case=case)
        .order_by("award_list__name")
        .values_list("award_list__name", flat=True)
    )


def recredit_case(*, case: Case, nominee: Nominee) -> Case:
    """Credit a case to another nominee; its awards follow (database trigger) and are recorded."""
    conflicts = recredit_conflicts(case=case, nominee=nominee)
    if conflicts:
        raise ValidationError(
            {
                "nominee": _("「%(name)s」已在「%(lists)s」中获奖,这个案例的奖项不能转到它名下。")
                % {"name": nominee.name, "lists": "、".join(conflicts)}
            }
        )
    reason = _("案例改署「%(name)s」") % {"name": nominee.name}
    with transaction.atomic():
        case.nominee = nominee
        case.full_clean()
        _save(case, reason=reason)
        # The trigger already moved the awards; saving them again records that in their history.
        for award in Award.objects.filter(case=case).order_by("pk"):
            _save(award, reason=reason)
    return case


# --- Merging nominees ---------------------------------------------------------------


def merge_nominees(*, keep: Nominee, duplicates: list[Nominee], reason: str = "") -> Nominee:
    """Move every award and case of the duplicates onto `keep`, then delete the duplicates.

    Their names and aliases become aliases of `keep`. All or nothing: if one step would
    break a rule (two of them in the same list, a case title twice), nothing changes.
    `reason` (the organizer's) is recorded on every history row the merge writes.
    """
    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        raise ValidationError(_("请至少选择两个获奖对象,并指定保留哪一个。"))
    dup_ids = [d.pk for d in duplicates]
    group = [keep.pk, *dup_ids]

    clashes = (
        Award.objects.filter(nominee_id__in=group)
        .values("award_list__name", "award_list__edition__year")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("award_list__edition__year", "award_list__name")
    )
    if clashes:
        names = "、".join(
            f"{row['award_list__edition__year']}「{row['award_list__name']}」" for row in clashes
        )
        raise ValidationError(
            _("无法合并:它们同时出现在 %(lists)s 中,合并后同一榜单会有重复的获奖对象。")
            % {"lists": names}
        )
    titles = (
        Case.objects.filter(nominee_id__in=group)
        .values("title")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by("title")
    )
    if titles:
        raise ValidationError(
            _("无法合并:它们都有标题为「%(title)s」的案例,请先合并或改名这些案例。")
            % {"title": titles[0]["title"]}
        )

    try:
        with transaction.atomic():
            started_at = timezone.now()
            names = [keep.name, *keep.aliases]
            for duplicate in duplicates:
                names += [duplicate.name, *duplicate.aliases]
            reason = clean_text(reason) or _("合并「%(names)s」") % {
                "names": "、".join(d.name for d in duplicates)
            }
            moved_cases = []
            for case in Case.objects.filter(nominee_id__in=dup_ids).select_for_update():
                case.nominee = keep
                _save(case, reason=reason)
                moved_cases.append(case.pk)
            # The database carried those cases' awards along (trigger); save them again so
            # their history shows the new nominee too.
            moved = Q(nominee_id__in=dup_ids) | Q(case_id__in=moved_cases)
            for award in Award.objects.filter(moved).order_by("pk"):
                award.nominee = keep
                _save(award, reason=reason)
            seen, aliases = {match_key(keep.name)}, []
            for name in names[1:]:
                key = match_key(name)
                if key and key not in seen:
                    seen.add(key)
                    aliases.append(clean_text(name))
            for duplicate in duplicates:
                duplicate._change_reason = clip_reason(_("并入「%(name)s」") % {"name": keep.name})
                slug = duplicate.slug
                duplicate.delete()
                duplicate.slug = slug
            keep.aliases = aliases
            keep.full_clean()
            _save(keep, reason=reason)
            nominees_merged.send(
                sender=Nominee, keep=keep, duplicates=duplicates, started_at=started_at
            )
    except IntegrityError as error:
        raise ValidationError(
            _("无法合并:数据库拒绝了这次修改(%(error)s),没有任何数据被改动。") % {"error": error}
        ) from error
    return keep


# --- Restoring deleted records ------------------------------------------------------


def _latest_deletion(model, pk):
    record = model.history.filter(**{model._meta.pk.attname: pk}).order_by("-history_date").first()
    if record is None or record.history_type != "-":
        raise ValidationError(_("没有找到这条已删除的记录,或者它已经恢复。"))
    return record


def _children_deleted_with(child_model, fk_attname, parent_pk, deleted_at):
    """Children whose last history row is a deletion made in the same minute as the parent's.

    A cascade deletes the children just before the parent in one transaction; a child deleted
    by itself earlier (or restored since) is left alone.
    """
    window_start = deleted_at - datetime.timedelta(minutes=1)
    candidates = child_model.history.filter(
        **{fk_attname: parent_pk},
        history_type="-",
        history_date__gte=window_start,
        history_date__lte=deleted_at,
    ).order_by("history_date")
    pk_name = child_model._meta.pk.attname
    restored = []
    for record in candidates:
        pk = getattr(record, pk_name)
        latest = child_model.history.filter(**{pk_name: pk}).order_by("-history_date").first()
        if (
            latest.history_id == record.history_id
            and not child_model.objects.filter(pk=pk).exists()
        ):
            restored.append(record)
    return restored


def _require_parents(instance) -> None:
    """Refuse with a clear message when what the record belonged to is gone too."""
    for field in instance._meta.concrete_fields:
        if not field.is_relation:
            continue
        value = getattr(instance, field.attname)
        if value is not None and not field.related_model.objects.filter(pk=value).exists():
            raise ValidationError(
                _("无法恢复「%(object)s」:它所属的%(parent)s已被删除,请先恢复%(parent)s。")
                % {"object": _label(instance), "parent": field.related_model._meta.verbose_name}
            )


def _label(instance) -> str:
    # str() of an award would fetch its list and nominee, which may be gone.
    if isinstance(instance, Award):
        return _("第 %(position)s 项奖项") % {"position": instance.position}
    return str(instance)


def _restore_record(record, *, reason: str):
    instance = record.instance
    restore_conflicts.check(instance)
    _require_parents(instance)
    instance._state.adding = True
    instance._change_reason = clip_reason(reason)
    instance.save(force_insert=True)
    return instance


def restore_deleted(*, model, pk) -> object:
    """Restore a deleted edition, list, award, nominee or case exactly as it was.

    An edition brings back its lists and their awards, a list its awards, when they were
    deleted together with it. Refuses (without changing anything) when the old slot is
    taken, e.g. another award now holds the same position.
    """
    reason = _("从历史记录恢复")
    record = _latest_deletion(model, pk)
    try:
        with transaction.atomic():
            instance = _restore_record(record, reason=reason)
            if model is Edition:
                for list_record in _children_deleted_with(
                    AwardList, "edition_id", pk, record.history_date
                ):
                    _restore_record(list_record, reason=reason)
                    _restore_awards_of(list_record.id, list_record.history_date, reason)
            elif model is AwardList:
                _restore_awards_of(pk, record.history_date, reason)
    except IntegrityError as error:
        # restore_conflicts names every clash we know of; this is a last resort, and the
        # database's own wording (English, table names) means nothing to an organizer.
        raise ValidationError(
            _("无法恢复「%(object)s」:现有数据与它冲突。请先处理冲突再恢复。")
            % {"object": _label(record.instance)}
        ) from error
    return instance


def _restore_awards_of(list_pk, deleted_at, reason):
    for award_record in _children_deleted_with(Award, "award_list_id", list_pk, deleted_at):
        _restore_record(award_record, reason=reason)
