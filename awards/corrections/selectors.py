"""Reads of the corrections package: the public log of an edition, its records for the JSON
download and the API, its lines in the feed, and the 待处理问题 of editions. The views, sitemaps,
admin and the parts registered on awards.extensions read through here."""

from django.db.models import F, Max, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from awards import extensions
from awards import services as core
from awards.corrections.models import Correction, ProblemAcknowledgement
from awards.models import Edition

# Corrections named in a feed entry's summary; the rest are on the edition's corrections page.
FEED_CORRECTIONS = 5


def public_log(edition: Edition):
    """The corrections of a published edition, newest first (none for drafts)."""
    if not edition.is_public:
        return Correction.objects.none()
    return Correction.objects.filter(edition=edition).order_by("-recorded_at", "-pk")


def with_last_correction(editions):
    """Annotate `last_corrected`: the moment of the edition's newest correction, or None."""
    newest = (
        Correction.objects.filter(edition=OuterRef("pk"))
        .values("edition")
        .annotate(moment=Max("recorded_at"))
        .values("moment")
    )
    return editions.annotate(last_corrected=Subquery(newest))


def describe(correction: Correction) -> str:
    """One line of plain text: what changed, old → new (feed summaries)."""
    text = f"{correction.get_kind_display()}:{correction.list_name}"
    if correction.subject:
        text += f" · {correction.subject}"
    if correction.old_value or correction.new_value:
        text += f"「{correction.old_value or '—'}」→「{correction.new_value or '—'}」"
    if correction.reason:
        text += _("(原因:%(reason)s)") % {"reason": correction.reason}
    return text


def as_record(correction: Correction, request) -> dict:
    """The API and JSON download form of one correction."""
    return {
        "recorded_at": timezone.localtime(correction.recorded_at),
        "kind": correction.kind,
        "kind_label": str(correction.get_kind_display()),
        "list": correction.list_name or None,
        "subject": correction.subject or None,
        "old": correction.old_value or None,
        "new": correction.new_value or None,
        "reason": correction.reason or None,
        "url": request.build_absolute_uri(correction.path) if correction.path else None,
    }


# --- Parts added to the core's records (registered in apps.py) ---------------------


def edition_log(edition, request) -> dict:
    """Keys the edition's API record and JSON download carry about its corrections.

    Labels are Chinese whatever the visitor's language, like the rest of the open data
    (`kind` is the stable key)."""
    with translation.override("zh-hans"):
        return {
            "corrections_url": request.build_absolute_uri(
                f"{edition.get_absolute_url()}corrections/"
            ),
            "corrections": [as_record(c, request) for c in public_log(edition)],
        }


def last_corrections(editions) -> dict:
    """{edition.pk: its newest correction's moment} for the editions that have one (one query)."""
    return dict(
        Correction.objects.filter(edition__in=[e.pk for e in editions])
        .values("edition")
        .annotate(moment=Max("recorded_at"))
        .values_list("edition", "moment")
    )


def feed_additions(editions, request) -> dict[int, extensions.FeedAddition]:
    """Each edition's feed entry: <updated> moves to its newest correction, and its summary
    names the latest FEED_CORRECTIONS. One query, run even when the log is empty, so a feed
    costs the same whatever the log holds; a window keeps it to a few rows per edition."""
    newest_first = [F("recorded_at").desc(), F("pk").desc()]
    recent = (
        Correction.objects.filter(edition__in=[e.pk for e in editions])
        .annotate(n=Window(RowNumber(), partition_by=F("edition"), order_by=newest_first))
        .filter(n__lte=FEED_CORRECTIONS)
        .order_by("-recorded_at", "-pk")
    )
    latest: dict[int, list[Correction]] = {}
    for correction in recent:
        latest.setdefault(correction.edition_id, []).append(correction)
    return {
        pk: extensions.FeedAddition(
            updated=corrections[0].recorded_at,
            lines=(_("更正记录:"), *(describe(c) for c in corrections)),
        )
        for pk, corrections in latest.items()
    }


# --- 待处理问题 -----------------------------------------------------------------------


def problems(*, edition: Edition):
    """(open, acknowledged): the edition's problems, split by whether someone checked them."""
    found = core.edition_problems(edition=edition)
    checked = {
        ack.key: ack
        for ack in ProblemAcknowledgement.objects.filter(edition=edition).select_related(
            "acknowledged_by"
        )
    }
    open_problems = [p for p in found if p.key not in checked]
    acknowledged = [(p, checked[p.key]) for p in found if p.key in checked]
    return open_problems, acknowledged


def open_problems_by_edition(*, edition_ids: list[int]) -> dict[int, list]:
    """Open problems of several editions (acknowledged ones left out), in four queries."""
    found = core.problems_by_edition(edition_ids=edition_ids)
    checked = set(
        ProblemAcknowledgement.objects.filter(edition__in=edition_ids).values_list(
            "edition_id", "key"
        )
    )
    return {
        pk: [p for p in problems if (pk, p.key) not in checked] for pk, problems in found.items()
    }
