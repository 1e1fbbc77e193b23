"""Import a whole-edition workbook (or a one-list CSV): plan it, preview it, apply exactly it.

`plan_import()` reads the file and plans it (awards.importing.plan) without writing.
`apply_import()` runs in one transaction: it reuses the preview's plan while no data
changed since, or plans again, refuses if the outcome differs from what the user
previewed, and writes with bulk statements plus their history rows.
"""

import hashlib

from django.core.cache import cache
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from awards import caching
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
from awards.models import Award, Case, DataVersion, Nominee
from awards.text import pinyin_slug

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
    tables = read_tables(data, filename)
    plan = plan_tables(tables, filename, progress)
    if remember and plan.ok and plan.has_changes:
        cache.set(_plan_key(data, filename), plan, PLAN_CACHE_SECONDS)
    return plan


class PlanChanged(Exception):
    """The database changed between preview and confirm; the user must preview again."""


def apply_import(
    data: bytes,
    filename: str = "",
    *,
    user=None,
    expected_fingerprint: str | None = None,
    progress=None,
) -> ImportPlan:
    """Import the file in one transaction. Nothing is written when the plan has issues.

    With `expected_fingerprint` (the confirm step), the preview's cached plan is reused when
    no award data changed since (the data version, bumped by every committed change, is
    part of its key). Otherwise, e.g. on another app server with its own cache, the file
    is planned again and must come out exactly as previewed.
    """
    with transaction.atomic():
        plan = None
        if expected_fingerprint:
            key = _plan_key(data, filename)
            plan = cache.get(key)
            cache.delete(key)
            if plan is not None and plan.fingerprint != expected_fingerprint:
                plan = None
        if plan is None:
            plan = plan_import(data, filename, progress=progress)
        if not plan.ok:
            return plan
        if expected_fingerprint and plan.fingerprint != expected_fingerprint:
            raise PlanChanged(_("预览之后数据已有变动,导入结果会与预览不同。请重新上传并预览。"))
        if plan.has_changes:
            _write(plan, user)
            transaction.on_commit(caching.bump)
    return plan


def _write(plan: ImportPlan, user):
    history = {
        "default_user": user,
        "default_change_reason": CHANGE_REASON,
        "batch_size": BATCH_SIZE,
    }
    if plan.edition_action != UNCHANGED:
        plan.edition._history_user = user
        plan.edition._change_reason = CHANGE_REASON
        plan.edition.save()
    for award_list in plan.lists_to_save:
        award_list.edition = plan.edition
        award_list._history_user = user
        award_list._change_reason = CHANGE_REASON
        award_list.save()
    if plan.nominees_new:
        _prepare_new_nominees(plan.nominees_new)
        bulk_create_with_history(plan.nominees_new, Nominee, **history)
    if plan.nominees_changed:
        bulk_update_with_history(
            plan.nominees_changed, Nominee, ["kind", "name_en", "search_text"], **history
        )
    if plan.cases_new:
        # bulk_create copies the pk of a nominee created just above into case.nominee_id.
        bulk_create_with_history(plan.cases_new, Case, **history)
    if plan.cases_changed:
        bulk_update_with_history(plan.cases_changed, Case, ["summary", "title_en"], **history)
    if plan.awards_replaced:
        # Re-pointing positions at other nominees could clash mid-statement; delete, then insert.
        for award in Award.objects.filter(pk__in=plan.awards_replaced):
            award._history_user = user
            award.delete()
    if plan.awards_new:
        bulk_create_with_history([Award(**spec) for spec in plan.awards_new], Award, **history)
    if plan.awards_changed:
        bulk_update_with_history(
            [Award(**spec) for spec in plan.awards_changed],
            Award,
            ["rank", "level", "level_en", "withdrawn_at", "withdrawal_reason"],
            **history,
        )


def _prepare_new_nominees(nominees: list[Nominee]):
    """What Nominee.save() would do, for rows written by bulk_create: slug once, search text."""
    taken = set(Nominee.objects.values_list("slug", flat=True))
    for nominee in nominees:
        base = pinyin_slug(nominee.name, max_length=72)
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        nominee.slug = slug
        nominee.search_text = nominee.build_search_text()
