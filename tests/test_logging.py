import contextlib
import io
import logging
import logging.config
import os
import runpy
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import path


def _failing_view(request):
    raise RuntimeError("the failure this test provokes")


# Used by the test of 500s below (pytest.mark.urls): a view that fails, in tests only.
urlpatterns = [path("fails/", _failing_view)]


@pytest.fixture
def request_log(caplog):
    caplog.set_level(logging.INFO, logger="summit.request")
    return caplog


def _request_lines(caplog):
    return [r for r in caplog.records if r.name == "summit.request"]


@pytest.mark.django_db
def test_request_log_one_line_with_method_path_status_and_duration(client, request_log):
    client.get("/healthz?probe=1")
    client.get("/no-such-page/?q=1")

    lines = _request_lines(request_log)
    assert len(lines) == 1
    record = lines[0]
    method, path, status, duration = record.getMessage().split(" ")
    assert (method, path, status) == ("GET", "/no-such-page/?q=1", "404")
    assert duration.endswith("ms")
    assert float(duration.removesuffix("ms")) == record.duration_ms
    assert (record.status, record.path, record.method) == (404, "/no-such-page/", "GET")


@pytest.mark.django_db
def test_request_log_healthz_success_is_quiet(client, request_log):
    client.get("/healthz")

    assert _request_lines(request_log) == []


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_request_log_redirect_is_logged_with_its_status(client, request_log):
    client.get("/2022/")

    [record] = _request_lines(request_log)
    assert record.getMessage().split(" ")[:3] == ["GET", "/2022/", "301"]


@pytest.mark.django_db
def test_request_log_control_characters_cannot_split_the_line(client, request_log):
    client.get("/evil%0Ainjected%20INFO/")

    [record] = _request_lines(request_log)
    assert "\n" not in record.getMessage()
    assert record.getMessage().startswith("GET /evil%0Ainjected%20INFO/ 404 ")


def test_request_log_middleware_is_first_so_it_times_the_whole_stack(settings):
    assert settings.MIDDLEWARE[0] == "summit.middleware.RequestLogMiddleware"


def test_logging_goes_to_stdout_and_django_request_does_not_repeat_404s(settings):
    handler = settings.LOGGING["handlers"]["stdout"]

    assert handler["stream"] == "ext://sys.stdout"
    assert settings.LOGGING["handlers"]["stderr"]["stream"] == "ext://sys.stderr"
    assert settings.LOGGING["loggers"]["django.request"] == {"level": "ERROR"}


def _gunicorn_config(monkeypatch, **env):
    for name in ("WEB_CONCURRENCY", "GUNICORN_THREADS", "PORT", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(Path(__file__).resolve().parent.parent / "summit" / "gunicorn.py"))


def test_gunicorn_access_log_off_so_each_request_is_logged_once(monkeypatch):
    config = _gunicorn_config(monkeypatch)

    assert config["accesslog"] is None
    assert config["errorlog"] == "-"


def test_gunicorn_defaults_follow_the_machine(monkeypatch):
    config = _gunicorn_config(monkeypatch)

    cores = len(os.sched_getaffinity(0))
    assert config["workers"] == min(2 * cores + 1, 12)
    assert (config["threads"], config["worker_class"]) == (1, "sync")
    assert config["bind"] == "127.0.0.1:8000"


def test_gunicorn_workers_threads_and_port_come_from_env(monkeypatch):
    config = _gunicorn_config(monkeypatch, WEB_CONCURRENCY="3", GUNICORN_THREADS="4", PORT="8123")

    assert (config["workers"], config["threads"]) == (3, 4)
    assert config["worker_class"] == "gthread"
    assert config["bind"] == "127.0.0.1:8123"


@pytest.mark.django_db
@pytest.mark.urls("tests.test_logging")
def test_server_error_writes_its_traceback_to_stderr_once(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    stderr, stdout = io.StringIO(), io.StringIO()

    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        logging.config.dictConfig(settings.LOGGING)  # handlers bound to the streams above
        response = client.get("/fails/?page=2")
    logging.config.dictConfig(settings.LOGGING)  # back on the real streams

    assert response.status_code == 500
    log = stderr.getvalue()
    assert log.count("Traceback (most recent call last):") == 1
    assert log.count("RuntimeError: the failure this test provokes") == 1
    assert "ERROR django.request Internal Server Error: /fails/" in log
    assert "ERROR summit.request GET /fails/?page=2 500 " in log
    assert "Traceback" not in stdout.getvalue()


@pytest.mark.django_db
def test_information_goes_to_stdout_and_warnings_to_stderr(client, settings):
    stderr, stdout = io.StringIO(), io.StringIO()

    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(stdout):
        logging.config.dictConfig(settings.LOGGING)
        client.get("/no-such-page/")
        logging.getLogger("summit.test").warning("a warning")
    logging.config.dictConfig(settings.LOGGING)

    assert "INFO summit.request GET /no-such-page/ 404 " in stdout.getvalue()
    assert stderr.getvalue().endswith("WARNING summit.test a warning\n")
    assert "summit.request" not in stderr.getvalue()
