"""Benchmark: a 10,000-award workbook import (preview + confirm) against a raw bulk_create.

Self-contained: run `python bench/bench_import.py [--awards N] [--json]` from the project root
with the project's virtualenv. It creates a throwaway test database on whatever DATABASE_URL
points at (SQLite in memory by default, `test_<name>` on PostgreSQL), so real data is never
touched, and prints a markdown table (or JSON).

`--scale` times 10,000 and then 100,000 awards in one run and reports the ratio (goal ≤ 11×).
`--database sqlite|postgresql|both` runs it once per database, PostgreSQL on a throwaway
cluster of bench/harness.py (as `make bench` does).
`--memory` measures the peak RSS of a real `manage.py import_awards FILE` process (preview
and write in one transaction) on N awards, read from the kernel with wait4 (goal ≤ 400 MiB at
100,000); it uses a throwaway SQLite file, or `test_<name>` on PostgreSQL.

What is timed, in the same run and on the same rows:
* bulk:    Award.objects.bulk_create of the N awards (nominees and lists already exist);
* preview: services.plan_import of the exported workbook (full validation, no writes);
* confirm: services.apply_import with the preview's fingerprint, as the admin does: it reuses
  the preview's cached plan when the data version is unchanged (else plans the file again),
  then bulk-creates the awards and their history rows in one transaction.
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


def setup_database(sqlite_file: str | None = None):
    import django
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    if sqlite_file and connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = sqlite_file  # shared with a child process
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return connection, old_name


def wipe():
    """Empty every award table (and their history) with plain DELETEs, children first."""
    from awards.models import Award, AwardList, Case, Edition, Nominee

    for model in (Award, Case, AwardList, Nominee, Edition):
        for queryset in (model.objects.all(), model.history.all()):
            queryset._raw_delete(queryset.db)


def build(awards: int, per_list: int = 1000):
    from awards.models import Award, AwardList, Edition, Nominee

    edition = Edition.objects.create(
        year=2099, name="2099成都市政务新媒体峰会", held_on=datetime.date(2099, 12, 1)
    )
    lists = AwardList.objects.bulk_create(
        # bulk_create skips save(), which defaults the review year to the edition's.
        AwardList(
            edition=edition, name=f"榜单{i:02d}", slug=f"list-{i}", position=i, review_year=2099
        )
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
            announced_name=nominees[i].name,
            level="优秀" if i % 3 else "",
            rank=(i % per_list) // 10 + 1,
        )
        for i in range(awards)
    ]
    return edition, rows


def timed(func):
    """(wall seconds, CPU seconds of this process, result)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = func()
    return (time.perf_counter() - start, time.process_time() - cpu), result


def copies(rows):
    """Unsaved copies of the award rows (bulk_create sets pks on the objects it is given)."""
    from awards.models import Award

    names = [f.attname for f in Award._meta.concrete_fields if not f.primary_key]
    return [Award(**{name: getattr(row, name) for name in names}) for row in rows]


def bulk_insert(awards):
    from django.db import transaction

    from awards.models import Award

    with transaction.atomic():
        Award.objects.bulk_create(awards, batch_size=1000)


def reset():
    """Empty the award tables with plain DELETEs (no per-row signals)."""
    from awards.models import Award

    for queryset in (Award.objects.all(), Award.history.all()):
        queryset._raw_delete(queryset.db)


def run(awards: int, rounds: int) -> dict:
    from django.contrib.auth.models import User
    from django.db import connection

    from awards.importing import services, workbook
    from awards.models import Award

    wipe()
    # As in the admin, the import is made by a user (its history rows name them).
    user = User.objects.get_or_create(username="bench", defaults={"is_staff": True})[0]
    edition, rows = build(awards)
    Award.objects.bulk_create(rows, batch_size=1000)
    data = workbook.export_workbook(edition)

    # Best of `rounds`: the machine is shared, and the minimum is the least disturbed run.
    times = {"bulk": [], "preview": [], "confirm": [], "import": [], "again": []}
    for _ in range(rounds):
        reset()
        fresh = copies(rows)  # built outside the timing: only the INSERTs are measured
        times["bulk"].append(timed(lambda fresh=fresh: bulk_insert(fresh))[0])
        reset()
        # As in the admin: the preview remembers its plan, the confirm names what it saw.
        preview, plan = timed(lambda: services.plan_import(data, "bench.xlsx", remember=True))
        assert plan.ok and plan.counts["create"] == awards, plan.issue_lines()[:5]
        confirm, _ = timed(
            lambda plan=plan: services.apply_import(
                data, "bench.xlsx", user=user, expected_fingerprint=plan.fingerprint
            )
        )
        assert Award.objects.count() == awards and Award.history.count() == awards
        again, unchanged = timed(lambda: services.plan_import(data, "bench.xlsx"))
        assert not unchanged.has_changes
        times["preview"].append(preview)
        times["confirm"].append(confirm)
        times["import"].append((preview[0] + confirm[0], preview[1] + confirm[1]))
        times["again"].append(again)

    # Memory: the same preview + confirm again, untimed, under tracemalloc.
    reset()
    tracemalloc.start()
    plan = services.plan_import(data, "bench.xlsx", remember=True)
    services.apply_import(data, "bench.xlsx", user=user, expected_fingerprint=plan.fingerprint)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    best = {
        key: {
            "wall_s": round(min(w for w, _c in values), 3),
            "cpu_s": round(min(c for _w, c in values), 3),
        }
        for key, values in times.items()
    }
    return {
        "database": connection.vendor,
        "awards": awards,
        "rounds": rounds,
        "workbook_bytes": len(data),
        "timings": best,
        "ratio_wall": round(best["import"]["wall_s"] / best["bulk"]["wall_s"], 1),
        "ratio_cpu": round(best["import"]["cpu_s"] / best["bulk"]["cpu_s"], 1),
        "peak_tracemalloc_mb": round(peak / 1024 / 1024, 1),
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
    }


LABELS = (
    ("bulk", "raw bulk_create (baseline)"),
    ("preview", "preview (dry run)"),
    ("confirm", "confirm (check, write, history)"),
    ("import", "**preview + confirm**"),
    ("again", "second preview (nothing to change)"),
)


def markdown(result: dict) -> str:
    t = result["timings"]
    lines = [
        f"{result['database']}, {result['awards']:,} awards, best of {result['rounds']} runs",
        "",
        "| step | wall s | × bulk | CPU s (this process) | × bulk |",
        "|---|---:|---:|---:|---:|",
    ]
    bulk_wall, bulk_cpu = t["bulk"]["wall_s"], t["bulk"]["cpu_s"]
    for key, label in LABELS:
        wall, cpu = t[key]["wall_s"], t[key]["cpu_s"]
        lines.append(
            f"| {label} | {wall:.3f} | {wall / bulk_wall:.1f} | {cpu:.3f} | {cpu / bulk_cpu:.1f} |"
        )
    lines.append(
        f"\nPeak Python memory (tracemalloc) of preview + confirm: "
        f"{result['peak_tracemalloc_mb']} MB; process max RSS {result['max_rss_mb']} MB; "
        f"workbook {result['workbook_bytes'] / 1024:.0f} KB."
    )
    return "\n".join(lines)


def database_url(settings_dict: dict) -> str:
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    return "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/{NAME}".format(**settings_dict)


MEASURE = (
    "import os, subprocess, sys; "
    "child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "_pid, status, usage = os.wait4(child.pid, 0); "
    "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)"
)


def memory(awards: int) -> dict:
    """Peak RSS of `manage.py import_awards FILE` importing `awards` new awards."""
    import subprocess
    import tempfile

    from django.db import connection

    from awards.importing import workbook
    from awards.models import Award

    wipe()
    edition, rows = build(awards)
    Award.objects.bulk_create(rows, batch_size=1000)
    data = workbook.export_workbook(edition)
    del rows
    reset()
    url = database_url(connection.settings_dict)
    connection.close()
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as file:
        file.write(data)
        file.flush()
        env = {**os.environ, "DATABASE_URL": url}
        command = [sys.executable, str(ROOT / "manage.py"), "import_awards", file.name]
        start = time.perf_counter()
        # Linux keeps ru_maxrss across fork and exec: a child of this (large) process would
        # report our peak. A small Python in between starts the import and reads its rusage.
        out = subprocess.run(
            [sys.executable, "-c", MEASURE, *command], env=env, capture_output=True, check=True
        )
        wall = time.perf_counter() - start
    exit_code, max_rss_kib = (int(v) for v in out.stdout.split())
    assert exit_code == 0, out.stderr
    assert Award.objects.count() == awards
    return {
        "database": connection.vendor,
        "awards": awards,
        "import_awards_peak_rss_mib": round(max_rss_kib / 1024, 1),
        "import_awards_wall_s": round(wall, 1),
        "workbook_bytes": len(data),
    }


def each_database(which: str, argv: list[str]) -> None:
    """Run this benchmark once per database, each in its own process (Django reads one URL)."""
    import subprocess

    from harness import Postgres, log

    here = [sys.executable, str(Path(__file__).resolve()), *argv]
    if which in ("sqlite", "both"):
        log("import benchmark on SQLite")
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        subprocess.run(here, env=env, check=True)
    if which in ("postgresql", "both"):
        with Postgres() as pg:
            log("import benchmark on PostgreSQL")
            url = pg.create("summit_import")
            subprocess.run(here, env={**os.environ, "DATABASE_URL": url}, check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3, help="best of this many runs")
    parser.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    parser.add_argument("--scale", action="store_true", help="10,000 then 100,000 awards")
    parser.add_argument("--memory", action="store_true", help="peak RSS of import_awards")
    parser.add_argument(
        "--database",
        choices=("current", "sqlite", "postgresql", "both"),
        default="current",
        help="current: whatever DATABASE_URL says; postgresql: a throwaway cluster (bench/harness)",
    )
    args = parser.parse_args(argv)
    if args.database != "current":
        flags = [f"--{name}" for name in ("json", "scale", "memory") if getattr(args, name)]
        each_database(
            args.database, ["--awards", str(args.awards), "--rounds", str(args.rounds), *flags]
        )
        return

    sqlite_file = str(ROOT / "bench-import.sqlite3") if args.memory else None
    connection, old_name = setup_database(sqlite_file)
    try:
        if args.memory:
            result = memory(args.awards)
        elif args.scale:
            small, large = run(10_000, args.rounds), run(100_000, 1)
            result = {
                "small": small,
                "large": large,
                "ratio_wall": round(
                    large["timings"]["import"]["wall_s"] / small["timings"]["import"]["wall_s"], 1
                ),
                "ratio_cpu": round(
                    large["timings"]["import"]["cpu_s"] / small["timings"]["import"]["cpu_s"], 1
                ),
            }
        else:
            result = run(args.awards, args.rounds)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.json or args.memory:
        print(json.dumps(result, indent=2))
    elif args.scale:
        print(markdown(result["small"]), "\n", markdown(result["large"]), sep="\n")
        print(
            f"\n100,000 ÷ 10,000 preview + confirm: {result['ratio_wall']}× wall, "
            f"{result['ratio_cpu']}× CPU"
        )
    else:
        print(markdown(result))


if __name__ == "__main__":
    main()
