"""Turn history rows of published editions into public corrections, and keep old URLs alive.

Every single-row write goes through simple-history, whose post_create_historical_record
signal calls `record_change`; bulk writers (the spreadsheet import) call `record_history`
with the rows they created. Changes made while an edition is a draft are not recorded.
"""

import threading

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from awards.corrections.models import Correction, MovedPath
from awards.models import Award, AwardList, Case, Edition, Nominee

Kind = Correction.Kind

# Lists and editions being deleted in this thread: the awards cascading with them are not
# corrections of their own (and an edition being deleted can hold no new log entry).
_deleting = threading.local()


def _deleting_set() -> set:
    if not hasattr(_deleting, "keys"):
        _deleting.keys = set()
    return _deleting.keys


def mark_deleting(sender, instance, **kwargs):
    """pre_delete receiver for editions and lists (connected in apps.py)."""
    # The deletion collector sends every pre_delete first, then deletes the awards (their
    # history rows arrive here), then the lists, then the edition (post_delete unmarks).
    _deleting_set().add((sender.__name__, instance.pk))


def unmark_deleting(sender, instance, **kwargs):
    _deleting_set().discard((sender.__name__, instance.pk))


def _clip(text) -> str:
    text = "" if text is None else str(text)
    return text if len(text) <= 300 else text[:299] + "…"


def _public_at(edition_published_at, moment) -> bool:
    return edition_published_at is not None and edition_published_at <= moment


def _add(edition_id, record, kind, *, list_name="", subject="", old="", new="", path=""):
    Correction.objects.create(
        edition_id=edition_id,
        recorded_at=record.history_date,
        kind=kind,
        list_name=_clip(list_name),
        subject=_clip(subject),
        old_value=_clip(old),
        new_value=_clip(new),
        reason=_clip(record.history_change_reason or ""),
        path=path,
    )


def _url(name: str, **kwargs) -> str:
    # A project mounted without the public URLs (a test URLconf) still records the change.
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


# --- Redirects ----------------------------------------------------------------------


def language_paths(name: str, **kwargs) -> list[str]:
    """The path of a URL in every language (one path while URLs carry no language prefix)."""
    paths = []
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            try:
                path = reverse(name, kwargs=kwargs)
            except NoReverseMatch:
                continue
        if path not in paths:
            paths.append(path)
    return paths


def redirect(old_paths: list[str], new_paths: list[str]) -> None:
    """Let each old path answer 301 to its new twin, and re-point chains at the new place."""
    for old, new in zip(old_paths, new_paths, strict=True):
        if old == new:
            continue
        # A path that is live again (a rename back) must not bounce to where it came from.
        MovedPath.objects.filter(old_path=new).delete()
        # A → B, then B → C: A goes straight to C (one hop, no chain).
        MovedPath.objects.filter(new_path=old).update(new_path=new)
        MovedPath.objects.update_or_create(old_path=old, defaults={"new_path": new})


def redirect_nominee(old_slug: str, new_slug: str) -> None:
    # The page, its share image and its API record, in every language.
    for name in ("awards:nominee", "awards:nominee-image", "awards:api-nominee"):
        redirect(language_paths(name, slug=old_slug), language_paths(name, slug=new_slug))


# --- What a history row means -------------------------------------------------------


def history_for_loaded_row(sender, instance, raw=False, **kwargs):
    """post_save receiver: a row saved raw (loaddata) gets the history row simple-history skips,
    once, so later changes to fixture data are compared with the data as loaded."""
    if raw and not sender.history.filter(**{sender._meta.pk.attname: instance.pk}).exists():
        sender.history.bulk_history_create([instance], default_change_reason="载入初始数据")


def record_change(sender, instance, history_instance, **kwargs):
    """post_create_historical_record receiver: one history row written by a save or delete."""
    record_history(type(instance), [history_instance])


def record_bulk(sender, records, **kwargs):
    """bulk_history_written receiver: history rows a bulk writer (an import) made."""
    record_history(sender, records)


def record_history(model, records) -> None:
    """Record the corrections that these history rows of `model` amount to."""
    handler = {
        Award: _award_changes,
        Nominee: _nominee_changes,
        Case: _case_changes,
        AwardList: _list_changes,
        Edition: _edition_changes,
    }.get(model)
    if handler is None:
        return
    for record in records:
        handler(record)


def _award_subject(award) -> str:
    nominee = Nominee.objects.filter(pk=award.nominee_id).values_list("name", flat=True).first()
    if award.case_id:
        title = Case.objects.filter(pk=award.case_id).values_list("title", flat=True).first()
        return f"{title}({nominee})" if title else nominee or ""
    return nominee or ""


def _award_path(award) -> str:
    if award.case_id:
        return _url("awards:case", pk=award.case_id)
    return ""


def _award_changes(record):
    if ("AwardList", record.award_list_id) in _deleting_set():
        return
    row = (
        AwardList.objects.filter(pk=record.award_list_id)
        .values_list("name", "slug", "edition_id", "edition__year", "edition__published_at")
        .first()
    )
    if row is None:
        return
    list_name, slug, edition_id, year, published_at = row
    if ("Edition", edition_id) in _deleting_set() or not _public_at(
        published_at, record.history_date
    ):
        return
    subject = _award_subject(record)
    path = _award_path(record) or _url("awards:award-list", year=year, slug=slug)
    entry = {"list_name": list_name, "subject": subject, "path": path}
    if record.history_type == "+":
        _add(edition_id, record, Kind.ADDED, new=_placing(record), **entry)
        return
    if record.history_type == "-":
        _add(edition_id, record, Kind.REMOVED, old=_placing(record), **entry)
        return
    previous = record.prev_record
    if previous is None:
        return
    for kind, old, new in _award_deltas(previous, record):
        _add(edition_id, record, kind, old=old, new=new, **entry)


def _placing(award) -> str:
    parts = []
    if award.rank:
        parts.append(f"#{award.rank}")
    if award.level:
        parts.append(award.level)
    return " ".join(parts)


def _award_deltas(old, new):
    if old.withdrawn_at is None and new.withdrawn_at is not None:
        yield Kind.WITHDRAWN, "", new.withdrawal_reason
    elif old.withdrawn_at is not None and new.withdrawn_at is None:
        yield Kind.REINSTATED, old.withdrawal_reason, ""
    if old.rank != new.rank:
        yield Kind.RANK, old.rank or "", new.rank or ""
    if old.level != new.level:
        yield Kind.LEVEL, old.level, new.level
    # A merge moves an award to the surviving nominee but keeps the name it was announced
    # under: the edition reads the same, so nothing of it is corrected. (History rows from
    # before announced names existed hold a blank one and compare by nominee.)
    same_name = old.announced_name and old.announced_name == new.announced_name
    if old.nominee_id != new.nominee_id and not same_name:
        names = dict(
            Nominee.objects.filter(pk__in=(old.nominee_id, new.nominee_id)).values_list(
                "pk", "name"
            )
        )
        yield Kind.NOMINEE_CHANGED, names.get(old.nominee_id, ""), names.get(new.nominee_id, "")
    if old.case_id != new.case_id:
        titles = dict(
            Case.objects.filter(pk__in=(old.case_id, new.case_id)).values_list("pk", "title")
        )
        yield Kind.CASE_RENAMED, titles.get(old.case_id, ""), titles.get(new.case_id, "")


def _public_editions_of(awards, moment):
    """(edition id, list name) of each published edition holding one of these awards."""
    rows = (
        awards.filter(award_list__edition__published_at__lte=moment)
        .values_list("award_list__edition_id", "award_list__name")
        .order_by("award_list__edition_id", "award_list__position")
    )
    seen = {}
    for edition_id, list_name in rows:
        seen.setdefault(edition_id, list_name)
    return seen.items()


def _previous_version(record):
    """The version an update (a "~" history row) changed, or None for an insert or delete."""
    return record.prev_record if record.history_type == "~" else None


def _renamed(record, previous, *, field, kind, subject, path, awards) -> None:
    """A renamed nominee or case: one correction in each published edition that shows it."""
    old, new = getattr(previous, field), getattr(record, field)
    for edition_id, list_name in _public_editions_of(awards, record.history_date):
        _add(
            edition_id,
            record,
            kind,
            list_name=list_name,
            subject=subject,
            old=old,
            new=new,
            path=path,
        )


def _nominee_changes(record):
    previous = _previous_version(record)
    if previous is None:
        return
    if previous.slug != record.slug and previous.slug:
        redirect_nominee(previous.slug, record.slug)
    # A rename is no correction of any edition: every award keeps the name it was announced
    # under (Award.announced_name). It stays on the nominee: its history, and its former
    # name among its aliases (services.rename_nominee), shown on its page.


def _case_changes(record):
    previous = _previous_version(record)
    if previous is None or previous.title == record.title:
        return
    owner = Nominee.objects.filter(pk=record.nominee_id).values_list("name", flat=True).first()
    _renamed(
        record,
        previous,
        field="title",
        kind=Kind.CASE_RENAMED,
        subject=owner or "",
        path=_url("awards:case", pk=record.id),
        awards=Award.objects.filter(case_id=record.id),
    )


def _list_changes(record):
    previous = _previous_version(record)
    if previous is None:
        return
    edition = Edition.objects.filter(pk=record.edition_id).values_list("year", "published_at")
    row = edition.first()
    if row is None:
        return
    year, published_at = row
    old_year = Edition.objects.filter(pk=previous.edition_id).values_list("year", flat=True).first()
    if previous.slug != record.slug or old_year != year:
        redirect(
            language_paths("awards:award-list", year=old_year or year, slug=previous.slug),
            language_paths("awards:award-list", year=year, slug=record.slug),
        )
    if previous.name != record.name and _public_at(published_at, record.history_date):
        _add(
            record.edition_id,
            record,
            Kind.LIST_RENAMED,
            list_name=record.name,
            old=previous.name,
            new=record.name,
            path=_url("awards:award-list", year=year, slug=record.slug),
        )


def _edition_changes(record):
    previous = _previous_version(record)
    if previous is None or previous.year == record.year:
        return
    for name in ("awards:edition", "awards:api-edition", "corrections:log"):
        redirect(language_paths(name, year=previous.year), language_paths(name, year=record.year))
    for slug in AwardList.objects.filter(edition_id=record.id).values_list("slug", flat=True):
        redirect(
            language_paths("awards:award-list", year=previous.year, slug=slug),
            language_paths("awards:award-list", year=record.year, slug=slug),
        )


# --- Merges -------------------------------------------------------------------------


def record_merge(sender, keep, duplicates, **kwargs):
    """nominees_merged receiver: old URLs of the merged-away nominees lead to the survivor,
    and the award changes the merge just recorded read as a merge in the public log."""
    for duplicate in duplicates:
        redirect_nominee(duplicate.slug, keep.slug)
    Correction.objects.filter(
        kind=Kind.NOMINEE_CHANGED,
        old_value__in=[d.name for d in duplicates],
        new_value=keep.name,
        recorded_at__gte=kwargs.get("started_at"),
    ).update(kind=Kind.MERGED)
