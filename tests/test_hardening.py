"""Production hardening found by probing `make serve`: conditional requests on missing pages,
hostile bytes in the path, staff previews kept out of shared caches, secure cookies, and no
start with the development secret key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import EditionFactory
from tests.public_fixtures import _data_version_row, _edition_years_from_2150  # noqa: F401 - autouse

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/2031/", "/nominees/does-not-exist/", "/2099.csv"])
def test_if_none_match_star_on_missing_page_answers_404(edition_2022, client, url):
    plain = client.get(url)

    conditional = client.get(url, headers={"If-None-Match": "*"})

    assert (plain.status_code, conditional.status_code) == (404, 404)


@pytest.mark.parametrize("url", ["/2022/", "/2022.csv"])
def test_if_none_match_star_on_existing_page_answers_304(edition_2022, client, url):
    client.get(url)  # stored
    conditional = client.get(url, headers={"If-None-Match": "*"})

    first_time = client.get(url + "?fresh=1", headers={"If-None-Match": "*"})  # rendered now

    assert (conditional.status_code, conditional.content) == (304, b"")
    assert first_time.status_code == 304


def test_nul_byte_in_path_is_not_echoed_raw_into_links(edition_2022, client):
    response = client.get("/2022/%00/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "\x00" not in html
    assert 'href="http://testserver/2022/%00/"' in html
    assert 'content="http://testserver/2022/%00/"' in html


def test_staff_preview_is_private_and_never_stored(client, admin_user):
    draft = EditionFactory(year=2151, published_at=None)
    client.force_login(admin_user)

    preview = client.get(f"/{draft.year}/")
    public_page = client.get("/")

    assert preview.status_code == 200
    assert preview["Cache-Control"] == "private, no-store"
    assert public_page["Cache-Control"] == "private, no-store"
    assert "Cookie" in preview["Vary"]


def test_anonymous_public_page_stays_publicly_cacheable(edition_2022, client):
    response = client.get("/2022/")

    assert response["Cache-Control"] == "public, max-age=0, must-revalidate"


# --- Production settings, read by a fresh process exactly as a server would -----------------


def _python(code: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "summit.settings", "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {"DJANGO_DEBUG": "0", "DJANGO_ALLOWED_HOSTS": "awards.example.org"}
PRODUCTION_KEY = "production-key-" + "0123456789abcdef" * 3


def test_language_cookie_is_secure_in_production():
    result = _python(
        "import django; django.setup(); from django.conf import settings;"
        "print(settings.LANGUAGE_COOKIE_SECURE, settings.SESSION_COOKIE_SECURE)",
        **PRODUCTION,
        DJANGO_SECRET_KEY=PRODUCTION_KEY,
    )

    assert result.stdout.split() == ["True", "True"], result.stderr


def test_language_cookie_set_by_the_switch_carries_secure(client, settings):
    settings.LANGUAGE_COOKIE_SECURE = True

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.cookies["django_language"]["secure"] is True


@pytest.mark.parametrize(
    "code",
    ["import django; django.setup()", "import summit.wsgi", "import summit.asgi"],
    ids=["settings", "wsgi", "asgi"],
)
def test_production_without_secret_key_refuses_to_start(code):
    result = _python(code, **PRODUCTION)

    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "配置错误:DJANGO_SECRET_KEY 未设置:生产环境(DJANGO_DEBUG=0)不能使用开发密钥,"
        "请设置一个长随机字符串。 | Configuration error: DJANGO_SECRET_KEY is not set: production "
        "(DJANGO_DEBUG=0) refuses the development key; set a long random string (README, "
        "Production deployment)."
    ]


def test_server_with_debug_unset_refuses_the_development_key():
    # DEBUG defaults to off: a server started without DJANGO_DEBUG is production too.
    result = _python("import summit.wsgi", DJANGO_ALLOWED_HOSTS="awards.example.org")

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_production_with_secret_key_starts():
    result = _python(
        "import summit.wsgi; print('started')", **PRODUCTION, DJANGO_SECRET_KEY=PRODUCTION_KEY
    )

    assert result.stdout.strip().endswith("started"), result.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("DJANGO_SECRET_KEY", "short"),
        ("DJANGO_SECRET_KEY", "k" * 60),
        ("DJANGO_DEBUG", "maybe"),
        ("DATABASE_URL", "mysqlx://user:secret@db/summit"),
        ("DATABASE_CONN_MAX_AGE", "sixty"),
        ("CACHE_URL", "memcached://127.0.0.1:11211"),
        ("DJANGO_CSRF_TRUSTED_ORIGINS", "awards.example.org"),
        ("PUBLIC_BASE_URL", "awards.example.org"),
        ("DJANGO_SECURE_SSL_REDIRECT", "perhaps"),
    ],
)
def test_wrong_production_value_stops_start_with_one_line_naming_it(variable, value):
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": PRODUCTION_KEY, variable: value}

    result = _python("import summit.wsgi; print('started')", **env)

    assert (result.returncode, result.stdout) == (1, "")
    [line] = result.stderr.splitlines()
    assert line.startswith(f"配置错误:{variable} ")
    assert f" | Configuration error: {variable} " in line
    assert "secret@" not in line  # a database password never reaches the log


def test_gunicorn_refuses_a_wrong_value_before_any_worker_boots():
    env = {**PRODUCTION, "DJANGO_SECRET_KEY": "short", "GUNICORN_PRELOAD": "0", "PORT": "1"}
    command = "from gunicorn.app.wsgiapp import run; run()"

    result = subprocess.run(
        [sys.executable, "-c", command, "-c", "summit/gunicorn.py", "summit.wsgi"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 1
    assert "Configuration error: DJANGO_SECRET_KEY is too short" in result.stderr
    assert "Booting worker" not in result.stderr
