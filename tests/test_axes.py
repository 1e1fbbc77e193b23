"""Admin login lockout (django-axes): 5 failures per user name and IP, 15 minutes."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from summit.client_ip import client_ip

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return User.objects.create_user("staff", password="right-password-1", is_staff=True)


def _login(client, password, ip="203.0.113.5", username="staff", **headers):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
        **headers,
    )


def test_four_failures_still_allow_login(client, staff):
    for _ in range(4):
        _login(client, "wrong")

    response = _login(client, "right-password-1")

    assert response.status_code == 302


def test_fifth_failure_locks_out_with_chinese_message(client, staff):
    for _ in range(4):
        _login(client, "wrong")

    response = _login(client, "wrong")

    content = response.content.decode()
    assert response.status_code == 429
    assert "登录已暂时锁定" in content
    assert "连续 5 次登录失败" in content
    assert "请在 15 分钟后再试。" in content


def test_lockout_refuses_even_the_right_password(client, staff):
    for _ in range(5):
        _login(client, "wrong")

    response = _login(client, "right-password-1")

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_and_ip(client, staff):
    for _ in range(5):
        _login(client, "wrong")

    other_ip = _login(client, "right-password-1", ip="198.51.100.7")

    assert other_ip.status_code == 302


def test_lockout_ends_after_fifteen_minutes(client, staff):
    for _ in range(5):
        _login(client, "wrong")
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))

    response = _login(client, "right-password-1")

    assert response.status_code == 302


@override_settings(LANGUAGE_CODE="en")
def test_lockout_message_in_english_when_asked(client, staff):
    for _ in range(5):
        _login(client, "wrong", HTTP_ACCEPT_LANGUAGE="en")

    response = _login(client, "wrong", HTTP_ACCEPT_LANGUAGE="en")

    assert "Login temporarily locked" in response.content.decode()


def test_client_ip_defaults_to_remote_addr():
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.1", HTTP_X_FORWARDED_FOR="10.0.0.9")

    assert client_ip(request) == "192.0.2.1"


@override_settings(SUMMIT_IP_HEADERS=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"], SUMMIT_PROXY_COUNT=1)
def test_client_ip_behind_one_proxy_ignores_spoofed_entries():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9"
    )

    assert client_ip(request) == "203.0.113.9"


@override_settings(SUMMIT_IP_HEADERS=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"], SUMMIT_PROXY_COUNT=2)
def test_client_ip_falls_back_when_header_too_short():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert client_ip(request) == "10.0.0.2"


@override_settings(SUMMIT_IP_HEADERS=["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"], SUMMIT_PROXY_COUNT=1)
def test_lockout_behind_proxy_counts_real_client(client, staff):
    for _ in range(5):
        _login(client, "wrong", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")

    other_client = _login(
        client, "right-password-1", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7"
    )
    same_client = _login(
        client, "right-password-1", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )

    assert (other_client.status_code, same_client.status_code) == (302, 429)


def test_admin_index_names_the_login_protection_in_chinese(admin_client):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    assert tuple(
        word for word in ("登录保护", "登录尝试", "登录失败", "登录记录") if word in response.text
    ) == ("登录保护", "登录尝试", "登录失败", "登录记录")
    assert [
        w
        for w in ("Access attempts", "Access failures", "Access logs", ">Axes<")
        if w in response.text
    ] == []
