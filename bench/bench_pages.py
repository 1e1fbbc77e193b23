"""Page throughput under gunicorn: `/2022/` from the page cache against a static file of the
same size served by WhiteNoise from the same server, side by side in alternating rounds, both
uncompressed and as browsers ask (brotli: the cache's stored form against WhiteNoise's
precompressed .br), with the workers' local-memory cache and with a shared Redis (a throwaway
redis-server unless BENCH_REDIS_URL is set).

Also `/2022/` and the search page with the cache turned off (CACHE_URL=dummy://), and the
peak RSS of the gunicorn workers after the page benchmark.

    .venv/bin/python bench/bench_pages.py [--database postgresql|sqlite] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    PYTHON,
    ROOT,
    Postgres,
    Redis,
    Server,
    collectstatic,
    django_env,
    get,
    log,
    machine,
    median,
    prepare_database,
    run_python,
    save_result,
    table,
    wrk,
)

STATIC_COPY = ROOT / "staticfiles" / "bench" / "edition-2022.html"
SEARCH_PATHS = ["/search/?q=chengdu", "/search/?q=cdfb", "/search/?q=成都"]


def site_routes(env: dict) -> dict:
    """Which public URLs exist in this tree, and whether /2022/ is a cached view."""
    import subprocess

    code = (
        "import django, json; django.setup()\n"
        "from django.urls import resolve, Resolver404\n"
        "out = {}\n"
        "for p in ['/2022/', '/search/']:\n"
        "    try:\n"
        "        f = resolve(p).func\n"
        "        out[p] = bool(getattr(f, 'summit_public_page', False))\n"
        "    except Resolver404:\n"
        "        out[p] = None\n"
        "print(json.dumps(out))\n"
    )
    output = subprocess.run(
        [PYTHON, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    if output.returncode != 0:
        raise RuntimeError(f"could not inspect the URLconf:\n{output.stderr}")
    return json.loads(output.stdout.strip().splitlines()[-1])


# Browsers send this; WhiteNoise then serves the precompressed .br file, the page cache its
# stored brotli form (goal 3: compared like for like).
COMPRESSED = {"Accept-Encoding": "gzip, deflate, br"}
VARIANTS = {"identity": None, "compressed": COMPRESSED}


def write_static_copy(body: bytes) -> None:
    """The rendered page as a static file, with the .gz and .br twins collectstatic would make."""
    import gzip

    import brotli

    STATIC_COPY.parent.mkdir(parents=True, exist_ok=True)
    STATIC_COPY.write_bytes(body)
    Path(f"{STATIC_COPY}.gz").write_bytes(gzip.compress(body, 9, mtime=0))
    Path(f"{STATIC_COPY}.br").write_bytes(brotli.compress(body, quality=11))


def wire_bytes(server: Server, static_path: str, page_path: str) -> dict:
    """Body bytes on the wire per encoding, page and static file side by side."""
    out = {}
    for coding in ("identity", "gzip", "br"):
        headers = {"Accept-Encoding": coding}
        for label, path in (("page", page_path), ("static", static_path)):
            _status, body, got = get(server.base + path, headers=headers)
            out[f"{label}_{coding}"] = {
                "bytes": len(body),
                "content_encoding": got.get("Content-Encoding", "identity"),
                "vary": got.get("Vary", ""),
            }
    return out


def side_by_side(server, static_path, page_path, rounds, seconds, connections) -> list[dict]:
    """Alternating wrk runs, static file then page, per variant (identity, compressed)."""
    out = []
    for path in (static_path, page_path):  # warm every worker's cache and connection
        for headers in VARIANTS.values():
            wrk(server.base + path, seconds=2, connections=connections, headers=headers)
    for n in range(rounds):
        for variant, headers in VARIANTS.items():
            kw = {"seconds": seconds, "connections": connections, "headers": headers}
            static = wrk(server.base + static_path, **kw)
            page = wrk(server.base + page_path, **kw)
            ratio = round(page["rps"] / static["rps"], 3)
            log(
                f"round {n + 1} {variant}: static {static['rps']:.0f} rps, "
                f"page {page['rps']:.0f} rps, ratio {ratio}"
            )
            out.append(
                {
                    "round": n + 1,
                    "variant": variant,
                    "static": _brief(static),
                    "page": _brief(page),
                    "ratio": ratio,
                }
            )
    return out


def measure(
    database_url: str, label: str, rounds: int, seconds: int, connections: int, redis_url: str
) -> dict:
    notes: list[str] = []
    routes = site_routes(django_env(database_url))
    if not routes["/2022/"]:
        raise SystemExit("/2022/ is not a @cache_public_page view in this tree")
    page_path = "/2022/"
    with Server(database_url, name=f"{label}-probe") as server:
        status, body, _ = get(server.base + page_path)
    assert status == 200, f"{page_path} answered {status}"
    write_static_copy(body)
    static_path = "/static/bench/edition-2022.html"

    result: dict = {
        "database": label,
        "page": page_path,
        "page_bytes": len(body),
        "static": static_path,
        "notes": notes,
    }
    with Server(database_url, name=f"{label}-cached") as server:
        result["server"] = server.describe()
        assert get(server.base + static_path)[1] == body
        result["static_headers"] = static_headers(server)
        result["wire_bytes"] = wire_bytes(server, static_path, page_path)
        result["rounds"] = side_by_side(
            server, static_path, page_path, rounds, seconds, connections
        )
        if routes.get("/search/") is not None:
            result["search_cached"] = _brief(
                wrk(server.base + SEARCH_PATHS[0], seconds=seconds, connections=connections)
            )
        result["worker_peak_rss_kib"] = server.worker_peak_rss_kib()
        result["worker_pss_kib"] = server.worker_pss_kib()

    # The same, with the workers sharing a Redis cache (goal 6).
    redis_env = {"CACHE_URL": redis_url}
    with Server(database_url, name=f"{label}-redis", env=redis_env) as server:
        result["redis_rounds"] = side_by_side(
            server, static_path, page_path, rounds, seconds, connections
        )
        result["redis_worker_peak_rss_kib"] = server.worker_peak_rss_kib()

    # The same hit in-process, without gunicorn and wrk: where its time goes.
    output = run_python(
        ROOT / "bench" / "hit_cost.py",
        page_path,
        static_path,
        env=django_env(database_url, LOG_LEVEL="WARNING"),
    )
    result["in_process"] = json.loads(output.strip().splitlines()[-1])

    with Server(database_url, name=f"{label}-uncached", env={"CACHE_URL": "dummy://"}) as server:
        wrk(server.base + page_path, seconds=2, connections=connections)
        result["page_uncached"] = _brief(
            wrk(server.base + page_path, seconds=seconds, connections=connections)
        )
        if routes.get("/search/") is not None:
            result["search_uncached"] = [
                _brief(wrk(server.base + p, seconds=seconds, connections=connections))
                for p in SEARCH_PATHS
            ]

    result["summary"] = summarise(result)
    return result


def summarise(result: dict) -> dict:
    summary = {}
    for key, rounds in (("locmem", result["rounds"]), ("redis", result["redis_rounds"])):
        for variant in VARIANTS:
            ratios = [r["ratio"] for r in rounds if r["variant"] == variant]
            summary[f"ratio_{key}_{variant}_median"] = median(ratios)
    identity = [r for r in result["rounds"] if r["variant"] == "identity"]
    static_rps = median([r["static"]["rps"] for r in identity])
    summary["static_rps_median"] = static_rps
    summary["page_rps_median"] = median([r["page"]["rps"] for r in identity])
    summary["uncached_ratio"] = round(result["page_uncached"]["rps"] / static_rps, 3)
    peaks = [*result["worker_peak_rss_kib"].values(), *result["redis_worker_peak_rss_kib"].values()]
    summary["worker_peak_rss_mib_max"] = round(max(peaks) / 1024, 1)
    return summary


def static_headers(server: Server) -> dict:
    """Cache-Control of a hashed file from the manifest and of an unhashed one."""
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    original, hashed = next(iter(sorted(manifest["paths"].items())))
    return {
        f"/static/{name}": get(f"{server.base}/static/{name}")[2].get("Cache-Control")
        for name in (hashed, original)
    }


def _brief(run: dict) -> dict:
    keys = ("url", "rps", "p50_ms", "p99_ms", "requests", "errors", "transfer_per_request_bytes")
    return {k: run[k] for k in keys}


def print_tables(result: dict) -> None:
    rows = []
    for kind_label, rounds in (("", result["rounds"]), ("redis ", result["redis_rounds"])):
        for r in rounds:
            for kind in ("static", "page"):
                what = f"{kind_label}{kind} {r['variant']}"
                rows.append({"round": r["round"], "what": what, **r[kind], "ratio": r["ratio"]})
    rows.append({"round": "-", "what": "page uncached", **result["page_uncached"]})
    if "search_cached" in result:
        rows.append({"round": "-", "what": "search cached", **result["search_cached"]})
    for run in result.get("search_uncached", []):
        rows.append({"round": "-", "what": "search uncached", **run})
    print(f"\n{result['database']}: {result['page']} ({result['page_bytes']} bytes)")
    for note in result["notes"]:
        print(f"  note: {note}")
    columns = ["round", "what", "url", "rps", "p50_ms", "p99_ms", "errors"]
    print(table(rows, [*columns, "transfer_per_request_bytes", "ratio"]))
    print(f"summary: {result['summary']}")
    print(f"bytes on the wire: {result['wire_bytes']}")
    print(f"static headers: {result['static_headers']}")
    print(f"in-process cost per request: {result['in_process']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", choices=("postgresql", "sqlite", "both"), default="postgresql"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--connections", type=int, default=32)
    args = parser.parse_args()

    collectstatic()
    results = {"machine": machine(), "args": vars(args), "runs": []}
    timing = (args.rounds, args.seconds, args.connections)
    with Redis(os.environ.get("BENCH_REDIS_URL")) as redis:
        if args.database in ("postgresql", "both"):
            with Postgres() as pg:
                url = pg.create("summit_bench_pages")
                results["postgresql_transport"] = pg.transport
                prepare_database(url)
                results["runs"].append(measure(url, "postgresql", *timing, redis.url))
        if args.database in ("sqlite", "both"):
            with tempfile.TemporaryDirectory(prefix="summit-bench-sqlite.") as folder:
                url = f"sqlite:///{folder}/bench.sqlite3"
                prepare_database(url)
                results["runs"].append(measure(url, "sqlite", *timing, redis.url))
    for run in results["runs"]:
        print_tables(run)
    save_result("pages", results)


if __name__ == "__main__":
    main()
