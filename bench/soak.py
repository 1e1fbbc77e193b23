"""Load and fault tests against gunicorn + PostgreSQL, all on 127.0.0.1, every loop bounded.

1. load: 64 connections for 30 s across /, /2022/, a list, a nominee, search and the JSON API
   against one instance: zero errors, p99 reported.
2. load while a 10,000-row workbook import runs (manage.py import_awards): zero public
   errors, and the import completes.
3. two instances (A and B, each with its own local-memory cache, one PostgreSQL):
   an admin change through A shows on B within 250 ms; an import previewed on A is
   confirmed on B.
3b. results night (bench/results_night.py): the load of 1 while an admin saves every second,
   on A and on an instance whose workers share a Redis cache: zero errors, p99, and at most
   one render per page per change (single flight).
4. faults: a gunicorn worker killed (SIGKILL) while it applies an import, and an import
   command killed likewise, leave every awards table exactly as before, and the app keeps
   serving.

    .venv/bin/python bench/soak.py            # full: 30 s phases, 10,000 rows
    .venv/bin/python bench/soak.py --short    # CI: 6 s phases, 2,000 rows, well under 2 min

With SOAK_DATABASE_URL (CI passes its DATABASE_URL) the throwaway databases are created on
that server; otherwise a throwaway cluster is started. With SOAK_CACHE_URL=redis://… (CI)
both instances share that Redis; otherwise each has its own local-memory cache and a
throwaway redis-server is started for the results-night phase. Exit status 1 when any check fails.
"""

from __future__ import annotations

import argparse
import contextlib
import http.cookiejar
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import results_night
from harness import (
    PYTHON,
    ROOT,
    Postgres,
    Redis,
    Server,
    collectstatic,
    django_env,
    log,
    machine,
    make_workbooks,
    manage,
    prepare_database,
    save_result,
    table,
    wrk,
)

BENCH = ROOT / "bench"
PUBLIC_PATHS = [
    "/",
    "/2022/",
    "/2022/gov-new-media/",
    "/nominees/chengdu-fabu/",
    "/search/?q=chengdu",
    "/api/v1/editions/2022/",
]
ADMIN = "/admin/"
USER, PASSWORD = "soak", "soak-" + uuid.uuid4().hex


# --- A small browser: cookies, forms, no automatic redirects --------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    def __init__(self, base: str, jar: http.cookiejar.CookieJar | None = None):
        self.base = base
        self.jar = jar if jar is not None else http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect
        )

    def request(self, path, data=None, headers=None, timeout=60):
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        # Django's CSRF check on plain HTTP compares Referer only for HTTPS; Origin must match.
        request.add_header("Origin", self.base)
        request.add_header("Referer", self.base + path)
        try:
            with self.opener.open(request, timeout=timeout) as response:
                return response.status, response.read().decode(), dict(response.headers)
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace"), dict(error.headers)

    def get(self, path, **kwargs):
        return self.request(path, **kwargs)

    def post(self, path, fields, files=None, **kwargs):
        if files:
            body, content_type = _multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request(path, data=body, headers={"Content-Type": content_type}, **kwargs)

    def login(self, user, password):
        path = f"{ADMIN}login/?next={ADMIN}"
        status, page, _ = self.get(path)
        form = find_form(page, lambda f: "password" in dict(f["fields"]))
        fields = dict(form["fields"]) | {"username": user, "password": password}
        status, page, _headers = self.post(path, fields)
        if status != 302:
            raise RuntimeError(f"admin login failed ({status})")


def _multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
            ).encode()
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


class _Forms(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action", ""), "id": a.get("id", ""), "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self._form["fields"].append([a["name"], a.get("value", "on")])
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None, None]  # name, selected, first
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in a:
                self._select[1] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select" and self._select is not None:
            name, selected, first = self._select
            if self._form is not None and (selected or first) is not None:
                self._form["fields"].append([name, selected if selected is not None else first])
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form["fields"].append([self._textarea[0], self._textarea[1].lstrip("\n")])
            self._textarea = None


def find_form(page, predicate):
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if predicate(form):
            return form
    raise RuntimeError("form not found on the page")


# --- Database snapshots and workers ------------------------------------------------------------


def snapshot(database_url: str) -> dict:
    """Row count and a content digest of every awards table (history included)."""
    import psycopg

    with psycopg.connect(database_url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                "AND table_name LIKE 'awards\\_%' ORDER BY table_name"
            )
        ]
        return {
            name: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(md5(t::text), '' ORDER BY md5(t::text)), '')) FROM \"{name}\" t"  # noqa: E501
            ).fetchone()
            for name in tables
        }


def writing_backend(database_url: str) -> tuple[int, int] | None:
    """(backend pid, client port) of a session that has written in an open transaction."""
    import psycopg

    with psycopg.connect(database_url, autocommit=True) as conn:
        return conn.execute(
            "SELECT pid, client_port FROM pg_stat_activity WHERE datname = current_database() "
            "AND backend_xid IS NOT NULL AND pid <> pg_backend_pid() LIMIT 1"
        ).fetchone()


def cpu_ticks(pid: int) -> int:
    with contextlib.suppress(OSError):
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])  # utime + stime
    return 0


def pid_of_client_port(port: int | None) -> int | None:
    if not port or port < 0 or not shutil.which("ss"):
        return None  # a Unix-socket connection has no port; without ss, CPU time decides
    output = subprocess.run(
        ["ss", "-Htnp", "state", "established", f"( sport = :{port} )"],
        capture_output=True,
        text=True,
        timeout=10,
    ).stdout
    match = re.search(r"pid=(\d+)", output)
    return int(match.group(1)) if match else None


def wait_for(predicate, timeout: float, interval: float = 0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    return None


# --- The checks -------------------------------------------------------------------------------


class Soak:
    def __init__(self, args):
        self.args = args
        self.checks: list[dict] = []
        self.results: dict = {"machine": machine(), "args": vars(args)}

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.checks.append({"check": name, "ok": "yes" if ok else "NO", "detail": detail})
        log(f"{'ok  ' if ok else 'FAIL'} {name}: {detail}")
        return ok

    def skip(self, name: str, why: str) -> None:
        self.checks.append({"check": name, "ok": "skipped", "detail": why})
        log(f"SKIP {name}: {why}")

    def load(self, server: Server, paths: list[str], seconds: int) -> dict:
        return wrk(
            server.base,
            seconds=seconds,
            connections=self.args.connections,
            threads=2,
            script=BENCH / "paths.lua",
            script_args=paths,
        )

    def run(self) -> int:
        server_url = os.environ.get("SOAK_DATABASE_URL", "")
        # Only a PostgreSQL server will do (CI passes its DATABASE_URL, which may be SQLite
        # on a developer's machine): otherwise start a throwaway cluster.
        server_url = server_url if server_url.startswith(("postgres://", "postgresql://")) else None
        with Postgres(server_url=server_url) as pg, tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            url = pg.create("summit_soak")
            prepare_database(url)
            manage(
                url,
                "createsuperuser",
                "--noinput",
                "--username",
                USER,
                "--email",
                "soak@example.org",
                DJANGO_SUPERUSER_PASSWORD=PASSWORD,
            )
            collectstatic()
            have_import = (ROOT / "awards/management/commands/import_awards.py").exists()
            workbooks = {}
            if have_import:
                log(f"making workbooks of {self.args.rows} rows")
                made = make_workbooks(
                    pg,
                    folder,
                    years=[1990, 1991, 1992, 1993],
                    rows=self.args.rows,
                    nominees=int(self.args.rows * 1.2),
                )
                workbooks = dict(
                    zip(("load", "cross", "kill_http", "kill_cli"), made.values(), strict=True)
                )
            cache_url = os.environ.get("SOAK_CACHE_URL", "")
            workers = {"WEB_CONCURRENCY": str(self.args.workers)}
            if cache_url:
                workers["CACHE_URL"] = cache_url
            self.results["cache_url"] = cache_url or "locmem://"
            with (
                Server(url, name="soak-a", env=workers) as a,
                Server(url, name="soak-b", env=workers) as b,
            ):
                paths = self.public_paths(a)
                self.phase_load(a, paths)
                self.phase_load_with_import(a, paths, url, workbooks.get("load"))
                self.phase_admin_change(a, b)
                self.phase_results_night(a, url, paths, cache_url)
                self.phase_preview_a_confirm_b(a, b, url, workbooks.get("cross"))
                self.phase_kill_worker(a, url, workbooks.get("kill_http"))
                self.phase_kill_command(a, url, workbooks.get("kill_cli"))
        self.results["checks"] = self.checks
        print()
        print(table(self.checks, ["check", "ok", "detail"]))
        save_result("soak-short" if self.args.short else "soak", self.results)
        return 1 if any(c["ok"] == "NO" for c in self.checks) else 0

    def public_paths(self, server: Server) -> list[str]:
        browser = Browser(server.base)
        present, missing = [], []
        for path in PUBLIC_PATHS:
            (present if browser.get(path)[0] == 200 else missing).append(path)
        self.results["paths"] = {"present": present, "missing": missing}
        if missing:
            self.skip("paths missing in this tree", ", ".join(missing))
        return present

    def probe_health(self, server, count: int) -> dict:
        timings = []
        for _ in range(count):
            started = time.perf_counter()
            status = Browser(server.base).get("/healthz", timeout=10)[0]
            timings.append(((time.perf_counter() - started) * 1000, status))
            time.sleep(0.05)
        ms = sorted(t for t, _ in timings)
        return {
            "probes": count,
            "ok": sum(1 for _, s in timings if s == 200),
            "p50_ms": round(ms[len(ms) // 2], 1),
            "p90_ms": round(ms[int(len(ms) * 0.9)], 1),
            "p99_ms": round(ms[min(len(ms) - 1, int(len(ms) * 0.99))], 1),
            "max_ms": round(ms[-1], 1),
        }

    def phase_load(self, server, paths):
        idle = self.probe_health(server, 50)
        self.results["healthz_idle"] = idle
        self.check(
            "/healthz within 100 ms (idle)",
            # p90, not max: one scheduler hiccup on a shared CI machine is not a regression.
            idle["ok"] == idle["probes"] and idle["p90_ms"] < 100,
            f"{idle['probes']} probes: p50 {idle['p50_ms']} ms, p90 {idle['p90_ms']} ms, "
            f"max {idle['max_ms']} ms",
        )
        busy = {}
        prober = threading.Thread(
            target=lambda: busy.update(self.probe_health(server, 20)), daemon=True
        )
        prober.start()
        run = self.load(server, paths, self.args.seconds)
        prober.join(timeout=60)
        self.results["healthz_under_load"] = busy
        self.results["load"] = {k: v for k, v in run.items() if k != "raw"}
        self.check(
            f"load {self.args.connections} connections × {self.args.seconds} s",
            run["errors"] == 0 and run["requests"] > 0,
            f"{run['requests']} requests, {run['rps']} rps, p50 {run['p50_ms']} ms, "
            f"p99 {run['p99_ms']} ms, {run['errors']} errors; /healthz under this load: "
            f"p50 {busy.get('p50_ms')} ms, max {busy.get('max_ms')} ms",
        )

    def phase_load_with_import(self, server, paths, url, workbook):
        name = "load while a workbook import runs"
        if workbook is None:
            self.skip(name, "manage.py import_awards is not in this tree")
            return
        env = django_env(url, LOG_LEVEL="WARNING")
        started = time.monotonic()
        importer = subprocess.Popen(
            [PYTHON, "manage.py", "import_awards", str(workbook)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        run = self.load(server, paths, self.args.seconds)
        overlapped = importer.poll() is None
        output, _ = importer.communicate(timeout=600)
        elapsed = round(time.monotonic() - started, 1)
        self.results["load_with_import"] = {k: v for k, v in run.items() if k != "raw"}
        self.results["load_with_import"]["import_seconds_or_more"] = elapsed
        self.check(
            name,
            run["errors"] == 0 and importer.returncode == 0,
            f"{run['requests']} requests, p99 {run['p99_ms']} ms, {run['errors']} errors; "
            f"import exit {importer.returncode} after ≤{elapsed} s"
            f"{'' if not overlapped else ' (still running when the load ended)'}: "
            f"{output.strip().splitlines()[-1][:120] if output.strip() else ''}",
        )

    def admin_browser(self, server) -> Browser | None:
        browser = Browser(server.base)
        try:
            browser.login(USER, PASSWORD)
        except RuntimeError as error:
            log(str(error))
            return None
        return browser

    def phase_admin_change(self, a, b):
        name = "admin change through A shows on B's next request"
        import psycopg

        with psycopg.connect(a.database_url) as conn:
            nominee_id, old = conn.execute(
                "SELECT id, name FROM awards_nominee WHERE slug = 'chengdu-fabu'"
            ).fetchone()
        page = "/nominees/chengdu-fabu/"
        public_b = Browser(b.base)
        if public_b.get(page)[0] != 200:
            page = "/"
        before = public_b.get(page)[1]  # B now holds the page in its own cache
        admin_a = self.admin_browser(a)
        change = f"{ADMIN}awards/nominee/{nominee_id}/change/"
        status, form_page, _ = admin_a.get(change) if admin_a else (0, "", {})
        if status != 200:
            self.skip(name, f"the nominee admin is not in this tree ({status})")
            return
        form = find_form(form_page, lambda f: f["id"] == "nominee_form")
        new = f"{old}(更新{uuid.uuid4().hex[:4]})"
        fields = [[k, new if k == "name" else v] for k, v in form["fields"]] + [["_save", "1"]]
        status, _answer, _ = admin_a.post(change, dict(fields))
        committed = time.monotonic()  # the save was committed before A answered
        # B may serve its copy for at most 250 ms after the commit (awards/datastate.py):
        # ask until a request started after the bound has answered.
        answers = []
        while True:
            asked = time.monotonic() - committed
            answers.append((asked, new in public_b.get(page)[1]))
            if asked >= 0.25 or time.monotonic() - committed > 5:
                break
            time.sleep(0.01)
        first_fresh = next((round(t * 1000, 1) for t, fresh in answers if fresh), None)
        self.results["admin_change_first_fresh_ms"] = first_fresh
        self.check(
            name.replace("next request", "requests within 250 ms"),
            status == 302 and old in before and new not in before and answers[-1][1],
            f"saved on A ({status}); {page} on B shows 「{new}」 from {first_fresh} ms after "
            f"the commit ({len(answers)} requests; any request from 250 ms on must)",
        )

    def phase_results_night(self, a, url, paths, cache_url):
        """Saves every second under load: on A (its own cache), and on an instance sharing a
        Redis cache among its workers (a throwaway redis-server unless A already uses one)."""
        results_night.run(self, a, "A, " + (cache_url or "locmem://"), bool(cache_url), paths)
        if cache_url:
            return
        with (
            Redis() as redis,
            Server(
                url,
                name="soak-redis",
                env={"WEB_CONCURRENCY": str(self.args.workers), "CACHE_URL": redis.url},
            ) as shared,
        ):
            results_night.run(self, shared, "Redis, shared by the workers", True, paths)

    def phase_preview_a_confirm_b(self, a, b, url, workbook):
        name = "import previewed on A, confirmed on B"
        if workbook is None:
            self.skip(name, "the workbook import is not in this tree")
            return
        admin_a, admin_b = self.admin_browser(a), None
        if admin_a is None:
            self.skip(name, "no admin login")
            return
        # One session (stored in the database) used through both instances.
        admin_b = Browser(b.base, jar=admin_a.jar)
        upload = f"{ADMIN}awards/edition/workbook/import/"
        status, page, _ = admin_a.get(upload)
        if status != 200:
            self.skip(name, f"no workbook import screen ({status})")
            return
        form = find_form(page, lambda f: "csrfmiddlewaretoken" in dict(f["fields"]))
        files = {"file": (workbook.name, workbook.read_bytes(), "application/octet-stream")}
        status, _, headers = admin_a.post(upload, dict(form["fields"]), files=files)
        preview = urllib.parse.urlparse(headers.get("Location", "")).path
        status, page, _ = admin_a.get(preview) if preview else (status, "", {})
        confirm = find_form(page, lambda f: "fingerprint" in dict(f["fields"]))
        before = snapshot(url)
        status, _, headers = admin_b.post(preview, dict(confirm["fields"]))
        after = snapshot(url)
        import psycopg

        with psycopg.connect(url) as conn:
            imported = conn.execute(
                "SELECT count(*) FROM awards_award a "
                "JOIN awards_awardlist l ON a.award_list_id = l.id "
                "JOIN awards_edition e ON l.edition_id = e.id WHERE e.year = 1991"
            ).fetchone()[0]
        self.check(
            name,
            status == 302 and imported > 0 and before != after,
            f"preview on A, confirm on B answered {status}; 1991 now has {imported} awards",
        )

    def phase_kill_worker(self, server, url, workbook):
        name = "worker killed while applying an import"
        if workbook is None:
            self.skip(name, "the workbook import is not in this tree")
            return
        admin = self.admin_browser(server)
        upload = f"{ADMIN}awards/edition/workbook/import/"
        status, page, _ = admin.get(upload) if admin else (0, "", {})
        if status != 200:
            self.skip(name, f"no workbook import screen ({status})")
            return
        form = find_form(page, lambda f: "csrfmiddlewaretoken" in dict(f["fields"]))
        files = {"file": (workbook.name, workbook.read_bytes(), "application/octet-stream")}
        _, _, headers = admin.post(upload, dict(form["fields"]), files=files, timeout=120)
        preview = urllib.parse.urlparse(headers.get("Location", "")).path
        confirm = find_form(
            admin.get(preview, timeout=120)[1], lambda f: "fingerprint" in dict(f["fields"])
        )
        before = snapshot(url)
        answer = {}

        def post_confirm():
            with contextlib.suppress(Exception):
                answer["status"] = admin.post(preview, dict(confirm["fields"]), timeout=120)[0]

        ticks = {pid: cpu_ticks(pid) for pid in server.worker_pids()}
        thread = threading.Thread(target=post_confirm, daemon=True)
        thread.start()
        backend = wait_for(lambda: writing_backend(url), timeout=60, interval=0.02)
        victim = pid_of_client_port(backend[1]) if backend else None
        if backend and victim is None:
            # Over a Unix socket: the worker applying the import is the one burning CPU.
            victim = max(ticks, key=lambda pid: cpu_ticks(pid) - ticks[pid])
        if victim is None or victim not in server.worker_pids():
            thread.join(timeout=120)
            self.check(name, False, f"no writing worker found (answer {answer})")
            return
        os.kill(victim, signal.SIGKILL)
        thread.join(timeout=60)
        self.finish_kill_check(
            name,
            server,
            url,
            before,
            f"worker {victim} killed; confirm {answer.get('status', 'got no answer')}",
        )

    def phase_kill_command(self, server, url, workbook):
        name = "import command killed mid-transaction"
        if workbook is None:
            self.skip(name, "manage.py import_awards is not in this tree")
            return
        before = snapshot(url)
        importer = subprocess.Popen(
            [PYTHON, "manage.py", "import_awards", str(workbook)],
            cwd=ROOT,
            env=django_env(url, LOG_LEVEL="WARNING"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        backend = wait_for(lambda: writing_backend(url), timeout=120, interval=0.02)
        if backend is None or importer.poll() is not None:
            importer.wait(timeout=600)
            self.check(
                name, False, f"the import never held an open write (exit {importer.returncode})"
            )
            return
        importer.send_signal(signal.SIGKILL)
        importer.wait(timeout=30)
        self.finish_kill_check(name, server, url, before, "import_awards killed with SIGKILL")

    def finish_kill_check(self, name, server, url, before, what):
        # PostgreSQL notices the dead client and rolls its transaction back; wait for that.
        wait_for(lambda: writing_backend(url) is None, timeout=30)
        after = snapshot(url)
        changed = sorted(t for t in before if before[t] != after.get(t))
        serving = wait_for(
            lambda: (
                Browser(server.base).get("/")[0] == 200
                and len(server.worker_pids()) >= server.expected_workers()
            ),
            timeout=30,
            interval=0.2,
        )
        self.check(
            name,
            not changed and bool(serving),
            f"{what}; tables changed: {changed or 'none'}; "
            f"serving with {len(server.worker_pids())} workers: {bool(serving)}",
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", action="store_true", help="CI: short phases, smaller import")
    parser.add_argument("--seconds", type=int)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--rows", type=int, help="award rows in the big workbook")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers per instance")
    args = parser.parse_args()
    args.seconds = args.seconds or (6 if args.short else 30)
    args.rows = args.rows or (2000 if args.short else 10000)
    return Soak(args).run()


if __name__ == "__main__":
    sys.exit(main())
