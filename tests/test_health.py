import json

import pytest
from django.db import OperationalError, connection
from django.test import Client, override_settings
from django.urls import reverse


def _fail_every_query(execute, sql, params, many, context):
    raise OperationalError("connection refused")


@pytest.mark.django_db
def test_healthz_database_up_answers_ok_json(client):
    response = client.get("/healthz")

    body = json.loads(response.content)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["status"] == "ok"


@pytest.mark.django_db
def test_healthz_runs_exactly_one_query(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")

    assert response.status_code == 200


@pytest.mark.django_db
def test_healthz_database_down_answers_503(client):
    with connection.execute_wrapper(_fail_every_query):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "OperationalError"}


@pytest.mark.django_db
def test_healthz_sets_no_cookie_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.cookies == {}
    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_post_without_csrf_token_is_method_not_allowed_not_forbidden():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/healthz")

    assert response.status_code == 405


@pytest.mark.django_db
def test_healthz_head_answers_ok(client):
    response = client.head("/healthz")

    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_healthz_plain_http_probe_is_not_redirected_to_https(client):
    response = client.get("/healthz")

    assert response.status_code == 200


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)
def test_other_paths_plain_http_are_still_redirected_to_https(client):
    response = client.get("/")

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/"


def test_healthz_url_is_named():
    assert reverse("healthz") == "/healthz"
