"""Benchmark: evaluation import, recompute and ranking page at 2,000 candidates (issue 18).

Self-contained: `python bench/bench_evaluation.py [--candidates N] [--json]` from the project root
with the project's virtualenv. It creates a throwaway test database on whatever DATABASE_URL
points at (SQLite in memory by default, `test_<name>` on PostgreSQL), never touching real data.

What is timed, on the same rows:
* bulk:      MetricRow.objects.bulk_create of the N × 12 months × 5 platforms rows (candidates
             and periods already exist), the floor any import is compared with (goal ≤ 4×);
* import:    the metric workbook (.xlsx) through plan.build (read, map, check, match) and
             apply.apply (candidates, periods, rows, history, one transaction), no definition;
* recompute: compute.recompute with the WCI V14.2 preset, median of 3 (goal ≤ 1 s);
* ranking:   the admin ranking page through the test client, median of 3 (goal ≤ 300 ms),
             with its query count.
"""

import argparse
import io
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

MONTHS = [f"2024-{m:02d}" for m in range(1, 13)]
PLATFORMS = ["公众号", "微博", "抖音", "今日头条", "视频号"]
HEADER = ["名称", "平台", "周期", "发文数", "头条篇数", "阅读数", "头条阅读数", "最高阅读数",
          "点赞数", "在看数", "评论数", "转发数", "粉丝数"]  # fmt: skip


def setup_database():
    import django
    from django.db import connection
    from django.test.utils import setup_test_environment

    django.setup()
    setup_test_environment()
    logging.disable(logging.INFO)  # one log line per request would mix into the printed table
    from django.conf import settings

    # As in the tests: plain static files (the manifest exists only after collectstatic).
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # 120,000 rows make a 5.8 MB workbook, above the 5 MB default upload limit.
    # and 120,000 rows pass the 50,000-row limit: organizers split a year by months (a file
    # replaces only its own periods); the benchmark takes the year in one file.
    settings.IMPORT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    settings.IMPORT_MAX_ROWS = 200_000
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return connection


def workbook(names: list[str]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("指标数据")
    sheet.append(HEADER)
    for i, name in enumerate(names):
        for m, month in enumerate(MONTHS):
            for p, platform in enumerate(PLATFORMS):
                reads = 1_000 + (i * 37 + m * 11 + p * 5) % 90_000
                peak = "10万+" if (i + m) % 97 == 0 else reads // 5
                sheet.append([name, platform, month, 20 + i % 40, 10, reads, reads // 3, peak,
                              reads // 50, reads // 200, reads // 400, reads // 300,
                              10_000 + i])  # fmt: skip
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()


def timed(function, *args):
    start = time.perf_counter()
    result = function(*args)
    return time.perf_counter() - start, result


def run(count: int) -> dict:
    connection = setup_database()
    from django.contrib.auth.models import User
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from awards.evaluation import compute, services
    from awards.evaluation.importing import apply, plan
    from awards.evaluation.models import Evaluation, MetricRow
    from awards.models import AwardList, Edition, Nominee

    edition = Edition.objects.create(year=2099, name="基准", held_on="2099-12-01")
    award_list = AwardList.objects.create(edition=edition, name="基准榜单", slug="bench")
    evaluation = Evaluation.objects.create(award_list=award_list)
    names = [f"基准账号{i:05d}" for i in range(count)]
    Nominee.objects.bulk_create(
        Nominee(name=n, slug=f"bench-{i}", kind="account") for i, n in enumerate(names)
    )
    data = workbook(names)

    plan_seconds, checked = timed(plan.build, evaluation, data, "bench.xlsx")
    assert not checked.issues, checked.issues[:3]
    apply_seconds, _source = timed(apply.apply, evaluation, checked)
    rows = len(checked.rows)

    # The floor: the same rows again through bulk_create, onto the existing candidates.
    stored = list(MetricRow.objects.filter(candidate__evaluation=evaluation))
    MetricRow.objects.all()._raw_delete(connection.alias)
    for row in stored:
        row.pk = None
    bulk_seconds, _ = timed(MetricRow.objects.bulk_create, stored, 2000)

    services.apply_preset(evaluation, "wci-14.2")
    recompute = [timed(compute.recompute, evaluation)[0] for _ in range(3)]

    user = User.objects.create_superuser("bench", "bench@example.com", "pw")
    client = Client()
    client.force_login(user)
    url = reverse("admin:evaluation_evaluation_ranking", args=(evaluation.pk,))
    client.get(url, secure=True)  # templates compiled, sessions warm
    pages = []
    for _ in range(3):
        with CaptureQueriesContext(connection) as queries:
            seconds, response = timed(lambda: client.get(url, secure=True))
        assert response.status_code == 200
        pages.append(seconds)
    import_seconds = plan_seconds + apply_seconds
    return {
        "database": connection.vendor,
        "candidates": count,
        "metric_rows": rows,
        "workbook_mb": round(len(data) / 1e6, 1),
        "bulk_create_s": round(bulk_seconds, 2),
        "import_plan_s": round(plan_seconds, 2),
        "import_apply_s": round(apply_seconds, 2),
        "import_s": round(import_seconds, 2),
        "import_vs_bulk": round(import_seconds / bulk_seconds, 2),
        "recompute_s": round(statistics.median(recompute), 3),
        "ranking_page_ms": round(statistics.median(pages) * 1000),
        "ranking_page_queries": len(queries),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=2000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.candidates)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return
    print("| measure | value |\n|---|---|")
    for key, value in result.items():
        print(f"| {key} | {value} |")


if __name__ == "__main__":
    main()
