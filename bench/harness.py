"""Shared plumbing for the benchmarks and soak tests: a throwaway PostgreSQL, gunicorn servers
on loopback, wrk runs, and result files.

Everything here is bounded: every wait has a timeout, every server is stopped on exit, and
every address is 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
RESULTS = ROOT / "bench" / "results"
HOST = "127.0.0.1"
RANDOM_PAGE_COST = os.environ.get("BENCH_PG_RANDOM_PAGE_COST", "1.1")
# Servers the benchmarks start listen on loopback ports in this range only.
PORT_RANGE = range(
    int(os.environ.get("BENCH_PORT_MIN", 8100)), int(os.environ.get("BENCH_PORT_MAX", 8199)) + 1
)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def free_port(exclude: set[int] | None = None) -> int:
    for port in PORT_RANGE:
        if exclude and port in exclude:
            continue
        with socket.socket() as sock:
            try:
                sock.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free loopback port in {PORT_RANGE.start}-{PORT_RANGE.stop - 1}")


# --- Tools -------------------------------------------------------------------------------


def apt_install(*packages: str) -> None:
    log(f"apt-get install {' '.join(packages)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env, timeout=300)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages],
        check=True,
        env=env,
        timeout=600,
        stdout=subprocess.DEVNULL,
    )


def ensure_wrk() -> str:
    if not shutil.which("wrk"):
        apt_install("wrk")
    return shutil.which("wrk")


def pg_bin() -> Path:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not candidates:
        apt_install("postgresql")
        candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return candidates[-1].parent


def machine() -> dict:
    free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    load = os.getloadavg()
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "free_h": free,
        "loadavg_at_start": [round(x, 2) for x in load],
        "python": platform.python_version(),
        "postgresql_random_page_cost": RANDOM_PAGE_COST,
        "platform": platform.platform(),
    }


def save_result(name: str, data: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")
    log(f"wrote {path.relative_to(ROOT)}")
    return path


def table(rows: list[dict], columns: list[str]) -> str:
    cells = [[str(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in cells)) for i, c in enumerate(columns)]
    line = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    out = [line, "  ".join("-" * w for w in widths)]
    out += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in cells]
    return "\n".join(out)


# --- PostgreSQL ---------------------------------------------------------------------------


@dataclass
class Postgres:
    """A throwaway cluster (or, given an existing server's URL, throwaway databases in it)."""

    port: int = int(os.environ.get("BENCH_PG_PORT", 54334))
    server_url: str | None = None
    transport: str = "tcp"
    root: Path | None = None
    databases: list[str] = field(default_factory=list)

    def __enter__(self) -> Postgres:
        if self.server_url:
            log(f"using the PostgreSQL server of {redact(self.server_url)}")
            return self
        bin_dir = pg_bin()
        self.root = Path(tempfile.mkdtemp(prefix="summit-bench-pg."))
        data, run = self.root / "data", self.root / "run"
        for d in (data, run):
            d.mkdir()
        subprocess.run(["chown", "-R", "postgres:postgres", str(self.root)], check=True)
        as_pg = ["runuser", "-u", "postgres", "--"]
        subprocess.run(
            [
                *as_pg,
                bin_dir / "initdb",
                "-D",
                data,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )
        # random_page_cost 1.1 as for SSD or a database that fits in memory (README, "Production
        # deployment"): with the default 4.0 the planner hash-joins all nominees for one
        # edition's page once the archive is large. BENCH_PG_RANDOM_PAGE_COST=4 shows that.
        common = (
            f"-p {self.port} -k {run} -c fsync=off -c max_connections=200"
            f" -c random_page_cost={RANDOM_PAGE_COST}"
        )
        start = [*as_pg, bin_dir / "pg_ctl", "-D", data, "-l", run / "pg.log", "-w"]
        # Another program's client socket can hold the port (the kernel's ephemeral port range
        # covers it): try TCP a few times, then listen on the Unix socket only.
        self.transport = "unix"
        for attempt in range(4):
            started = subprocess.run(
                [*start, "-o", f"-c listen_addresses={HOST} {common}", "start"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=120,
            )
            if started.returncode == 0:
                self.transport = "tcp"
                break
            time.sleep(1 + attempt)
        else:
            subprocess.run(
                [*start, "-o", f"-c listen_addresses='' {common}", "start"],
                check=True,
                stdout=subprocess.DEVNULL,
                timeout=120,
            )
        subprocess.run(
            [
                *as_pg,
                bin_dir / "psql",
                "-h",
                run,
                "-p",
                str(self.port),
                "-d",
                "postgres",
                "-q",
                "-c",
                "CREATE ROLE summit LOGIN CREATEDB SUPERUSER PASSWORD 'summit'",
            ],
            check=True,
            timeout=60,
        )
        host = HOST if self.transport == "tcp" else urllib.parse.quote(str(run), safe="")
        self.server_url = f"postgres://summit:summit@{host}:{self.port}/postgres"
        log(f"PostgreSQL cluster on port {self.port} over {self.transport} ({self.root})")
        return self

    def __exit__(self, *exc) -> None:
        for name in list(self.databases):
            with contextlib.suppress(Exception):
                self.drop(name)
        if self.root:
            data = self.root / "data"
            subprocess.run(
                [
                    "runuser",
                    "-u",
                    "postgres",
                    "--",
                    pg_bin() / "pg_ctl",
                    "-D",
                    data,
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=120,
            )
            shutil.rmtree(self.root, ignore_errors=True)

    def _admin(self, sql: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(sql)

    def url(self, name: str) -> str:
        return re.sub(r"/[^/]*$", f"/{name}", self.server_url)

    def create(self, name: str) -> str:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self._admin(f'CREATE DATABASE "{name}"')
        self.databases.append(name)
        return self.url(name)

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.databases.remove(name)

    def size_bytes(self, name: str) -> int:
        import psycopg

        with psycopg.connect(self.url(name)) as conn:
            return conn.execute("SELECT pg_database_size(current_database())").fetchone()[0]


@dataclass
class Redis:
    """A throwaway redis-server on loopback (no persistence), or an existing one's URL."""

    url: str | None = None
    process: subprocess.Popen | None = None
    root: Path | None = None

    def __enter__(self) -> Redis:
        if self.url:
            log(f"using the Redis server at {self.url}")
            return self
        if not shutil.which("redis-server"):
            apt_install("redis-server")
        self.root = Path(tempfile.mkdtemp(prefix="summit-bench-redis."))
        port = free_port()
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.root),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.url = f"redis://{HOST}:{port}/0"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection((HOST, port), 0.5) as conn:
                conn.sendall(b"PING\r\n")
                if conn.recv(16).startswith(b"+PONG"):
                    log(f"redis-server on {self.url}")
                    return self
            time.sleep(0.1)
        self.__exit__()
        raise RuntimeError("redis-server did not answer PING")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        if self.root:
            shutil.rmtree(self.root, ignore_errors=True)


def redact(url: str) -> str:
    return re.sub(r"//([^:@/]+):[^@/]*@", r"//\1:***@", url)


# --- Django management and servers ----------------------------------------------------------

PRODUCTION_ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "bench-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
    # Plain HTTP on loopback: a TLS proxy would sit in front in production.
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECURE_COOKIES": "0",
    "DJANGO_HSTS_SECONDS": "0",
    "LOG_LEVEL": "INFO",
    "PYTHONUNBUFFERED": "1",
}


def django_env(database_url: str, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    env.update(PRODUCTION_ENV)
    env["DATABASE_URL"] = database_url
    env["DJANGO_SETTINGS_MODULE"] = "summit.settings"
    env.update(extra)
    return env


def manage(database_url: str, *args: str, timeout: int = 900, **extra: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=django_env(database_url, **extra),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def prepare_database(database_url: str, *, fixture: bool = True) -> None:
    manage(database_url, "migrate", "--noinput", "-v", "0")
    if fixture:
        manage(database_url, "loaddata", "summit_2022", "-v", "0")


def collectstatic() -> None:
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=django_env("sqlite://:memory:"),
        check=True,
        timeout=300,
    )


@dataclass
class Server:
    """gunicorn with summit/gunicorn.py, exactly as `make serve` runs it."""

    database_url: str
    name: str = "app"
    workers: int | None = None
    threads: int | None = None
    env: dict = field(default_factory=dict)
    port: int | None = None
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self, timeout: float = 60) -> None:
        self.port = self.port or free_port()
        extra = {"PORT": str(self.port), **self.env}
        if self.workers:
            extra["WEB_CONCURRENCY"] = str(self.workers)
        if self.threads:
            extra["GUNICORN_THREADS"] = str(self.threads)
        RESULTS.mkdir(parents=True, exist_ok=True)
        self.log_path = RESULTS / f"server-{self.name}.log"
        logfile = self.log_path.open("w")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "-c", "summit/gunicorn.py", "summit.wsgi"],
            cwd=ROOT,
            env=django_env(self.database_url, **extra),
            stdout=logfile,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn {self.name} exited; see {self.log_path}")
            with contextlib.suppress(OSError):
                healthy = get(self.base + "/healthz", timeout=2)[0] == 200
                # Every worker must be up before a measurement starts.
                if healthy and len(self.worker_pids()) >= self.expected_workers():
                    log(f"gunicorn {self.name} on {self.base} ({self.describe()})")
                    return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn {self.name} did not answer /healthz in {timeout}s")

    def expected_workers(self) -> int:
        if self.workers:
            return self.workers
        if self.env.get("WEB_CONCURRENCY"):
            return int(self.env["WEB_CONCURRENCY"])
        # The default of summit/gunicorn.py.
        return min(2 * len(os.sched_getaffinity(0)) + 1, 12)

    def describe(self) -> str:
        return f"{len(self.worker_pids())} workers, threads {self.threads or 1}"

    def stop(self) -> None:
        if not self.process or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def worker_pids(self) -> list[int]:
        if not self.process:
            return []
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        with contextlib.suppress(OSError):
            return [int(p) for p in path.read_text().split()]
        return []

    def worker_pss_kib(self) -> dict[int, int]:
        """Proportional set size now: shared pages (the preloaded code, copy-on-write from the
        master) counted once across the processes that share them."""
        sizes = {}
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                    if line.startswith("Pss:"):
                        sizes[pid] = int(line.split()[1])
        return sizes

    def worker_peak_rss_kib(self) -> dict[int, int]:
        peaks = {}
        for pid in self.worker_pids():
            with contextlib.suppress(OSError):
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks[pid] = int(line.split()[1])
        return peaks


def get(url: str, timeout: float = 10, headers: dict | None = None) -> tuple[int, bytes, dict]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read(), dict(error.headers)


# --- Workbooks --------------------------------------------------------------------------------


def make_workbooks(
    pg: Postgres, folder: Path, *, years: list[int], rows: int, nominees: int
) -> dict[int, Path]:
    """One workbook of `rows` awards per year, generated in one scratch database (the same
    nominees throughout) and exported by the app itself (manage.py export_awards).

    The workbooks keep the export's record keys (对象网址标识, 案例编号): they are the same on
    every site, so the soak database takes them as a site receiving another site's workbook
    does (new nominees and cases keep their keys)."""
    name = "summit_bench_workbooks"
    url = pg.create(name)
    try:
        prepare_database(url, fixture=False)
        env = django_env(url, LOG_LEVEL="WARNING")
        args = ["--editions", str(len(years) + 1), "--first-year", str(min(years))]
        args += ["--lists", "10", "--awards", str(rows // 10), "--nominees", str(nominees)]
        subprocess.run(
            [PYTHON, str(ROOT / "bench" / "generate_archive.py"), *args, "--json"],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=600,
        )
        paths = {}
        for year in years:
            paths[year] = folder / f"edition-{year}.xlsx"
            manage(url, "export_awards", str(year), "-o", str(paths[year]), "--format", "xlsx")
        return paths
    finally:
        pg.drop(name)


# --- wrk ------------------------------------------------------------------------------------

_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if not match:
        raise ValueError(f"unreadable wrk latency {text!r}")
    number, unit = match.groups()
    return round(float(number) * _UNITS[unit], 3)


def wrk(
    url: str,
    *,
    seconds: int = 10,
    connections: int = 32,
    threads: int = 2,
    script: Path | None = None,
    script_args: list[str] | None = None,
    headers: dict | None = None,
) -> dict:
    command = [
        ensure_wrk(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--latency",
        "--timeout",
        "5s",
    ]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", str(script)]
    # wrk sends the path as given: non-ASCII (a Chinese query) must be percent-encoded.
    command.append(urllib.parse.quote(url, safe=":/?=&%"))
    if script_args:
        command += ["--", *(urllib.parse.quote(a, safe="/?=&%") for a in script_args)]
    output = subprocess.run(
        command, capture_output=True, text=True, timeout=seconds + 60, check=True
    ).stdout
    try:
        result = _parse_wrk(output)
    except (AttributeError, ValueError) as error:
        raise RuntimeError(f"could not read wrk output:\n{output}") from error
    result.update({"url": url, "seconds": seconds, "connections": connections, "raw": output})
    return result


def _transfer(output: str) -> int | None:
    """Bytes read per response (headers included), from wrk's totals."""
    match = re.search(r"(\d+) requests in [^,]+, ([\d.]+)([KMG]?B) read", output)
    if not match or int(match.group(1)) == 0:
        return None
    scale = {"B": 1, "KB": 1024, "MB": 1024**2, "GB": 1024**3}[match.group(3)]
    return round(float(match.group(2)) * scale / int(match.group(1)))


def _parse_wrk(output: str) -> dict:
    result = {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "transfer_per_request_bytes": _transfer(output),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99_ms": _ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "non_2xx_3xx": 0,
        "socket_errors": 0,
    }
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        result["non_2xx_3xx"] = int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        result["socket_errors"] = sum(int(n) for n in match.groups())
        result["socket_errors_detail"] = match.group(0)
    result["errors"] = result["non_2xx_3xx"] + result["socket_errors"]
    return result


def median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def run_python(code_path: Path, *args: str, env: dict, timeout: int = 900) -> str:
    result = subprocess.run(
        [PYTHON, str(code_path), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{code_path.name} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


if __name__ == "__main__":  # pragma: no cover - a quick self-check of the plumbing
    print(json.dumps(machine(), indent=2))
    sys.exit(0)
