"""The edition feed, with corrections: an entry's <updated> moves and its summary says what."""

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext

from awards.corrections import services
from awards.corrections.models import Correction
from awards.feeds import EditionFeed

# Corrections named in an entry's summary; the rest are on the edition's corrections page.
SUMMARY_CORRECTIONS = 5


class CorrectedEditionFeed(EditionFeed):
    def items(self):
        editions = list(services.with_last_correction(super().items()))
        latest = {}
        # One query for every entry's latest corrections (run even when there are none, so a
        # feed costs the same number of queries whatever the log holds).
        # A window keeps the fetch to SUMMARY_CORRECTIONS rows per edition, however long its log.
        newest_first = [F("recorded_at").desc(), F("pk").desc()]
        recent = (
            Correction.objects.filter(edition__in=[e.pk for e in editions])
            .annotate(n=Window(RowNumber(), partition_by=F("edition"), order_by=newest_first))
            .filter(n__lte=SUMMARY_CORRECTIONS)
            .order_by("-recorded_at", "-pk")
        )
        for correction in recent:
            latest.setdefault(correction.edition_id, [])
            if len(latest[correction.edition_id]) < SUMMARY_CORRECTIONS:
                latest[correction.edition_id].append(correction)
        for edition in editions:
            edition.recent_corrections = latest.get(edition.pk, [])
        return editions

    def item_description(self, item):
        text = super().item_description(item)
        if not item.recent_corrections:
            return text
        lines = [services.describe(c) for c in item.recent_corrections]
        return "\n".join([text, gettext("更正记录:"), *lines]).strip()

    def item_updateddate(self, item):
        return services.last_change(item)
