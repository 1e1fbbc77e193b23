"""A gunicorn worker is ready when it is forked, and recycled workers never restart together.

Issue 21: the cached /2022/ fell to near the uncached rate in 3 of 6 benchmark rounds. The
workers reached `max_requests` within half a second of each other (10 % jitter on an evenly
shared load), and each new worker then imported the views, compiled the templates and read
the catalogs on its first request, for seconds with hardly a worker answering.
"""

import os
import runpy

from tests.processes import ROOT, last_json, run_python

# Runs in a fresh interpreter: what a worker forked from the preloaded master starts with.
_FIRST_REQUESTS = r"""
import json, sys
import summit.wsgi  # what gunicorn's preload_app runs in the master
from django.core.management import call_command
from django.template import engines
from django.test import Client

call_command("migrate", verbosity=0)
call_command("loaddata", "summit_2022", verbosity=0)
# The production profile serves hashed static names: a release runs collectstatic first.
call_command("collectstatic", interactive=False, verbosity=0)
loader = engines["django"].engine.template_loaders[0]
modules, templates = set(sys.modules), set(loader.get_template_cache)
client = Client(HTTP_HOST="127.0.0.1")
statuses = [
    client.get(path).status_code
    for path in ("/2022/", "/en/2022/", "/nominees/chengdu-fabu/", "/search/?q=成都", "/")
]
print(json.dumps({
    "statuses": statuses,
    "modules": sorted(m for m in set(sys.modules) - modules if m.startswith(("awards", "summit"))),
    "templates": sorted(set(loader.get_template_cache) - templates),
}))
"""


# The production profile (DEBUG off) on an in-memory database of its own.
_ENV = {
    "DJANGO_SETTINGS_MODULE": "summit.settings",
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "worker-start-" + "x" * 50,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DATABASE_URL": "sqlite://:memory:",
    "CACHE_URL": "dummy://",
    "LOG_LEVEL": "CRITICAL",
}


def test_a_fresh_worker_imports_and_compiles_nothing_on_its_first_public_requests():
    env = {**os.environ, **_ENV}

    first = last_json(run_python(_FIRST_REQUESTS, env))

    assert first == {"statuses": [200, 200, 200, 200, 200], "modules": [], "templates": []}


def _recycling(monkeypatch, **env):
    monkeypatch.delenv("GUNICORN_MAX_REQUESTS", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = runpy.run_path(str(ROOT / "summit" / "gunicorn.py"))
    return config["max_requests"], config["max_requests_jitter"]


def test_recycled_workers_restart_spread_over_a_whole_cycle(monkeypatch):
    # gunicorn draws each worker's limit from [max_requests, max_requests + jitter]. Workers
    # sharing the load evenly restart one at a time only if that window is a whole cycle wide.
    limit, jitter = _recycling(monkeypatch)

    assert limit >= 50000
    assert jitter == limit


def test_recycling_follows_the_environment_and_can_be_turned_off(monkeypatch):
    assert _recycling(monkeypatch, GUNICORN_MAX_REQUESTS="2000") == (2000, 2000)
    assert _recycling(monkeypatch, GUNICORN_MAX_REQUESTS="0") == (0, 0)


# A fresh interpreter with Django loaded forks a "worker" that ends the way gunicorn ends one:
# sys.exit(code) with worker_exit called in the `finally` around it (gunicorn's arbiter).
_WORKER_EXIT = r"""
import json, os, runpy, sys
from types import SimpleNamespace
import summit.wsgi  # the preloaded app a worker inherits

hook = runpy.run_path("summit/gunicorn.py")["worker_exit"]
out = {}
for code in (0, 3):
    pid = os.fork()
    if pid == 0:
        try:
            try:
                sys.exit(code)
            finally:
                hook(None, SimpleNamespace(pid=os.getpid()))
        except SystemExit as stop:
            os._exit(100 + stop.code)  # the hook returned: Python's teardown would follow
    _, status, usage = os.wait4(pid, 0)
    out[code] = {"exit": os.waitstatus_to_exitcode(status), "cpu": usage.ru_utime + usage.ru_stime}
# Called in the master for a worker that is already gone: nothing happens.
out["master"] = hook(None, SimpleNamespace(pid=os.getpid() + 1))
print(json.dumps(out))
"""


def test_a_recycled_worker_leaves_at_once_and_a_failed_one_keeps_its_exit_code():
    env = {**os.environ, **_ENV}

    out = last_json(run_python(_WORKER_EXIT, env, timeout=120))
    assert (out["0"]["exit"], out["3"]["exit"], out["master"]) == (0, 103, None)
    # Python's teardown of the inherited app costs about 0.6 s of CPU; leaving skips it.
    assert out["0"]["cpu"] < 0.1
