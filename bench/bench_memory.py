"""Peak memory of a 10,000-row workbook import (manage.py import_awards), preview and apply,
and of a process serving public pages, with and without an admin-style save.

The workbook is generated and exported by the app itself (bench/generate_archive.py, then
manage.py export_awards), then imported into a database holding only the 2022 fixture. The
peak RSS of each command comes from the kernel's accounting of that child (wait4).
The gunicorn worker's peak RSS after the page benchmark is in bench/results/pages.json.

The "public worker" imports summit.wsgi (what gunicorn's preload_app runs) and asks for the
public pages in both languages and three searches; the "worker after a save" then saves a
nominee's name, which loads the word segmenter and pypinyin (docs/romanization.md).

    .venv/bin/python bench/bench_memory.py [--rows 10000]   (--rows 0: the workers only)
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    PYTHON,
    ROOT,
    Postgres,
    collectstatic,
    django_env,
    log,
    machine,
    make_workbooks,
    prepare_database,
    save_result,
    table,
)


def peak_rss(command: list[str], env: dict) -> dict:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    output = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return {
        "command": " ".join(command[1:]),
        "exit": process.returncode,
        "seconds": round(time.perf_counter() - started, 2),
        "peak_rss_mib": round(usage.ru_maxrss / 1024, 1),  # KiB on Linux
        "last_line": output.strip().splitlines()[-1][:160] if output.strip() else "",
    }


PUBLIC_PATHS = (
    "/2022/",
    "/en/2022/",
    "/nominees/chengdu-fabu/",
    "/en/nominees/chengdu-fabu/",
    "/nominees/",
    "/en/nominees/",
    "/search/?q=chengdu",
    "/en/search/?q=cdfb",
    "/search/?q=成都",
)
_WORKER = """
import sys
import summit.wsgi
from django.test import Client

client = Client(HTTP_HOST="127.0.0.1")
for path in {paths!r}:
    assert client.get(path).status_code == 200, path
if {save!r}:
    from awards.models import Nominee
    nominee = Nominee.objects.get(slug="chengdu-fabu")
    nominee.aliases = ["蓉城发布"]
    nominee.save()
loaded = [name for name in ("pypinyin", "rjieba") if name in sys.modules]
print("dictionaries loaded:", ", ".join(loaded) or "none")
"""


def worker_runs(env: dict) -> list[dict]:
    """Peak RSS of a process serving public pages, then of one that also saves a name."""
    runs = []
    for label, save in (("public worker", False), ("worker after a save", True)):
        script = _WORKER.format(paths=PUBLIC_PATHS, save=save)
        run = peak_rss([PYTHON, "-c", script], env)
        runs.append({**run, "command": label})
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    if not (ROOT / "awards/management/commands/import_awards.py").exists():
        raise SystemExit("manage.py import_awards is not in this tree: nothing to measure")
    results = {"machine": machine(), "args": vars(args)}
    workbook_bytes, runs = 0, []
    with Postgres() as pg, tempfile.TemporaryDirectory() as folder:
        url = pg.create("summit_bench_memory")
        prepare_database(url)
        collectstatic()
        env = django_env(url, LOG_LEVEL="WARNING")
        baseline = peak_rss([PYTHON, "manage.py", "check"], env)
        runs += worker_runs(env)
        if args.rows:
            [workbook] = make_workbooks(
                pg, Path(folder), years=[1990], rows=args.rows, nominees=int(args.rows * 1.2)
            ).values()
            workbook_bytes = workbook.stat().st_size
            runs += [
                peak_rss([PYTHON, "manage.py", "import_awards", str(workbook), "--dry-run"], env),
                peak_rss([PYTHON, "manage.py", "import_awards", str(workbook)], env),
            ]
    results.update(
        {
            "workbook_bytes": workbook_bytes,
            "baseline": baseline,
            "runs": runs,
        }
    )
    log(f"workbook of {args.rows} rows")
    print(table([baseline, *runs], ["command", "exit", "seconds", "peak_rss_mib", "last_line"]))
    save_result("memory", results)


if __name__ == "__main__":
    main()
