"""Archive scale: the same pages on a 2022-only database and on a 100-edition archive.

Both databases live in one throwaway PostgreSQL cluster (or SQLite files with --database
sqlite). Pages are timed in-process without the page cache (CACHE_URL=dummy://), so the
figure is the render and query cost that the archive size could change; the measurement
alternates between the two databases for --rounds rounds.

    .venv/bin/python bench/bench_scale.py [--database postgresql|sqlite] [--editions 100]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    ROOT,
    Postgres,
    collectstatic,
    django_env,
    log,
    machine,
    median,
    prepare_database,
    run_python,
    save_result,
    table,
)

BENCH = ROOT / "bench"
# Keys of bench/measure_pages.py's result, in report order.
PAGES = (
    "edition",
    "nominee",
    "nominee_index",
    "nominee_index_c",
    "case_index",
    "case_index_2022",
    "stats",
    "stats_cold",
    "edition_stats",
    "stats_chart",
    "edition_chart",
    "share_nominee",
    "share_edition",
    "api_nominees",
    "api_cases",
    "api_cases_2022",
    "api_edition_stats",
)


def measure(url: str, repeat: int) -> dict:
    env = django_env(url, CACHE_URL="dummy://", LOG_LEVEL="CRITICAL")
    output = run_python(BENCH / "measure_pages.py", str(repeat), env=env, timeout=900)
    return json.loads([line for line in output.splitlines() if line.startswith("{")][-1])


def generate(url: str, editions: int, nominees: int) -> dict:
    env = django_env(url, LOG_LEVEL="WARNING")
    args = ["--editions", str(editions), "--nominees", str(nominees), "--json"]
    output = run_python(BENCH / "generate_archive.py", *args, env=env, timeout=1800)
    return json.loads([line for line in output.splitlines() if line.startswith("{")][-1])


def compare(small_url: str, large_url: str, rounds: int, repeat: int) -> dict:
    runs = {"small": [], "large": []}
    for n in range(rounds):
        for name, url in (("small", small_url), ("large", large_url)):
            runs[name].append(measure(url, repeat))
        log(
            f"round {n + 1}: /2022/ {runs['small'][-1]['edition']['p50_ms']} → "
            f"{runs['large'][-1]['edition']['p50_ms']} ms, nominee "
            f"{runs['small'][-1]['nominee']['p50_ms']} → "
            f"{runs['large'][-1]['nominee']['p50_ms']} ms"
        )
    summary = {}
    for page in PAGES:
        small = median([r[page]["p50_ms"] for r in runs["small"]])
        large = median([r[page]["p50_ms"] for r in runs["large"]])
        summary[page] = {
            "path": runs["small"][0][page]["path"],
            "mode": runs["small"][0][page]["mode"],
            "small_p50_ms": small,
            "large_p50_ms": large,
            "small_cpu_p50_ms": median([r[page]["cpu_p50_ms"] for r in runs["small"]]),
            "large_cpu_p50_ms": median([r[page]["cpu_p50_ms"] for r in runs["large"]]),
            "slowdown": round(large / small, 3),
            "queries_small": runs["small"][0][page]["queries"],
            "queries_large": runs["large"][0][page]["queries"],
        }
    searches = [s for r in runs["large"] for s in r["search"]]
    summary["search_large"] = {
        "mode": searches[0]["mode"],
        "queries_timed": len(searches),
        "p50_ms": median([s["p50_ms"] for s in searches]),
        "worst_p50_ms": max(s["p50_ms"] for s in searches),
        "worst_query": max(searches, key=lambda s: s["p50_ms"])["path"],
        "query_counts": sorted({q for s in searches for q in s["queries"]}),
    }
    summary["search_large"]["cpu_p50_ms"] = median([s["cpu_p50_ms"] for s in searches])
    summary["search_small_p50_ms"] = median(
        [s["p50_ms"] for r in runs["small"] for s in r["search"]]
    )
    summary["search_small_cpu_p50_ms"] = median(
        [s["cpu_p50_ms"] for r in runs["small"] for s in r["search"]]
    )
    return {"summary": summary, "runs": runs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", choices=("postgresql", "sqlite", "both"), default="postgresql"
    )
    parser.add_argument("--editions", type=int, default=100)
    parser.add_argument("--nominees", type=int, default=50000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    results = {"machine": machine(), "args": vars(args), "runs": []}

    def run(label, small_url, large_url):
        prepare_database(small_url)
        prepare_database(large_url)
        collectstatic()  # pages render with DEBUG off, through the manifest storage
        log(f"{label}: generating {args.editions} editions, {args.nominees} nominees")
        generated = generate(large_url, args.editions, args.nominees)
        log(
            f"{label}: generated in {generated['generation_seconds']} s, "
            f"{generated['database_mib']} MiB"
        )
        result = {
            "database": label,
            "generated": generated,
            **compare(small_url, large_url, args.rounds, args.repeat),
        }
        results["runs"].append(result)

    if args.database in ("postgresql", "both"):
        with Postgres() as pg:
            results["postgresql_transport"] = pg.transport
            run("postgresql", pg.create("summit_scale_2022"), pg.create("summit_scale_archive"))
            results["runs"][-1]["small_database_mib"] = round(
                pg.size_bytes("summit_scale_2022") / 2**20, 1
            )
    if args.database in ("sqlite", "both"):
        with tempfile.TemporaryDirectory(prefix="summit-bench-scale.") as folder:
            run("sqlite", f"sqlite:///{folder}/small.sqlite3", f"sqlite:///{folder}/large.sqlite3")

    for result in results["runs"]:
        s = result["summary"]
        print(f"\n{result['database']}: archive of {result['generated']['counts']}")
        print(
            f"generation {result['generated']['generation_seconds']} s, "
            f"database {result['generated']['database_mib']} MiB"
        )
        rows = [
            {
                "page": s[p]["path"],
                "mode": s[p]["mode"],
                "2022 only ms": s[p]["small_p50_ms"],
                "archive ms": s[p]["large_p50_ms"],
                "slowdown": s[p]["slowdown"],
                "queries": f"{s[p]['queries_small']} / {s[p]['queries_large']}",
            }
            for p in PAGES
        ]
        rows.append(
            {
                "page": "search (16 queries)",
                "mode": s["search_large"]["mode"],
                "2022 only ms": s["search_small_p50_ms"],
                "archive ms": s["search_large"]["p50_ms"],
                "slowdown": round(s["search_large"]["p50_ms"] / s["search_small_p50_ms"], 3),
                "queries": str(s["search_large"]["query_counts"]),
            }
        )
        print(table(rows, ["page", "mode", "2022 only ms", "archive ms", "slowdown", "queries"]))
        print(
            f"worst search: {s['search_large']['worst_query']} "
            f"{s['search_large']['worst_p50_ms']} ms"
        )
    save_result("scale", results)


if __name__ == "__main__":
    main()
