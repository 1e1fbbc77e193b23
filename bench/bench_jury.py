"""Jury review at the issue's size: 30 judges × 300 candidates × 5 criteria (45,000 scores).

Measures, in this process through Django's test client (middleware included, no network):
the organizer's progress page, a judge's next-candidate page (the redirect and the score page),
and the recompute of every jury score with per-judge normalisation and trimming. Each figure is
the median of --rounds runs with min and max beside it (the machine is shared). SQLite by
default; --database postgres starts a throwaway cluster (port BENCH_PG_PORT) as the others do.

    .venv/bin/python bench/bench_jury.py [--rounds 15] [--database sqlite|postgres]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, Postgres, collectstatic, log, machine, save_result, table

JUDGES, CANDIDATES, CRITERIA = 30, 300, 5
TARGETS_MS = {"progress page": 300, "next-candidate page": 50, "recompute (normalised)": 1000}


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    # Production settings (DEBUG off) but plain HTTP in this process: no redirect to https.
    os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build() -> tuple:
    """The panel, bulk-written: judges, candidates with cases, all assigned, all scored."""
    import random

    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group, User

    from awards.evaluation.models import Candidate, Evaluation
    from awards.jury import services
    from awards.jury.models import Assignment, Criterion, Judge, PanelMember, Score
    from awards.models import AwardList, Case, Edition, Nominee

    rng = random.Random(19)
    edition = Edition.objects.create(year=2099, name="2099 bench", held_on="2099-12-01")
    award_list = AwardList.objects.create(
        edition=edition, name="十佳案例", slug="cases", kind="cases"
    )
    evaluation = Evaluation.objects.create(award_list=award_list, jury_weight=70)
    nominees = Nominee.objects.bulk_create(
        Nominee(name=f"单位{i}", slug=f"org-{i}", kind="organization") for i in range(CANDIDATES)
    )
    cases = Case.objects.bulk_create(
        Case(nominee=n, title=f"案例{i}", summary="案例简介。" * 20) for i, n in enumerate(nominees)
    )
    candidates = Candidate.objects.bulk_create(
        Candidate(evaluation=evaluation, nominee=n, case=c, data_score=rng.uniform(30, 95))
        for n, c in zip(nominees, cases, strict=True)
    )
    sheet = services.scoresheet_for(evaluation)
    criteria = Criterion.objects.bulk_create(
        Criterion(
            scoresheet=sheet, name=f"评分项{i}", weight=20, scale_min=0, scale_max=10, position=i
        )
        for i in range(CRITERIA)
    )
    password = make_password("bench-judge-password")
    users = User.objects.bulk_create(
        User(username=f"bench-judge-{i}", password=password) for i in range(JUDGES)
    )
    Group.objects.get(name="评委").user_set.add(*users)
    judges = Judge.objects.bulk_create(Judge(user=u, name=f"评委{i}") for i, u in enumerate(users))
    members = PanelMember.objects.bulk_create(
        PanelMember(scoresheet=sheet, judge=j) for j in judges
    )
    assignments = Assignment.objects.bulk_create(
        Assignment(member=m, candidate=c, complete=True) for m in members for c in candidates
    )
    bias = {m.pk: rng.uniform(-2, 2) for m in members}
    Score.objects.bulk_create(
        (
            Score(
                assignment=a,
                criterion=c,
                value=Decimal(
                    str(round(min(10, max(0, rng.gauss(6, 1.5) + bias[a.member_id])), 1))
                ),
            )
            for a in assignments
            for c in criteria
        ),
        batch_size=5000,
    )
    # The judge measured still has the last ten candidates to score.
    last = members[-1]
    todo = Assignment.objects.filter(member=last).order_by("-pk")[:10]
    Assignment.objects.filter(pk__in=[a.pk for a in todo]).update(complete=False)
    PanelMember.objects.exclude(pk=last.pk).update(submitted_at=edition.updated_at)
    organizer = User.objects.create_user("bench-organizer", password="x", is_staff=True)
    organizer.groups.add(Group.objects.get(name="组织者"))
    return evaluation, sheet, organizer, users[-1]


def measure(func, rounds: int) -> tuple[list[float], object]:
    func()  # warm-up
    times, result = [], None
    for _ in range(rounds):
        started = time.perf_counter()
        result = func()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def row(name: str, times: list[float], queries: int | str) -> dict:
    return {
        "what": name,
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "queries": queries,
        "target_ms": TARGETS_MS.get(name, ""),
    }


def run(rounds: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from awards.jury import scoring, services

    log(f"building {JUDGES} judges × {CANDIDATES} candidates × {CRITERIA} criteria")
    evaluation, sheet, organizer, judge_user = build()
    rows = []

    organizer_client = Client()
    organizer_client.force_login(organizer)
    progress_url = reverse("jury:progress", kwargs={"evaluation": evaluation.pk})

    def progress():
        response = organizer_client.get(progress_url)
        assert response.status_code == 200, response.status_code
        return response

    times, _ = measure(progress, rounds)
    with CaptureQueriesContext(connection) as q:
        progress()
    rows.append(row("progress page", times, len(q)))

    judge_client = Client()
    judge_client.force_login(judge_user)
    next_url = reverse("jury:next", kwargs={"evaluation": evaluation.pk})
    score_url = judge_client.get(next_url)["Location"]

    def next_redirect():
        response = judge_client.get(next_url)
        assert response.status_code == 302
        return response

    def score_page():
        response = judge_client.get(score_url)
        assert response.status_code == 200, response.status_code
        return response

    times, _ = measure(next_redirect, rounds)
    with CaptureQueriesContext(connection) as q:
        next_redirect()
    rows.append(row("next-candidate redirect", times, len(q)))
    times, _ = measure(score_page, rounds)
    with CaptureQueriesContext(connection) as q:
        score_page()
    rows.append(row("next-candidate page", times, len(q)))

    def recompute():
        return services.recompute(sheet=sheet, by=organizer, normalised=True, trimmed=True)

    times, count = measure(recompute, max(3, rounds // 3))
    assert count == CANDIDATES, count
    with CaptureQueriesContext(connection) as q:
        recompute()
    rows.append(row("recompute (normalised)", times, len(q)))

    judges, candidates, values = services.sheet_scores(sheet)

    def arithmetic():
        return scoring.jury_scores(judges, candidates, values, normalised=True, trim=True)

    times, _ = measure(arithmetic, rounds)
    rows.append(row("of which numpy arithmetic", times, 0))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--database", choices=("sqlite", "postgres"), default="sqlite")
    args = parser.parse_args()
    results = {"machine": machine(), "args": vars(args)}
    collectstatic()  # the pages name hashed static files (manifest storage, DEBUG off)
    with ExitStack() as stack:
        if args.database == "postgres":
            pg = stack.enter_context(Postgres())
            url = pg.create("bench_jury")
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory())
            url = f"sqlite:///{folder}/bench.sqlite3"
        setup_django(url)
        rows = run(args.rounds)
    results["rows"] = rows
    print(table(rows, ["what", "median_ms", "min_ms", "max_ms", "queries", "target_ms"]))
    save_result(f"jury_{args.database}", results)


if __name__ == "__main__":
    main()
