"""Why a deleted record cannot come back, in words an organizer can act on.

restore_deleted asks `check(instance)` before it writes anything: a restore that would clash
with what exists now (after a merge, a re-import, a new award in the same slot) is refused
with a message naming the edition, the list and the nominee, and what to do instead.
"""

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Award, AwardList, Case, Edition, Nominee
from awards.text import match_key


class RestoreConflict(ValidationError):
    """A refused restore; `survivor` is the record that took the deleted one's place, if any."""

    def __init__(self, message, *, survivor=None):
        super().__init__(message)
        self.survivor = survivor

    @property
    def survivor_admin_url(self) -> str | None:
        if self.survivor is None:
            return None
        opts = self.survivor._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=(self.survivor.pk,))


def merged_into(name: str) -> Nominee | None:
    """The existing nominee that carries `name` as its name or one of its aliases."""
    key = match_key(name)
    if not key:
        return None
    for nominee in Nominee.objects.filter(search_text__contains=key).order_by("pk"):
        if key in {match_key(n) for n in (nominee.name, *nominee.aliases)}:
            return nominee
    return None


def _deleted_nominee_name(pk) -> str:
    record = Nominee.history.filter(id=pk).order_by("-history_date").first()
    return record.name if record else f"#{pk}"


def check(instance) -> None:
    checker = {
        Award: _award,
        Nominee: _nominee,
        Case: _case,
        AwardList: _award_list,
        Edition: _edition,
    }.get(type(instance))
    if checker is not None:
        checker(instance)


def _award(award: Award) -> None:
    award_list = AwardList.objects.select_related("edition").filter(pk=award.award_list_id).first()
    if award_list is None:
        return  # _require_parents explains that the list is gone.
    where = _("%(year)s 届「%(list)s」") % {
        "year": award_list.edition.year,
        "list": award_list.name,
    }
    label = _("%(where)s第 %(position)s 项") % {"where": where, "position": award.position}
    if not Nominee.objects.filter(pk=award.nominee_id).exists():
        name = _deleted_nominee_name(award.nominee_id)
        survivor = merged_into(name)
        if survivor is not None:
            raise RestoreConflict(
                _(
                    "无法恢复%(label)s:它的获奖对象「%(name)s」已并入「%(survivor)s」。"
                    "请打开「%(survivor)s」核对%(where)s;如需这一项,请为「%(survivor)s」新增奖项。"
                )
                % {"label": label, "name": name, "survivor": survivor.name, "where": where},
                survivor=survivor,
            )
        return
    nominee = Nominee.objects.get(pk=award.nominee_id)
    taken = (
        Award.objects.filter(award_list=award_list, position=award.position)
        .select_related("nominee")
        .first()
    )
    if taken is not None:
        raise RestoreConflict(
            _(
                "无法恢复%(label)s(「%(name)s」):这个位置现在是「%(other)s」。"
                "请先在榜单页面把「%(other)s」移到别的位置,再恢复。"
            )
            % {"label": label, "name": nominee.name, "other": taken.nominee.name}
        )
    same = Award.objects.filter(award_list=award_list, nominee=nominee).first()
    if same is not None:
        raise RestoreConflict(
            _(
                "无法恢复%(label)s:「%(name)s」已在%(where)s中(第 %(position)s 项),"
                "同一榜单不能有两次。若现有那一项就是要恢复的内容,无需恢复;否则请先删除它。"
            )
            % {"label": label, "name": nominee.name, "where": where, "position": same.position},
            survivor=same,
        )
    if award.case_id:
        case_award = Award.objects.filter(award_list=award_list, case_id=award.case_id).first()
        if case_award is not None:
            raise RestoreConflict(
                _("无法恢复%(label)s:同一案例已在%(where)s中(第 %(position)s 项)。")
                % {"label": label, "where": where, "position": case_award.position},
                survivor=case_award,
            )


def _nominee(nominee: Nominee) -> None:
    survivor = merged_into(nominee.name)
    if survivor is None:
        return
    if match_key(survivor.name) == match_key(nominee.name):
        message = _("无法恢复「%(name)s」:已有同名的获奖对象。请直接修改现有的「%(name)s」。")
    else:
        message = _(
            "无法恢复「%(name)s」:它已并入「%(survivor)s」(现为其别名),它的奖项和案例都在"
            "「%(survivor)s」名下,旧链接也转到那里。恢复会造成重复;如需拆分,请修改"
            "「%(survivor)s」的别名,再新建获奖对象并调整奖项。"
        )
    raise RestoreConflict(
        message % {"name": nominee.name, "survivor": survivor.name}, survivor=survivor
    )


def _case(case: Case) -> None:
    same = Case.objects.filter(nominee_id=case.nominee_id, title=case.title).first()
    if same is not None:
        raise RestoreConflict(
            _("无法恢复案例「%(title)s」:「%(owner)s」已有同名案例。请直接修改现有的案例。")
            % {"title": case.title, "owner": same.nominee.name},
            survivor=same,
        )


def _award_list(award_list: AwardList) -> None:
    edition = Edition.objects.filter(pk=award_list.edition_id).first()
    if edition is None:
        return
    # Unnamed lists (blank names) may be several in an edition: only a name can clash.
    same = AwardList.objects.filter(edition=edition, slug=award_list.slug).first()
    if same is None and award_list.name:
        same = AwardList.objects.filter(edition=edition, name=award_list.name).first()
    if same is not None:
        raise RestoreConflict(
            _(
                "无法恢复榜单「%(name)s」:%(year)s 届已有名称或网址标识相同的榜单「%(other)s」。"
                "请先给现有榜单改名或改网址标识,再恢复。"
            )
            % {"name": award_list.shown_name, "year": edition.year, "other": same.shown_name},
            survivor=same,
        )


def _edition(edition: Edition) -> None:
    same = Edition.objects.filter(year=edition.year).first()
    if same is not None:
        raise RestoreConflict(
            _("无法恢复「%(name)s」:%(year)s 年已有届次「%(other)s」。")
            % {"name": edition.name, "year": edition.year, "other": same.name},
            survivor=same,
        )
