"""Peak memory of a 10,000-row workbook import (manage.py import_awards), preview and apply.

The workbook is generated and exported by the app itself (bench/generate_archive.py, then
manage.py export_awards), then imported into a database holding only the 2022 fixture. The
peak RSS of each command comes from the kernel's accounting of that child (wait4).
The gunicorn worker's peak RSS after the page benchmark is in bench/results/pages.json.

    .venv/bin/python bench/bench_memory.py [--rows 10000]
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10000)
    args = parser.parse_args()
    if not (ROOT / "awards/management/commands/import_awards.py").exists():
        raise SystemExit("manage.py import_awards is not in this tree: nothing to measure")
    results = {"machine": machine(), "args": vars(args)}
    with Postgres() as pg, tempfile.TemporaryDirectory() as folder:
        [workbook] = make_workbooks(
            pg, Path(folder), years=[1990], rows=args.rows, nominees=int(args.rows * 1.2)
        ).values()
        workbook_bytes = workbook.stat().st_size
        url = pg.create("summit_bench_memory")
        prepare_database(url)
        env = django_env(url, LOG_LEVEL="WARNING")
        baseline = peak_rss([PYTHON, "manage.py", "check"], env)
        runs = [
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
