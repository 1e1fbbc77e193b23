"""What every service shares: saving a row with its history reason, and the signals."""

from django.dispatch import Signal

from awards.reasons import clip_reason

# Sent inside merge_nominees' transaction once the duplicates are gone, with keep, duplicates
# (deleted instances, slugs still readable) and started_at: lets capabilities such as
# awards.corrections keep the duplicates' old URLs answering without the core knowing them.
nominees_merged = Signal()

# Sent by rename_nominee inside its transaction with nominee, old_name and reason: lets
# awards.corrections log the rename on the nominee (not as a change of older editions).
nominee_renamed = Signal()

# Sent by bulk writers (the spreadsheet import) with the history rows they wrote, which
# simple-history's per-row post_create_historical_record never announces: records=[...].
bulk_history_written = Signal()


def _save(instance, *, reason: str = "") -> None:
    if reason:
        instance._change_reason = clip_reason(reason)
    instance.save()
