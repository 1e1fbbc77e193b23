"""Benchmark: a 10,000-award workbook import (preview + confirm) against a raw bulk_create.

Self-contained: run `python bench/bench_import.py [--awards N] [--json]` from the project root
with the project's virtualenv. It creates a throwaway test database on whatever DATABASE_URL
points at (SQLite in memory by default, `test_<name>` on PostgreSQL), so real data is never
touched, and prints a markdown table (or JSON).

What is timed, in the same run and on the same rows:
* bulk:    Award.objects.bulk_create of the N awards (nominees and lists already exist);
* preview: services.plan_import of the exported workbook (full validation, no writes);
* confirm: services.apply_import of the same file (plans again in a transaction, then
  bulk-creates the awards and their history rows).
Peak Python memory of preview + confirm is measured in a second, untimed pass under tracemalloc.
"""

import argparse
import datetime
import json
import os
import platform
import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")


def setup_database():
    import django
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return connection, old_name


def build(awards: int, per_list: int = 1000):
    from awards.models import Award, AwardList, Edition, Nominee

    edition = Edition.objects.create(
        year=2099, name="2099成都市政务新媒体峰会", held_on=datetime.date(2099, 12, 1)
    )
    lists = AwardList.objects.bulk_create(
        AwardList(edition=edition, name=f"榜单{i:02d}", slug=f"list-{i}", position=i)
        for i in range((awards + per_list - 1) // per_list)
    )
    nominees = Nominee.objects.bulk_create(
        Nominee(
            name=f"成都政务账号{i:05d}",
            slug=f"n-{i}",
            kind="account",
            search_text=f"|n{i}|",
        )
        for i in range(awards)
    )
    rows = [
        Award(
            award_list=lists[i // per_list],
            position=i % per_list + 1,
            nominee=nominees[i],
            level="优秀" if i % 3 else "",
            rank=(i % per_list) // 10 + 1,
        )
        for i in range(awards)
    ]
    return edition, rows


def timed(func):
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def run(awards: int) -> dict:
    from django.db import connection, transaction

    from awards.importing import services, workbook
    from awards.models import Award

    edition, rows = build(awards)

    with transaction.atomic():
        bulk_seconds, _ = timed(lambda: Award.objects.bulk_create(rows, batch_size=1000))
    data = workbook.export_workbook(edition)
    Award.objects.all().delete()
    Award.history.all().delete()

    preview_seconds, plan = timed(lambda: services.plan_import(data, "bench.xlsx"))
    assert plan.ok and plan.counts["create"] == awards, plan.issue_lines()[:5]
    confirm_seconds, applied = timed(lambda: services.apply_import(data, "bench.xlsx"))
    assert Award.objects.count() == awards and Award.history.count() == awards
    again_seconds, again = timed(lambda: services.plan_import(data, "bench.xlsx"))
    assert not again.has_changes

    # Memory: the same preview + confirm again, untimed, under tracemalloc.
    Award.objects.all().delete()
    tracemalloc.start()
    services.plan_import(data, "bench.xlsx")
    services.apply_import(data, "bench.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    import_seconds = preview_seconds + confirm_seconds
    return {
        "database": connection.vendor,
        "awards": awards,
        "workbook_bytes": len(data),
        "bulk_create_s": round(bulk_seconds, 3),
        "preview_s": round(preview_seconds, 3),
        "confirm_s": round(confirm_seconds, 3),
        "import_s": round(import_seconds, 3),
        "ratio_to_bulk": round(import_seconds / bulk_seconds, 1),
        "reimport_preview_s": round(again_seconds, 3),
        "peak_tracemalloc_mb": round(peak / 1024 / 1024, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }


def markdown(result: dict) -> str:
    lines = [
        f"| {result['database']} | {result['awards']:,} awards | seconds | × bulk |",
        "|---|---|---:|---:|",
    ]
    bulk = result["bulk_create_s"]
    for label, key in (
        ("raw bulk_create", "bulk_create_s"),
        ("preview (dry run)", "preview_s"),
        ("confirm (plan again + write + history)", "confirm_s"),
        ("**preview + confirm**", "import_s"),
        ("second preview (nothing to change)", "reimport_preview_s"),
    ):
        lines.append(f"| {label} | | {result[key]:.3f} | {result[key] / bulk:.1f} |")
    lines.append(
        f"\nPeak Python memory (tracemalloc) of preview + confirm: "
        f"{result['peak_tracemalloc_mb']} MB; process max RSS {result['max_rss_mb']} MB; "
        f"workbook {result['workbook_bytes'] / 1024:.0f} KB."
    )
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=10_000)
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    args = parser.parse_args(argv)

    connection, old_name = setup_database()
    try:
        result = run(args.awards)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(result, indent=2) if args.json else markdown(result))


if __name__ == "__main__":
    main()
