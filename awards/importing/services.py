"""Import a whole-edition workbook (or a one-list CSV): plan it, preview it, apply exactly it.

`plan_import()` reads the file and plans it (awards.importing.plan) without writing.
`apply_import()` runs in one transaction: it reuses the preview's plan while no data
changed since, or plans again, refuses if the outcome differs from what the user
previewed, and writes with bulk statements plus their history rows.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from awards import caching, collector
from awards.importing.outcomes import (
    ACTION_LABELS,
    CHANGE_REASON,
    CREATE,
    SKIP,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    RowOutcome,
)
from awards.importing.plan import plan_tables
from awards.importing.reading import read_tables
from awards.importing.writing import insert_with_history
from awards.models import Award, Case, DataVersion, Nominee
from awards.reasons import clip_reason, touches_published_edition
from awards.services import bulk_history_written
from awards.slugs import mint_slug

__all__ = [
    "ACTION_LABELS",
    "CREATE",
    "SKIP",
    "UNCHANGED",
    "UPDATE",
    "ImportPlan",
    "PlanChanged",
    "RowOutcome",
    "apply_import",
    "plan_import",
]

PLAN_CACHE_SECONDS = 24 * 60 * 60
BATCH_SIZE = 1000


def _plan_key(data: bytes, filename: str) -> str:
    """Names a plan by the file and the data version it was made against."""
    version = DataVersion.objects.filter(pk=1).values_list("version", flat=True).first()
    digest = hashlib.sha256(data + filename.encode()).hexdigest()
    return f"summit:import-plan:{digest}:{version}"


def plan_import(
    data: bytes, filename: str = "", *, progress=None, remember: bool = False
) -> ImportPlan:
    """What importing this file would do. Raises SpreadsheetError for an unreadable file.

    `progress` (e.g. a tqdm bar) gets its total set and one update per row checked.
    `remember` keeps a valid plan in the cache for the confirm step (see apply_import).
    """
    # A plan holds a few objects per cell (awards/collector.py). Pickling it for the cache
    # allocates as many again: with the collector running, full collections walked the whole
    # plan while it was written, which grew faster than the rows (issue 21).
    with collector.paused():
        tables = read_tables(data, filename)
        plan = plan_tables(tables, filename, progress)
        if remember and plan.ok and plan.has_changes:
            cache.set(_plan_key(data, filename), plan, PLAN_CACHE_SECONDS)
    return plan


def _unpickled(key: str):
    """The cached plan: unpickling a 10,000-row plan builds some 10^5 objects at once."""
    with collector.paused():
        return cache.get(key)


class PlanChanged(Exception):
    """The database changed between preview and confirm; the user must preview again."""


class ReasonRequired(Exception):
    """The import changes a published edition and no 修改原因 was given; nothing was written."""

    def __init__(self, plan):
        super().__init__(_("本届已发布,导入的修改会列入公开的更正记录,请填写修改原因。"))
        self.plan = plan


class RemovalsUnconfirmed(Exception):
    """The import takes something off the public site and that was not confirmed on its own."""

    def __init__(self, plan):
        super().__init__(_("这次导入会让公众看不到部分内容(见预览顶部的警告),请单独确认后再导入。"))
        self.plan = plan


def changes_public_edition(plan: ImportPlan) -> bool:
    """True when applying the plan corrects an edition the public already sees."""
    return bool(
        plan.has_changes and plan.edition is not None and touches_published_edition(plan.edition)
    )


def apply_import(
    data: bytes,
    filename: str = "",
    *,
    user=None,
    expected_fingerprint: str | None = None,
    progress=None,
    reason: str = "",
    require_reason: bool = False,
    confirm_removals: bool = False,
) -> ImportPlan:
    """Import the file in one transaction. Nothing is written when the plan has issues.

    With `expected_fingerprint` (the confirm step), the preview's cached plan is reused when
    no award data changed since (the data version, bumped by every committed change, is
    part of its key). Otherwise, e.g. on another app server with its own cache, the file
    is planned again and must come out exactly as previewed.

    `reason` (the organizer's 修改原因, required by the admin and the CLI when the edition is
    published) is stored on every history row the import writes; by default 表格导入.
    A plan with `removals` (unpublishing, replacing a published award) is applied only with
    `confirm_removals`, the organizer's separate confirmation; otherwise RemovalsUnconfirmed.
    """
    # The collector stays paused while the plan is alive: a full collection in the middle
    # (after the unpickling, around the fingerprint) walked every object of the plan.
    with transaction.atomic(), collector.paused():
        plan = None
        if expected_fingerprint:
            key = _plan_key(data, filename)
            plan = _unpickled(key)
            cache.delete(key)
            if plan is not None and plan.fingerprint != expected_fingerprint:
                plan = None
        if plan is None:
            plan = plan_import(data, filename, progress=progress)
        if not plan.ok:
            return plan
        if expected_fingerprint and plan.fingerprint != expected_fingerprint:
            raise PlanChanged(_("预览之后数据已有变动,导入结果会与预览不同。请重新上传并预览。"))
        if require_reason and not reason.strip() and changes_public_edition(plan):
            raise ReasonRequired(plan)
        if plan.removals and not confirm_removals:
            raise RemovalsUnconfirmed(plan)
        if plan.has_changes:
            _write(plan, user, clip_reason(reason.strip()) or CHANGE_REASON)
            transaction.on_commit(caching.bump)
    return plan


def _write(plan: ImportPlan, user, reason: str):
    """What the plan changes, parents first: the edition, its lists, nominees, cases, awards."""
    started = timezone.now()
    history = {
        "default_user": user,
        "default_change_reason": reason,
        "batch_size": BATCH_SIZE,
    }
    if plan.edition_action != UNCHANGED:
        _attributed(plan.edition, user, reason).save()
    for award_list in plan.lists_to_save:
        award_list.edition = plan.edition
        _attributed(award_list, user, reason).save()
    _write_nominees_and_cases(plan, history)
    _write_awards(plan, user, reason, history)
    _announce_bulk_history(plan, started)


def _attributed(instance, user, reason: str):
    """The instance, its next history row credited to the user with the reason."""
    instance._history_user = user
    instance._change_reason = reason
    return instance


def _write_nominees_and_cases(plan: ImportPlan, history: dict):
    # Written without save(): what it derives (slug, search text, index order) is derived here.
    if plan.nominees_new:
        _prepare_new_nominees(plan.nominees_new)
        bulk_create_with_history(plan.nominees_new, Nominee, **history)
    if plan.nominees_changed:
        # A corrected name or an English name changes the search text and the index order.
        for nominee in plan.nominees_changed:
            nominee.refresh_derived()
        fields = ["kind", "name", "name_en", "search_text", "sort_key", "pinyin"]
        bulk_update_with_history(plan.nominees_changed, Nominee, fields, **history)
    if plan.cases_new:
        # bulk_create copies the pk of a nominee created just above into case.nominee_id.
        for case in plan.cases_new:
            case.refresh_search_text()
        bulk_create_with_history(plan.cases_new, Case, **history)
    if plan.cases_changed:
        for case in plan.cases_changed:
            case.refresh_search_text()  # the title and English title are searched
        fields = [
            *("title", "title_en", "summary", "second_unit", "second_unit_role"),
            *("search_text", "pinyin"),
        ]
        bulk_update_with_history(plan.cases_changed, Case, fields, **history)


def _write_awards(plan: ImportPlan, user, reason: str, history: dict):
    if plan.awards_replaced:
        # Re-pointing positions at other nominees could clash mid-statement; delete, then insert.
        for award in Award.objects.filter(pk__in=plan.awards_replaced):
            _attributed(award, user, reason).delete()
    if plan.awards_new:
        # Thousands of rows: written without a model instance or compiled value per row.
        insert_with_history(
            Award,
            plan.awards_new,
            key=("award_list", "position"),
            user=user,
            reason=reason,
            batch_size=BATCH_SIZE,
        )
    if plan.awards_changed:
        bulk_update_with_history(
            [Award(**spec) for spec in plan.awards_changed],
            Award,
            ["rank", "level", "level_en", "withdrawn_at", "withdrawal_reason", "announced_name"],
            **history,
        )


def _announce_bulk_history(plan: ImportPlan, started):
    """Hand the history rows the bulk writes made to whoever records corrections.

    Bulk writes send no per-row signal; only a public edition's changes are corrections, so
    a draft import (the large ones) costs nothing here.
    """
    if plan.edition is None or not plan.edition.is_public:
        return
    lists = [a.pk for a in plan.edition.award_lists.all()]
    written = {
        Nominee: Nominee.history.filter(
            history_date__gte=started, id__in=[n.pk for n in plan.nominees_changed]
        ),
        Case: Case.history.filter(
            history_date__gte=started, id__in=[c.pk for c in plan.cases_changed]
        ),
        Award: Award.history.filter(
            history_date__gte=started, award_list_id__in=lists, history_type__in=("+", "~")
        ),
    }
    for model, records in written.items():
        rows = list(records.order_by("history_date", "history_id"))
        if rows:
            bulk_history_written.send(sender=model, records=rows)


def _prepare_new_nominees(nominees: list[Nominee]):
    """What Nominee.save() would do, for rows written by bulk_create: slug once, search text."""
    taken = set(Nominee.objects.values_list("slug", flat=True))
    for nominee in nominees:
        # A slug the planner kept from the row (a file from another site), while still free.
        slug = nominee.slug if nominee.slug and nominee.slug not in taken else ""
        nominee.slug = slug or mint_slug(nominee.name, taken=taken)
        taken.add(nominee.slug)
        nominee.refresh_derived()
