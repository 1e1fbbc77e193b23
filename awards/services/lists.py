"""Lists and the order of their awards: positions, slugs, reordering."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from awards.models import Award, AwardList
from awards.services.common import _save
from awards.slugs import mint_slug

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


def new_list_slug(
    *, edition_id: int | None, name: str, taken: set[str] = frozenset(), position: int = 0
) -> str:
    """A slug for a new list from its name's pinyin by words, unique within the edition.

    An unnamed list's slug says so, by position (unnamed-3): no pinyin of an invented name.
    `taken` holds slugs claimed by other unsaved lists of the same form.
    """
    existing = None if edition_id is None else AwardList.objects.filter(edition_id=edition_id)
    return mint_slug(name, taken=taken, existing=existing, position=position)


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
