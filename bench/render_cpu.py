"""CPU of one uncached render of the public pages, in-process (issue 21's render goals).

A throwaway SQLite file with the 2022 fixture (and with --archive, a second one grown by
bench/generate_archive.py), DEBUG off, no page cache (CACHE_URL=dummy://); a
django.test.Client loop times time.process_time() around each GET. Prints the median and
the fastest CPU milliseconds per page, and the queries each page ran; then the median again
with the parts of pages kept for the data state (awards.fragments) dropped before each
request ("cold": what the first render after a change costs).

    .venv/bin/python bench/render_cpu.py [--repeat 40] [--rounds 3] [--archive] [--json]

Rounds alternate between the databases; a page's figure is the median of its round medians.
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    BIN,
    ROOT,
    collectstatic,
    django_env,
    log,
    machine,
    prepare_database,
    run_python,
    save_result,
    table,
)

# The goals of issue 21, CPU milliseconds per uncached render.
PAGES = {
    "/2022/": 4.0,
    "/nominees/chengdu-fabu/": 1.5,
    "/search/?q=chengdu": 3.0,
}


COLUMNS = ["database", "page", "median_ms", "fastest_ms", "goal_ms", "met", "queries"]
COLUMNS += ["cold_ms", "cold_queries"]


def measure_here(repeat: int) -> dict:
    """Runs inside the child process, whose environment names the database."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.test import Client

    from awards import fragments

    # No setup_test_environment(): it copies every template context for the test client,
    # which is not what a server pays.
    logging.disable(logging.CRITICAL)
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=True)
    result = {}
    for path in PAGES:
        for warm in (path, "/en" + path):  # first renders compile templates, read catalogs
            assert client.get(warm).status_code == 200, warm
        cpu, queries = _timed(client, connection, path, repeat, forget=None)
        # The first render after a change: no part kept (awards.fragments) yet.
        cold, cold_queries = _timed(client, connection, path, repeat, forget=fragments.forget)
        result[path] = {
            "median_ms": round(statistics.median(cpu), 3),
            "fastest_ms": round(min(cpu), 3),
            "queries": sorted(queries),
            "cold_ms": round(statistics.median(cold), 3),
            "cold_queries": sorted(cold_queries),
        }
    return result


def _timed(client, connection, path: str, repeat: int, forget) -> tuple[list, set]:
    from django.test.utils import CaptureQueriesContext

    cpu, queries = [], set()
    for _ in range(repeat):
        if forget is not None:
            forget()
        with CaptureQueriesContext(connection) as captured:
            started = time.process_time()
            response = client.get(path)
            cpu.append((time.process_time() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries.add(len(captured))
    return cpu, queries


def run_child(database_url: str, repeat: int) -> dict:
    env = django_env(database_url, CACHE_URL="dummy://", LOG_LEVEL="CRITICAL")
    output = run_python(Path(__file__), "--child", "--repeat", str(repeat), env=env)
    return json.loads(output.strip().splitlines()[-1])


def generate_archive(database_url: str, editions: int, nominees: int) -> None:
    env = django_env(database_url, LOG_LEVEL="WARNING")
    args = ["--editions", str(editions), "--nominees", str(nominees), "--json"]
    run_python(ROOT / "bench" / "generate_archive.py", *args, env=env, timeout=1800)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per page")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--archive", action="store_true", help="also on a generated archive")
    parser.add_argument("--editions", type=int, default=100, help="of the archive")
    parser.add_argument("--nominees", type=int, default=50000, help="of the archive")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure_here(args.repeat)))
        return

    results = {
        "machine": machine(),
        "args": vars(args),
        "loadavg": Path("/proc/loadavg").read_text().split()[:3],
    }
    with tempfile.TemporaryDirectory(prefix="summit-render-cpu.") as folder:
        databases = {"2022": f"sqlite:///{folder}/small.sqlite3"}
        if args.archive:
            databases["archive"] = f"sqlite:///{folder}/archive.sqlite3"
        for url in databases.values():
            prepare_database(url)
        collectstatic()  # DEBUG off renders through the manifest storage
        if args.archive:
            log(f"generating an archive of {args.editions} editions")
            generate_archive(databases["archive"], args.editions, args.nominees)
        runs = {name: [] for name in databases}
        for n in range(args.rounds):
            for name, url in databases.items():
                runs[name].append(run_child(url, args.repeat))
            log(f"round {n + 1} done")
    rows = []
    for name, measured in runs.items():
        for path, goal in PAGES.items():
            medians = [run[path]["median_ms"] for run in measured]
            rows.append(
                {
                    "database": name,
                    "page": path,
                    "median_ms": round(statistics.median(medians), 2),
                    "fastest_ms": round(min(run[path]["fastest_ms"] for run in measured), 2),
                    "goal_ms": goal,
                    "met": "yes" if statistics.median(medians) <= goal else "no",
                    "queries": sorted({q for run in measured for q in run[path]["queries"]}),
                    "cold_ms": round(
                        statistics.median(run[path]["cold_ms"] for run in measured), 2
                    ),
                    "cold_queries": sorted(
                        {q for run in measured for q in run[path]["cold_queries"]}
                    ),
                }
            )
    results["pages"] = rows
    results["loadavg_end"] = Path("/proc/loadavg").read_text().split()[:3]
    save_result("render_cpu", results)
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        start, end = " ".join(results["loadavg"]), " ".join(results["loadavg_end"])
        print(f"load average at start {start}, end {end}")
        print(
            table(
                rows,
                COLUMNS,
            )
        )


if __name__ == "__main__":
    assert BIN.exists(), "run `make install` first"
    main()
