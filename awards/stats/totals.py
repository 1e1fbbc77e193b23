"""The kept statistics totals against a fresh count from the awards (awards/stats/models.py).

The triggers keep the totals; this module only recounts them (`rebuild`, for a database
whose totals were never filled or were restored from a partial copy) and says where they
differ from a count made now (`differences`: tests and `manage.py stats_totals --check`).
"""

from django.db import connection, transaction
from django.db.models import Count, Min

from awards import totals_triggers
from awards.models import Award
from awards.stats.models import EditionTotal, NomineeTotal


def counted() -> tuple[dict, dict]:
    """({edition_id: (awards, winners)}, {nominee_id: (kind, awards, first_year)}) counted
    from the current awards of every edition, as the totals count them."""
    current = Award.objects.current().order_by()
    editions = {
        row["award_list__edition_id"]: (row["awards"], row["winners"])
        for row in current.values("award_list__edition_id").annotate(
            awards=Count("pk"), winners=Count("nominee", distinct=True)
        )
    }
    nominees = {
        row["nominee_id"]: (row["nominee__kind"], row["awards"], row["first_year"])
        for row in current.values("nominee_id", "nominee__kind").annotate(
            awards=Count("pk"), first_year=Min("award_list__edition__year")
        )
    }
    return editions, nominees


def kept() -> tuple[dict, dict]:
    """The totals as kept, in the shape of `counted()` (editions without awards left out)."""
    editions = {
        pk: (awards, winners)
        for pk, awards, winners in EditionTotal.objects.values_list(
            "edition_id", "awards", "winners"
        )
        if awards or winners
    }
    nominees = {
        pk: (kind, awards, first_year)
        for pk, kind, awards, first_year in NomineeTotal.objects.values_list(
            "nominee_id", "kind", "awards", "first_year"
        )
    }
    return editions, nominees


def differences() -> list[str]:
    """One line per edition or nominee whose kept totals differ from a fresh count."""
    found = []
    for name, fresh, stored in zip(("edition", "nominee"), counted(), kept(), strict=True):
        for pk in sorted(fresh.keys() | stored.keys()):
            if fresh.get(pk) != stored.get(pk):
                found.append(f"{name} {pk}: kept {stored.get(pk)}, counted {fresh.get(pk)}")
    return found


def rebuild() -> None:
    """Recount every total from the awards, in one transaction."""
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in totals_triggers.TOTALS_FILL:
            cursor.execute(statement)
