"""Writes that span rows or models, one module per record: editions (problems, publication,
the next edition), lists (order, slugs), awards (withdrawal, re-crediting), nominees (rename,
merge) and restoring; `common` holds the history-saving helper and the signals.

Every function is keyword-only, validates before it writes, and saves row by row through
the model so django-simple-history records who changed what (the request's user when called
from the admin, thanks to HistoryRequestMiddleware) and the public cache is bumped on commit.
Errors the organizer can fix are raised as ValidationError with a Chinese message.

The names below are re-exported so that `from awards import services; services.merge_nominees`
keeps working for the admin, the capabilities and the tests.
"""

from awards.services.awards import (
    recredit_case,
    recredit_conflicts,
    reinstate_award,
    withdraw_award,
)
from awards.services.common import bulk_history_written, nominee_renamed, nominees_merged
from awards.services.editions import (
    Problem,
    create_next_edition,
    edition_problems,
    problems_by_edition,
    publish_edition,
    schedule_edition,
    unpublish_edition,
)
from awards.services.lists import (
    move_award,
    new_list_slug,
    next_list_position,
    next_position,
    reorder_awards,
)
from awards.services.nominees import (
    alias_conflicts,
    check_aliases,
    merge_nominees,
    rename_nominee,
)
from awards.services.restoring import restore_deleted

__all__ = [
    "Problem",
    "alias_conflicts",
    "bulk_history_written",
    "check_aliases",
    "create_next_edition",
    "edition_problems",
    "merge_nominees",
    "move_award",
    "new_list_slug",
    "next_list_position",
    "next_position",
    "nominee_renamed",
    "nominees_merged",
    "problems_by_edition",
    "publish_edition",
    "recredit_case",
    "recredit_conflicts",
    "reinstate_award",
    "rename_nominee",
    "reorder_awards",
    "restore_deleted",
    "schedule_edition",
    "unpublish_edition",
    "withdraw_award",
]
