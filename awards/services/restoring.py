"""Restoring deleted records from their history, with what was deleted together with them."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards import restore_conflicts
from awards.models import Award, AwardList, Edition
from awards.reasons import clip_reason

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
                % {
                    "object": record_label(instance),
                    "parent": field.related_model._meta.verbose_name,
                }
            )


def record_label(instance) -> str:
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
            % {"object": record_label(record.instance)}
        ) from error
    return instance


def _restore_awards_of(list_pk, deleted_at, reason):
    for award_record in _children_deleted_with(Award, "award_list_id", list_pk, deleted_at):
        _restore_record(award_record, reason=reason)
