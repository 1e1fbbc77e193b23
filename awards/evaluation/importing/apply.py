"""Stage 6, apply a checked plan in one transaction: nominees, candidates, periods, rows.

Re-importing replaces the current rows of every (period, platform) pair the file holds, for
all the evaluation's candidates, and keeps the replaced rows in MetricRowHistory.
"""

from django.db import transaction
from django.db.models import F

from awards.evaluation import compute, tree
from awards.evaluation.importing.cells import default_days
from awards.evaluation.importing.plan import MetricPlan
from awards.evaluation.models import (
    Candidate,
    Evaluation,
    MetricImport,
    MetricRow,
    MetricRowHistory,
    Period,
)
from awards.evaluation.vocabulary import METRIC_KEYS
from awards.models import Case, Nominee
from awards.text import match_key

BATCH = 2000
_HISTORY_FIELDS = (*METRIC_KEYS, "extra", "candidate_id", "period_id", "platform", "source_id")


def _nominees(plan: MetricPlan) -> dict[str, int]:
    """{match key: nominee pk}, creating the new nominees (slug, search text via save())."""
    nominees = dict(plan.nominees)
    for key, name in plan.new_names.items():
        nominees[key] = Nominee.objects.create(name=name, kind=Nominee.Kind.ACCOUNT).pk
    return nominees


def _cases(plan: MetricPlan, nominees) -> dict[tuple[int, str], int]:
    """{(nominee pk, title key): case pk}, creating cases the file names for the first time."""
    wanted = {(nominees[match_key(r.name)], r.case) for r in plan.rows if r.case}
    if not wanted:
        return {}
    found = {
        (nominee_id, match_key(title)): pk
        for pk, nominee_id, title in Case.objects.filter(
            nominee_id__in={n for n, _t in wanted}
        ).values_list("pk", "nominee_id", "title")
    }
    for nominee_id, title in wanted:
        if (nominee_id, match_key(title)) not in found:
            found[(nominee_id, match_key(title))] = Case.objects.create(
                nominee_id=nominee_id, title=title
            ).pk
    return found


def _candidates(evaluation, plan, nominees, cases) -> dict[tuple, int]:
    """{(nominee pk, case pk or None): candidate pk}, adding the missing ones in bulk."""

    def key_of(row):
        nominee_id = nominees[match_key(row.name)]
        return nominee_id, cases.get((nominee_id, match_key(row.case))) if row.case else None

    wanted = {key_of(row) for row in plan.rows}
    current = {
        (nominee_id, case_id): pk
        for pk, nominee_id, case_id in Candidate.objects.filter(evaluation=evaluation).values_list(
            "pk", "nominee_id", "case_id"
        )
    }
    missing = [
        Candidate(evaluation=evaluation, nominee_id=n, case_id=c)
        for n, c in wanted
        if (n, c) not in current
    ]
    Candidate.objects.bulk_create(missing, batch_size=BATCH)
    if missing:
        current = dict(
            ((n, c), pk)
            for pk, n, c in Candidate.objects.filter(evaluation=evaluation).values_list(
                "pk", "nominee_id", "case_id"
            )
        )
    return {id(row): current[key_of(row)] for row in plan.rows}


def _periods(evaluation, plan) -> dict[str, int]:
    Period.objects.bulk_create(
        Period(
            evaluation=evaluation,
            label=label,
            starts_on=plan.periods[label][0],
            ends_on=plan.periods[label][1],
            days=default_days(*plan.periods[label]),
        )
        for label in plan.new_periods
    )
    return dict(Period.objects.filter(evaluation=evaluation).values_list("label", "pk"))


def _replace(evaluation, plan, periods, source) -> int:
    """Move the current rows of the file's (period, platform) pairs to history."""
    replaced = 0
    for platform in {p for _label, p in plan.pairs}:
        labels = [label for label, p in plan.pairs if p == platform]
        current = MetricRow.objects.filter(
            candidate__evaluation=evaluation,
            platform=platform,
            period_id__in=[periods[label] for label in labels],
        )
        old = list(current.values(*_HISTORY_FIELDS))
        MetricRowHistory.objects.bulk_create(
            (MetricRowHistory(replaced_by=source, **values) for values in old), batch_size=BATCH
        )
        current._raw_delete(current.db)  # no cascades or signals hang on metric rows
        replaced += len(old)
    return replaced


@transaction.atomic
def apply(evaluation: Evaluation, plan: MetricPlan, *, user=None) -> MetricImport:
    """Write a plan without issues; everything or nothing."""
    assert not plan.issues, "a plan with issues is never applied"
    nominees = _nominees(plan)
    cases = _cases(plan, nominees)
    candidates = _candidates(evaluation, plan, nominees, cases)
    periods = _periods(evaluation, plan)
    source = MetricImport.objects.create(
        evaluation=evaluation, file_name=plan.file_name[:200], imported_by=user
    )
    replaced = _replace(evaluation, plan, periods, source)
    MetricRow.objects.bulk_create(
        (
            MetricRow(
                candidate_id=candidates[id(row)],
                period_id=periods[row.period],
                platform=row.platform,
                source=source,
                extra=row.extra,
                **row.values,
            )
            for row in plan.rows
        ),
        batch_size=BATCH,
    )
    source.row_count, source.replaced_count = len(plan.rows), replaced
    source.summary = "、".join(sorted({label for label, _p in plan.pairs}))[:500]
    source.save(update_fields=["row_count", "replaced_count", "summary"])
    Evaluation.objects.filter(pk=evaluation.pk).update(data_version=F("data_version") + 1)
    evaluation.refresh_from_db(fields=["data_version"])
    _specs, problems = tree.load_tree(evaluation)
    if not problems:
        compute.recompute(evaluation)
    return source
