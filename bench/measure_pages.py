"""Time public pages in-process (no HTTP server, no page cache) and count their queries.

Run by bench/bench_scale.py once per database; prints one JSON line. Uses Django's test
client against the real URLconf with CACHE_URL=dummy://, so every request renders.
Pages that do not render in this tree (the public site not merged yet) are measured through
the same querysets the views use, and marked "orm".
"""

from __future__ import annotations

import json
import logging
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from awards.models import Nominee  # noqa: E402
from awards.stats.figures import forget_summaries  # noqa: E402

# Chinese substrings, full pinyin with and without spaces, initials, a miss, a long query.
SEARCHES = [
    "成都",
    "成都发布",
    "锦江",
    "发布",
    "chengdu",
    "chengdu fabu",
    "chengdufabu",
    "cdfb",
    "jinjiang",
    "jj",
    "地铁",
    "ditie",
    "案例",
    "xyzzy",
    "没有这个名字",
    "天府发布07",
]


# Pages added by the browse/statistics/sharing work (issue 11), keyed as in bench_scale.py.
BROWSE_PAGES = {
    "nominee_index": "/nominees/?page=1",
    "nominee_index_c": "/nominees/?letter=C",
    "case_index": "/cases/",
    # The same five 2022 cases on both databases: /cases/ itself shows 5 on a 2022-only
    # database and a full page of 50 on the archive, so its ratio is mostly the page's size.
    "case_index_2022": "/cases/?year=2022",
    "stats": "/stats/",
    "edition_stats": "/2022/stats/",
    "stats_chart": "/stats/charts/editions.svg",
    "edition_chart": "/2022/stats/lists.svg",
    "share_nominee": "/nominees/chengdu-fabu/share.png",
    "share_edition": "/2022/share.png",
    "api_nominees": "/api/v1/nominees/",
    "api_cases": "/api/v1/cases/",
    "api_cases_2022": "/api/v1/cases/?year=2022",
    "api_edition_stats": "/api/v1/editions/2022/stats/",
}


def measure(client, path, repeat, before=None):
    """p50 of `repeat` renders; `before` runs ahead of each timed request (untimed)."""
    response = client.get(path)
    # A page that does not render would make every figure meaningless: stop loudly.
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}; run collectstatic first?")
    times, cpu, queries = [], [], []
    for _ in range(repeat):
        if before is not None:
            before()
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            # CPU time of this process: on a machine shared with other work, wall time also
            # counts the waits for a core (the database's own CPU is not in it on PostgreSQL).
            cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (path, response.status_code)
        queries.append(len(captured))
    return {
        "path": path,
        "mode": "page",
        "p50_ms": round(statistics.median(times), 2),
        "min_ms": round(min(times), 2),
        "cpu_p50_ms": round(statistics.median(cpu), 2),
        "queries": sorted(set(queries)),
    }


def main():
    repeat = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    # No setup_test_environment(): it instruments every template render to copy the context
    # for the test client (an edition page renders dozens of templates), which is not what a
    # server pays. The client still runs: it sends a real Host and raises nothing.
    logging.disable(logging.CRITICAL)  # stdout carries only the JSON result
    client = Client(HTTP_HOST="127.0.0.1", raise_request_exception=False)
    result = {
        "edition": measure(client, "/2022/", repeat),
        "nominee": measure(client, "/nominees/chengdu-fabu/", repeat),
        **{key: measure(client, path, repeat) for key, path in BROWSE_PAGES.items()},
        # The first /stats/ after a change: the per-state summary is forgotten before each
        # request (with CACHE_URL=dummy:// the process copy is the only one), so every
        # request reads the figures from the database as the first reader of a state does.
        "stats_cold": measure(client, "/stats/", repeat, before=forget_summaries),
        "search": [measure(client, f"/search/?q={q}", max(3, repeat // 6)) for q in SEARCHES],
        "nominees": Nominee.objects.count(),
    }
    print(json.dumps(result, ensure_ascii=False))


if __name__ == "__main__":
    main()
