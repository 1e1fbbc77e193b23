"""Certificates of the 2022 edition (48 awards): one PDF, a zip of one PDF per award, and the
per-certificate cost that sets CERTIFICATE_WEB_LIMIT.

Runs in this process against a throwaway SQLite database holding the 2022 fixture (the
database is a few milliseconds of the total; WeasyPrint is the rest). Each figure is the median
of --rounds runs, with the fastest and slowest beside it, because the machine is shared.

    .venv/bin/python bench/bench_certificates.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, log, machine, save_result, table

BASE_URL = "https://awards.example.org"
# A batch must finish well inside gunicorn's 30 s timeout, even on a busy machine.
WEB_BUDGET_SECONDS = 15


def setup_django(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "summit.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("loaddata", "summit_2022", verbosity=0)


def timed(func, cpu: list[float]):
    started, cpu_started = time.perf_counter(), time.process_time()
    result = func()
    cpu.append(time.process_time() - cpu_started)
    return time.perf_counter() - started, result


def spread(values: list[float]) -> dict:
    return {
        "median_s": round(statistics.median(values), 2),
        "min_s": round(min(values), 2),
        "max_s": round(max(values), 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    results = {"machine": machine(), "args": vars(args)}
    with tempfile.TemporaryDirectory() as folder:
        setup_django(folder)
        from awards.certificates import rendering
        from awards.models import Edition

        edition = Edition.objects.get(year=2022)

        def one_pdf():
            awards = list(rendering.awards_for(edition=edition))
            return rendering.pdf(rendering.build(awards, base_url=BASE_URL))

        def one_zip():
            awards = list(rendering.awards_for(edition=edition))
            return rendering.zip_bytes(rendering.build(awards, base_url=BASE_URL), folders=True)

        one_pdf()  # warm-up: fonts loaded, templates compiled
        pdf_times, zip_times, pdf_cpu, zip_cpu = [], [], [], []
        for round_ in range(args.rounds):
            seconds, data = timed(one_pdf, pdf_cpu)
            pdf_times.append(seconds)
            seconds, archive = timed(one_zip, zip_cpu)
            zip_times.append(seconds)
            log(f"round {round_ + 1}: pdf {pdf_times[-1]:.2f} s, zip {zip_times[-1]:.2f} s")
        files = zipfile.ZipFile(io.BytesIO(archive))
        sizes = [info.file_size for info in files.infolist()]
        count = len(sizes)
        # CPU seconds of this process: what the work costs when no one else wants the cores
        # (wall time on this shared machine is mostly waiting for a core).
        per_pdf = statistics.median(pdf_cpu) / count
        per_zip = statistics.median(zip_cpu) / count
        results["pdf"] = {
            **spread(pdf_times),
            "cpu_median_s": round(statistics.median(pdf_cpu), 2),
            "certificates": count,
            "bytes": len(data),
            "kb_per_certificate": round(len(data) / count / 1024, 1),
        }
        results["zip"] = {
            **spread(zip_times),
            "cpu_median_s": round(statistics.median(zip_cpu), 2),
            "bytes": len(archive),
            "largest_file_kb": round(max(sizes) / 1024, 1),
            "median_file_kb": round(statistics.median(sizes) / 1024, 1),
        }
        results["per_certificate_cpu_s"] = {"pdf": round(per_pdf, 3), "zip": round(per_zip, 3)}
        results["web_limit_for_budget"] = {
            "budget_s": WEB_BUDGET_SECONDS,
            "certificates": int(WEB_BUDGET_SECONDS / max(per_pdf, per_zip)),
        }
    save_result("certificates", results)
    pdf_size = f"{len(data) // 1024} KB ({results['pdf']['kb_per_certificate']} KB each)"
    zip_size = f"{len(archive) // 1024} KB (largest file {results['zip']['largest_file_kb']} KB)"
    print(
        table(
            [
                {
                    "what": "48 certificates, one PDF",
                    "median s": results["pdf"]["median_s"],
                    "cpu s": results["pdf"]["cpu_median_s"],
                    "min–max s": f"{results['pdf']['min_s']}–{results['pdf']['max_s']}",
                    "size": pdf_size,
                },
                {
                    "what": "48 certificates, zip of PDFs",
                    "median s": results["zip"]["median_s"],
                    "cpu s": results["zip"]["cpu_median_s"],
                    "min–max s": f"{results['zip']['min_s']}–{results['zip']['max_s']}",
                    "size": zip_size,
                },
            ],
            ["what", "median s", "min–max s", "cpu s", "size"],
        )
    )
    print(
        f"CPU per certificate: {results['per_certificate_cpu_s']}; web limit for a "
        f"{WEB_BUDGET_SECONDS} s budget: {results['web_limit_for_budget']['certificates']}"
    )


if __name__ == "__main__":
    main()
