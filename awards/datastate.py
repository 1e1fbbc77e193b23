"""This process's view of the public data state, kept without a query per request.

What the page cache keys on (awards/caching.py): the `DataVersion` counter and the newest
`published_at` that has passed. Reading them costs a database round trip, which on a cache hit
was more than the rest of the request together. Instead each process keeps the last reading
and re-reads it only when one of these says it may be out of date:

* its age reaches `PUBLIC_CACHE_STALENESS_MS` (250 ms): the bound that holds whatever else
  fails, so a change committed by another instance shows within 250 ms of its commit;
* this process committed a change (`invalidate`, called by `awards.caching.bump`): its own
  edits show on the very next request, as before;
* the next pending publication moment (read with the state) has passed: a scheduled edition
  appears at its `published_at`, computed locally, with no write and no cron job;
* another instance signalled a commit: on PostgreSQL a `NOTIFY summit_data_state` sent with
  every bump, received on a `LISTEN` connection of this process and polled without blocking;
  on a SQLite file, a change of the database or WAL file's size or modification time.

The signals only make changes show sooner than the bound: a lost notification (a listener
connection that dropped, a write that forgot to notify) costs at most 250 ms of staleness.
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
import time

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.utils import timezone

logger = logging.getLogger(__name__)

CHANNEL = "summit_data_state"


class _Reading:
    """One reading of the state; replaced whole, so threads never see half of one."""

    __slots__ = ("checked_at", "next_publication", "pid", "token")

    def __init__(self, token: str, checked_at: float, next_publication: float):
        self.token = token
        self.checked_at = checked_at  # time.monotonic() when the query started
        self.next_publication = next_publication  # time.time() of the next pending one
        self.pid = os.getpid()


_reading: _Reading | None = None
_signal = None  # a _Listener (PostgreSQL), a _FileStamp (SQLite file) or None
_signal_pid = None
# Re-reads that happened, per reason: the benchmarks and tests read them.
stats = {"reads": 0, "signals": 0}


def token() -> str:
    """The current state token, re-read from the database only when it may be stale."""
    reading = _reading
    if (
        reading is not None
        and time.monotonic() - reading.checked_at < _bound()
        and time.time() < reading.next_publication
        and reading.pid == os.getpid()
        and not _signalled()
    ):
        return reading.token
    return refresh()


def refresh() -> str:
    """Read the state now (one query) and remember it."""
    global _reading
    _ensure_signal()
    if _signal is not None:
        _signal.changed()  # what it announced so far is in the read below
    started = time.monotonic()
    version, passed, pending = _read_state()
    next_publication = pending.timestamp() if pending is not None else float("inf")
    reading = _Reading(f"{version}-{passed or 0}", started, next_publication)
    _reading = reading
    stats["reads"] += 1
    return reading.token


def invalidate() -> None:
    """Forget the reading: this process committed a change (or a test starts afresh)."""
    global _reading
    _reading = None


def notify() -> None:
    """Tell the other instances a change was committed (sent when the transaction commits)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_notify(%s, '')", [CHANNEL])


def close() -> None:
    """Drop this process's listener connection (tests, before the database is destroyed)."""
    global _signal, _signal_pid
    if _signal is not None and _signal_pid == os.getpid():
        _signal.close()
    _signal, _signal_pid = None, None
    invalidate()


def _bound() -> float:
    return settings.PUBLIC_CACHE_STALENESS_MS / 1000


def _signalled() -> bool:
    signal = _signal
    if signal is None or _signal_pid != os.getpid():
        return False
    if signal.changed():
        stats["signals"] += 1
        return True
    return False


def _ensure_signal() -> None:
    """Open this process's signal before the state is read, so no change slips in between."""
    global _signal, _signal_pid
    if _signal_pid != os.getpid():
        # Forked (a gunicorn worker): the parent's listener socket is not ours to use or close.
        _signal, _signal_pid = None, os.getpid()
    if _signal is not None and _signal.healthy():
        return
    if _signal is not None:
        _signal.close()
    _signal = None
    vendor = connection.vendor
    if vendor == "postgresql":
        _signal = _Listener.open()
    elif vendor == "sqlite":
        _signal = _FileStamp.open(connection.settings_dict["NAME"])


def _state_sql() -> str:
    from awards.models import DataVersion, Edition

    qn = connection.ops.quote_name
    editions, published = qn(Edition._meta.db_table), qn("published_at")
    return (
        f"SELECT {qn('version')}, "
        f"(SELECT MAX({published}) FROM {editions} WHERE {published} <= %s), "
        f"(SELECT MIN({published}) FROM {editions} WHERE {published} > %s) "
        f"FROM {qn(DataVersion._meta.db_table)} WHERE {qn('id')} = 1"
    )


def _read_state():
    """The state query; on a reused connection it doubles as Django's health check.

    With CONN_HEALTH_CHECKS, Django pings a reused connection (one more round trip) before the
    first query of each request. When this is the request's only query it is the ping: if the
    reused connection turns out dead, it is closed and the query runs once more on a fresh one.
    """
    checking = (
        connection.health_check_enabled
        and not connection.health_check_done
        and connection.connection is not None
        and not connection.in_atomic_block
    )
    if checking:
        connection.health_check_done = True
    now = timezone.now()
    try:
        row = _fetch_state(now)
    except (InterfaceError, OperationalError):
        if not checking:
            raise
        connection.close()
        row = _fetch_state(now)
    if row is None:
        # A flushed database (tests, a fresh install before migrate's data step) has no row.
        from awards.models import DataVersion

        DataVersion.objects.get_or_create(pk=1)
        row = _fetch_state(now)
    version, passed, pending = row
    return version, passed, _aware(pending)


def _fetch_state(now):
    value = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(), [value, value])
        return cursor.fetchone()


def _aware(value):
    # Raw SQL returns what the driver gives: SQLite a string, PostgreSQL an aware datetime.
    if value is None or hasattr(value, "timestamp"):
        return value
    return connection.ops.convert_datetimefield_value(value, None, connection)


class _Listener:
    """A LISTEN connection of this process, polled without blocking on each request."""

    def __init__(self, conn):
        self.conn = conn
        self.lock = threading.Lock()
        self.broken = False

    @classmethod
    def open(cls):
        import psycopg

        params = connection.get_connection_params()
        for key in ("cursor_factory", "context", "server_side_binding"):
            params.pop(key, None)
        try:
            conn = psycopg.connect(**params, autocommit=True, connect_timeout=2)
            conn.execute(f"LISTEN {CHANNEL}")
        except psycopg.Error:
            # No listener: the bound still holds through the re-read every 250 ms.
            logger.warning("data state listener unavailable", exc_info=True)
            return None
        return cls(conn)

    def healthy(self) -> bool:
        return not self.broken

    def changed(self) -> bool:
        # Another thread is draining: its answer covers this request too, within the bound.
        if self.broken or not self.lock.acquire(blocking=False):
            return False
        try:
            pgconn = self.conn.pgconn
            pgconn.consume_input()  # reads what has arrived; never waits
            if pgconn.status != 0:  # CONNECTION_OK; the server closed it (restart, terminate)
                raise ConnectionError("listener connection lost")
            seen = False
            while pgconn.notifies() is not None:
                seen = True
            return seen
        except Exception:
            # A dropped connection: re-read now, and re-open it with that read.
            self.broken = True
            return True
        finally:
            self.lock.release()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()


class _FileStamp:
    """Size and modification time of a SQLite database file and its WAL: a commit moves them."""

    def __init__(self, paths: list[str]):
        self.paths = paths
        self.stamp = self._read()

    @classmethod
    def open(cls, name):
        name = str(name)
        if not name or name == ":memory:" or name.startswith("file:") or not os.path.exists(name):
            return None  # in-memory (tests): nothing to watch; the bound still holds
        return cls([name, f"{name}-wal"])

    def _read(self):
        stamp = []
        for path in self.paths:
            try:
                info = os.stat(path)
            except OSError:
                stamp.append(None)
                continue
            stamp.append((info.st_mtime_ns, info.st_size))
        return stamp

    def healthy(self) -> bool:
        return True

    def changed(self) -> bool:
        stamp = self._read()
        if stamp == self.stamp:
            return False
        self.stamp = stamp
        return True

    def close(self) -> None:
        pass
