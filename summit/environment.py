"""Reading the environment for summit/settings.py: typed values, and one Chinese-and-English
line naming the variable when a value is wrong. Imports nothing of the project and no Django
setting, so settings, wsgi, asgi and gunicorn's config can all use it before Django is set up.
"""

import os

# The development key's "django-insecure-" prefix makes `check --deploy` refuse it.
DEVELOPMENT_SECRET_KEY = "django-insecure-summit-awards-development-key-not-for-production"


def refuse(name: str, zh: str, en: str):
    """Stop start-up with one line naming the variable, in Chinese and English.

    SystemExit, not an exception: `manage.py`, gunicorn (preloaded or not) and the test runner
    all stop at once with status 1 and print only this line, and no half-imported settings
    module is left behind to serve with values missing.
    """
    raise SystemExit(f"配置错误:{name} {zh} | Configuration error: {name} {en}")


BOOLEAN_WORDS = {"1": True, "true": True, "yes": True, "on": True}
BOOLEAN_WORDS |= {"0": False, "false": False, "no": False, "off": False}


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value not in BOOLEAN_WORDS:
        refuse(name, f"应为 1 或 0,现在是 {value!r}。", f"must be 1 or 0, not {value!r}.")
    return BOOLEAN_WORDS[value]


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        return refuse(name, f"应为整数,现在是 {value!r}。", f"must be an integer, not {value!r}.")


def env_origins(name: str, default: str = "") -> list[str]:
    """Comma-separated origins or base URLs: each must start with http:// or https://."""
    values = env_list(name, default)
    for value in values:
        if not value.startswith(("https://", "http://")):
            refuse(
                name,
                f"的每一项都应以 https:// 开头,现在有 {value!r}。",
                f"must list addresses starting with https://, not {value!r}.",
            )
    return values


def refuse_development_key(debug: bool, secret_key: str) -> None:
    """Production never runs on the public development key (sessions and CSRF tokens signed
    with it could be forged by anyone who read this file), nor on a short one: the same
    length and variety `check --deploy` asks for (security.W009)."""
    if debug:
        return
    if secret_key == DEVELOPMENT_SECRET_KEY:
        refuse(
            "DJANGO_SECRET_KEY",
            "未设置:生产环境(DJANGO_DEBUG=0)不能使用开发密钥,请设置一个长随机字符串。",
            "is not set: production (DJANGO_DEBUG=0) refuses the development key; "
            "set a long random string (README, Production deployment).",
        )
    if len(secret_key) < 50 or len(set(secret_key)) < 5:
        refuse(
            "DJANGO_SECRET_KEY",
            "太短:至少 50 个字符、5 种不同字符。",
            "is too short: at least 50 characters, 5 of them different.",
        )
