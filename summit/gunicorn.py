"""Gunicorn settings for `make serve` and production: gunicorn -c summit/gunicorn.py summit.wsgi

Every value can be changed through the environment; the defaults suit the machine it runs on.
"""

import gc
import logging
import os
import sys
import threading


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores() -> int:
    # The CPUs this process may use (a container's or taskset's limit), not the host's total.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS
        return os.cpu_count() or 1


# Loopback by default; behind a proxy on another host set GUNICORN_BIND=0.0.0.0:8000.
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{_int('PORT', 8000)}")

# Rendering is CPU-bound Python: the classic 2 × cores + 1 processes, capped so a big host
# does not open more PostgreSQL connections than the database allows.
workers = _int("WEB_CONCURRENCY", min(2 * _cores() + 1, 12))
# Threads > 1 switch to the gthread worker: keep-alive connections and slow clients no longer
# pin a whole process. Each thread holds its own database connection.
threads = _int("GUNICORN_THREADS", 1)
worker_class = "gthread" if threads > 1 else "sync"

# A request that takes longer than this is killed and its transaction rolled back.
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak cannot grow forever (0 turns it off). The
# workers share the load evenly, so they reach their limits together unless the limits differ
# widely: with 10 % jitter all five recycled within half a second, and for seconds no worker
# answered (issue 21: the cached page fell to the uncached rate in 3 of 6 benchmark rounds).
# Each limit is drawn from [max_requests, 2 × max_requests): the restarts spread over a whole
# cycle, one worker at a time. 50,000 requests is minutes of a busy server's traffic, not
# seconds (a cached hit costs well under a millisecond).
max_requests = _int("GUNICORN_MAX_REQUESTS", 50000)
max_requests_jitter = max_requests

# Load Django once in the master: faster start, shared memory, and a broken deploy fails
# before any worker answers. Database connections are opened lazily, after the fork.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") != "0"

# The heartbeat file lives in memory: a container's overlay disk can stall it.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

# summit.middleware.RequestLogMiddleware logs every request once; gunicorn logs only its own
# events (worker start, timeout, crash) to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
capture_output = False

# X-Forwarded-* is trusted only from these proxy addresses (gunicorn's default: 127.0.0.1).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proc_name = "summit-awards"

# gunicorn 24+ opens a control socket at one per-user path; two instances on one host would
# take it from each other. Off unless a path is given (GUNICORN_CONTROL_SOCKET).
if os.environ.get("GUNICORN_CONTROL_SOCKET"):
    control_socket = os.environ["GUNICORN_CONTROL_SOCKET"]
else:
    control_socket_disable = True


def pre_fork(server, worker):
    # A connection opened in the master (during preload) must never be inherited and shared
    # by two workers; close it in the master before forking.
    from django.conf import settings

    if not settings.configured:  # GUNICORN_PRELOAD=0: the master never loaded Django
        return
    from django.db import connections

    connections.close_all()
    # What the master loaded (Django, the views, the templates, the catalogs) is never
    # freed: keep the workers' garbage collector off it, so its pages stay shared instead of
    # being copied into every worker (the use the gc module's documentation gives).
    gc.freeze()


def worker_exit(server, worker):
    """A worker that finished normally (max_requests, a graceful stop) leaves at once.

    Python's own teardown frees every object the worker inherited from the preloaded master,
    touching (and so copying) all its shared pages: 0.6 s of CPU per worker, about 2 s on a
    loaded machine, and workers recycled together then left the server without an answering
    worker for seconds (issue 21). Nothing is left to do by then but to close the database
    connections and flush the logs, which happens here. Any other exit (a boot error, an
    abort) keeps its exit code and Python's normal teardown: the master reads that code; so
    does a worker with another thread still at work.
    """
    if os.getpid() != worker.pid:
        return  # called in the master for a worker that had already gone
    current = threading.current_thread()
    error = sys.exc_info()[1]
    if not isinstance(error, SystemExit) or error.code not in (0, None):
        return
    if any(t.is_alive() and not t.daemon for t in threading.enumerate() if t is not current):
        return  # a gthread request still running past the graceful timeout: let it finish
    from django.db import connections

    from awards import datastate

    connections.close_all()
    datastate.close()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def on_starting(server):
    # The environment is checked in the master, preloaded or not: a wrong or missing value
    # stops gunicorn with its one line (summit.settings.refuse) instead of workers failing to
    # boot one after another. Importing the settings module runs no app code.
    from summit import settings

    settings.refuse_development_key(settings.DEBUG, settings.SECRET_KEY)
