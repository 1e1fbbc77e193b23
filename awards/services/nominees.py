"""Nominees: renaming and merging them. The name each award was announced under stays."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Award, Case, Nominee
from awards.reasons import clip_reason
from awards.services.common import _save, nominees_merged
from awards.text import clean_text, match_key

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
    _check_mergeable(group=[keep.pk, *(d.pk for d in duplicates)])
    try:
        with transaction.atomic():
            started_at = timezone.now()
            reason = clean_text(reason) or _("合并「%(names)s」") % {
                "names": "、".join(d.name for d in duplicates)
            }
            _move_records(keep=keep, duplicates=duplicates, reason=reason)
            aliases = _merged_aliases(keep=keep, duplicates=duplicates)
            _delete_merged(keep=keep, duplicates=duplicates)
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


def _check_mergeable(*, group: list[int]) -> None:
    """Refuse a merge that would put one nominee twice in a list, or two cases of one title."""
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


def _move_records(*, keep: Nominee, duplicates: list[Nominee], reason: str) -> None:
    """The duplicates' cases, then their awards (and those cases' awards), onto `keep`."""
    dup_ids = [d.pk for d in duplicates]
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


def _merged_aliases(*, keep: Nominee, duplicates: list[Nominee]) -> list[str]:
    """Every name and alias of the group but keep's own name, each once (by match key)."""
    names = [*keep.aliases]
    for duplicate in duplicates:
        names += [duplicate.name, *duplicate.aliases]
    seen, aliases = {match_key(keep.name)}, []
    for name in names:
        key = match_key(name)
        if key and key not in seen:
            seen.add(key)
            aliases.append(clean_text(name))
    return aliases


def _delete_merged(*, keep: Nominee, duplicates: list[Nominee]) -> None:
    """Delete the duplicates; each keeps its slug in memory for the receivers (redirects)."""
    for duplicate in duplicates:
        duplicate._change_reason = clip_reason(_("并入「%(name)s」") % {"name": keep.name})
        slug = duplicate.slug
        duplicate.delete()
        duplicate.slug = slug


# --- Renaming and aliases -----------------------------------------------------------


def alias_conflicts(*, nominee: Nominee, aliases: list[str]) -> list[Nominee]:
    """Other nominees whose name is one of these aliases: the same winner twice, to merge."""
    keys = {match_key(alias) for alias in aliases if clean_text(alias)}
    if not keys:
        return []
    others = Nominee.objects.exclude(pk=nominee.pk).only("pk", "name", "slug")
    return [other for other in others.order_by("name") if match_key(other.name) in keys]


def check_aliases(*, nominee: Nominee, aliases: list[str] | None = None) -> None:
    """Refuse an alias that is another nominee's name, and offer the merge instead."""
    aliases = nominee.aliases if aliases is None else aliases
    clashes = alias_conflicts(nominee=nominee, aliases=aliases)
    if clashes:
        raise ValidationError(
            {
                "aliases": _(
                    "「%(names)s」已是另一个获奖对象的名称,不能作为别名。"
                    "如果它们是同一个获奖对象,请在获奖对象列表中勾选两者,用“合并”操作。"
                )
                % {"names": "、".join(other.name for other in clashes)}
            }
        )


def rename_nominee(*, nominee: Nominee, name: str, reason: str = "") -> Nominee:
    """Give a nominee its new name (a reorganisation, a rebrand); its awards keep theirs.

    The former name becomes an alias, so search still finds it; every award keeps the name
    it was announced under, so no edition changes (the corrections log records nothing
    against older editions; the nominee's history holds the rename).
    """
    name = clean_text(name)
    old = nominee.name
    if not name:
        raise ValidationError({"name": _("请填写新名称。")})
    if name == old:
        return nominee
    taken = Nominee.objects.exclude(pk=nominee.pk).filter(name=name).first()
    if taken is not None:
        raise ValidationError(
            {
                "name": _("「%(name)s」已是另一个获奖对象的名称;如果它们是同一个,请合并。")
                % {"name": name}
            }
        )
    with transaction.atomic():
        nominee.name = name
        if match_key(old) not in {match_key(alias) for alias in nominee.aliases}:
            nominee.aliases = [*nominee.aliases, old]
        nominee.full_clean()
        _save(nominee, reason=clean_text(reason) or _("更名(原名「%(old)s」)") % {"old": old})
    return nominee
