import logging

import pytest
from django.test import override_settings


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
    assert settings.LOGGING["loggers"]["django.request"] == {"level": "ERROR"}
