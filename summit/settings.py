"""Settings for Summit Awards: one module, driven by environment variables.

Every value has a safe development default; production sets the env vars
listed in README.md and .env.example.
"""

import logging
import os
from pathlib import Path

import dj_database_url
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from summit.environment import (
    DEVELOPMENT_SECRET_KEY,
    env_bool,
    env_int,
    env_list,
    env_origins,
    refuse,
    refuse_development_key,
)

BASE_DIR = Path(__file__).resolve().parent.parent


# --- Core ------------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip() or DEVELOPMENT_SECRET_KEY


# Production asked for explicitly: every command refuses. The servers (summit/wsgi.py and
# summit/asgi.py) refuse whenever DEBUG is off, DJANGO_DEBUG set or not.
if os.environ.get("DJANGO_DEBUG", "").strip():
    refuse_development_key(DEBUG, SECRET_KEY)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_origins("DJANGO_CSRF_TRUSTED_ORIGINS")

ROOT_URLCONF = "summit.urls"
WSGI_APPLICATION = "summit.wsgi.application"
ASGI_APPLICATION = "summit.asgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"

# --- Applications -------------------------------------------------------------

INSTALLED_APPS = [
    # modeltranslation must come before the admin so that its admin widgets and the
    # translated fields are in place when the admin registers (its documentation says so).
    "modeltranslation",
    # Django apps (the admin with our site class: awards.apps.SummitAdminConfig)
    "awards.apps.SummitAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Third-party apps
    "import_export",
    "simple_history",
    "adminsortable2",
    "summit.apps.AxesConfig",  # django-axes, under a Chinese name in the admin
    "csp",
    "solo",
    # Our apps: the core record, then one app per package that owns tables
    # (docs/architecture.md, "Layout").
    "awards",
    "awards.identity",
    "awards.certificates",
    "awards.importing",
    "awards.corrections",
    "awards.evaluation",
    "awards.jury",
    "awards.stats",
]


MIDDLEWARE = [
    # One stdout line per request (method, path, status, duration); first, so that it times
    # everything below it and logs the status the client really gets.
    "summit.middleware.RequestLogMiddleware",
    # HSTS, SSL redirect, nosniff and referrer policy before anything else answers.
    "django.middleware.security.SecurityMiddleware",
    # Serves collected static files with far-future headers, without touching Django views.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The URL decides the language of a public page (/en/… English, the rest Chinese); the
    # admin follows the visitor's cookie or browser. Before the page cache, which keys on it.
    "summit.locale.LanguageFromPathMiddleware",
    # Answers cached public pages (awards/caching.py) before sessions, CSRF and auth run; only
    # anonymous GETs of views marked @cache_public_page are served or stored.
    "awards.caching.PublicPageCacheMiddleware",
    # Needed by the admin login, preview for staff and the language switch.
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Normalises URLs (APPEND_SLASH) and sets Content-Length.
    "django.middleware.common.CommonMiddleware",
    # Refuses an oversized spreadsheet upload from its Content-Length; before CSRF, whose
    # check would otherwise read (and spool) the whole body first.
    "awards.importing.uploads.UploadLimitMiddleware",
    # Protects every form post, the admin and set_language included.
    "django.middleware.csrf.CsrfViewMiddleware",
    # request.user for the admin, preview and permissions.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # One-time messages in the admin (import results, actions).
    "django.contrib.messages.middleware.MessageMiddleware",
    # Refuses to be framed (X-Frame-Options).
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Content-Security-Policy header without unsafe-inline.
    "csp.middleware.CSPMiddleware",
    # A 404 whose path was a merged nominee's page, API record or an old slug answers 301 to
    # where it lives now (awards.corrections); inside the page cache, which stores no 404.
    "awards.corrections.middleware.MovedPathMiddleware",
    # Records the acting user on every history row the admin writes.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Locks out repeated failed admin logins; must come last (django-axes docs).
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "awards.identity.site_identity",
                "awards.bilingual.languages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------

try:
    DATABASES = {
        "default": dj_database_url.config(
            env="DATABASE_URL",
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
except ValueError:  # an unknown scheme or a malformed port; the URL holds a password
    scheme = os.environ.get("DATABASE_URL", "").partition("://")[0]
    refuse(
        "DATABASE_URL",
        f"无法识别(协议 {scheme!r}),应形如 postgres://用户:密码@主机:5432/库名。",
        f"is not a database URL (scheme {scheme!r}); use postgres://user:pass@host:5432/db.",
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Readers and one writer at a time without "database is locked" under runserver threads.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

# --- Cache --------------------------------------------------------------------
# Rendered public pages live here (awards/caching.py), keyed on the data state. Each process
# keeps its last reading of that state (awards/datastate.py) and re-reads it after its own
# commits, on another instance's notification, and at the latest after this many ms: a local
# cache per instance (or per gunicorn worker) never serves a page more than 250 ms older than
# the last commit anywhere; Redis only saves renders.
PUBLIC_CACHE_STALENESS_MS = env_int("PUBLIC_CACHE_STALENESS_MS", 250)

CACHE_URL = os.environ.get("CACHE_URL", "locmem://")
if CACHE_URL.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "summit",
            # A Redis outage must not hang requests: awards/caching.py renders without it.
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
elif CACHE_URL.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif not CACHE_URL.startswith("locmem://"):
    refuse(
        "CACHE_URL",
        f"应为 locmem://、redis://主机:6379/0 或 dummy://,现在是 {CACHE_URL!r}。",
        f"must be locmem://, redis://host:6379/0 or dummy://, not {CACHE_URL!r}.",
    )
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "summit",
            # Per process: every page of a large archive (about 40 KB each) fits many times
            # over in a worker's memory; the oldest third is dropped when full.
            "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 2000)},
        }
    }
# Seconds a rendered public page may be reused; the data version makes edits show at once.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 600)
# Pages each process also keeps ready in memory in front of CACHE_URL's copy (about 35 KB each
# with their compressed forms): the hot pages answer without unpickling or a Redis round trip.
PUBLIC_CACHE_LOCAL_ENTRIES = env_int("PUBLIC_CACHE_LOCAL_ENTRIES", 100)

# --- Authentication -----------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    # django-axes checks lockouts before any password is compared.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = f"/{ADMIN_URL}login/"
# Database sessions with signed keys: the page cache tells a real session cookie from a
# made-up one without a query (awards/sessions.py).
SESSION_ENGINE = "awards.sessions"

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
# Behind a proxy, name the header that carries the client IP (e.g. HTTP_X_FORWARDED_FOR)
# and how many proxies append to it. axes 8 ignores its AXES_IPWARE_* settings unless
# django-ipware is installed, so summit.client_ip reads these two instead.
SUMMIT_IP_HEADERS = env_list("AXES_IP_HEADERS", "REMOTE_ADDR")
SUMMIT_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "summit.client_ip.client_ip"

# --- Internationalisation -----------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
# The language switch stores the choice in a cookie (not the session, so anonymous visitors
# create no session row); a year keeps it across WeChat browser restarts.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"

# Recorded data in English (awards/translation.py): django-modeltranslation adds an optional
# `<field>_en` column beside each Chinese original, which stays the column everything reads and
# writes. Only English gets a column: the original is the Chinese one.
MODELTRANSLATION_LANGUAGES = ("en",)
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_BUILD_LOCALIZED_VERBOSE_NAME = lambda name, lang: format_lazy(  # noqa: E731
    "{}{}", name, _("(英文)")
)

# --- Static files -------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# --- Uploaded files (logo, favicon, later images) -------------------------------
# One machine: files under MEDIA_ROOT, served at MEDIA_URL by the app itself (summit/urls.py).
# Several instances: an S3-compatible bucket (django-storages) shared by all of them, set by
# MEDIA_S3_BUCKET and the variables below (README, "Uploaded files").
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            # Public pages are cached and shared: their image URLs must not expire.
            "querystring_auth": False,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
            # Never overwrite: a new upload gets a new name, so cached pages stay right.
            "file_overwrite": False,
            "default_acl": os.environ.get("MEDIA_S3_ACL") or None,
        },
    }
    # Where browsers fetch the images from (for the Content-Security-Policy).
    MEDIA_ORIGIN = os.environ.get("MEDIA_S3_PUBLIC_ORIGIN") or (
        f"https://{STORAGES['default']['OPTIONS']['custom_domain']}"
        if STORAGES["default"]["OPTIONS"]["custom_domain"]
        else (os.environ.get("MEDIA_S3_ENDPOINT_URL") or "https://*.amazonaws.com")
    )
else:
    MEDIA_ORIGIN = ""
# Hashed names (site.3f2a….css, what {% static %} emits) are served "immutable" for ten years
# by WhiteNoise whatever this says; this is for unhashed names, which can change in place.
WHITENOISE_MAX_AGE = 86400 if not DEBUG else 0

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

# --- Security -----------------------------------------------------------------

SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# The language choice is no secret, but over plain HTTP a network attacker could set it.
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# Load balancers probe /healthz over plain HTTP inside the private network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env_bool("DJANGO_BEHIND_PROXY", False):
    # The TLS-terminating proxy tells us the original scheme; only trust it when set.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        # Uploaded images come from the bucket's public origin when media live on S3.
        "img-src": ["'self'", "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- Share images -------------------------------------------------------------
# A font with Chinese glyphs for og:image cards; empty = ask fontconfig (fonts-noto-cjk).
SHARE_IMAGE_FONT = os.environ.get("SHARE_IMAGE_FONT", "")

# --- Uploads and spreadsheets -------------------------------------------------

IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_MB", 5) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = max(IMPORT_MAX_UPLOAD_BYTES + 1024 * 1024, 2621440)
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
# Limits checked before a spreadsheet is parsed (zip bombs declare huge uncompressed sizes).
IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("IMPORT_MAX_UNCOMPRESSED_MB", 100) * 1024 * 1024
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
# Preview and confirm may hit different app servers: keep the upload in the shared database.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "awards.importing.storage.DatabaseStorage"
# Every import-export write runs in one transaction: an error leaves nothing behind.
IMPORT_EXPORT_USE_TRANSACTIONS = True
# The formats (GBK-tolerant CSV, guarded XLSX) are declared on the admin classes
# (awards.importing.admin.SpreadsheetAdminMixin.formats): settings import no app code.

# --- Certificates -------------------------------------------------------------

# The address printed in certificates' QR codes (https://awards.example.org). The admin falls
# back to the address it is reached at; `export_certificates` needs it or --base-url.
PUBLIC_BASE_URL = (env_origins("PUBLIC_BASE_URL") or [""])[0].rstrip("/")
# The CJK font certificates are set in; a download refuses (and says why) when it is missing.
CERTIFICATE_FONT = os.environ.get("CERTIFICATE_FONT", "Noto Serif CJK SC")
# Largest batch the admin renders in one request; beyond it the page points to the command
# (measured in docs/performance.md so that a batch stays well inside GUNICORN_TIMEOUT).
CERTIFICATE_WEB_LIMIT = env_int("CERTIFICATE_WEB_LIMIT", 100)

# --- Logging ------------------------------------------------------------------
# One line per event: information on stdout, warnings and errors on stderr, which the process
# manager or container runtime collects. Each request is one "summit.request" line
# (summit/middleware.py); gunicorn's access log stays off (summit/gunicorn.py) so that nothing
# is logged twice. A 500 with DEBUG off is one "django.request" ERROR record carrying its
# traceback (and its request line beside it): Django's own mail handler is not configured.

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {
        "below_warning": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: record.levelno < logging.WARNING,
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "line",
            "filters": ["below_warning"],
        },
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "line",
            "level": "WARNING",
        },
    },
    "root": {"handlers": ["stdout", "stderr"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's default console and mail handlers would print a 500 a second time (under
        # DEBUG) or try to mail it: the root handlers above are the only ones.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.db.backends": {"level": "WARNING"},
        # The request line already carries 4xx statuses; 500s keep their traceback (ERROR).
        "django.request": {"level": "ERROR"},
        # runserver's own per-request line would duplicate ours.
        "django.server": {"level": "WARNING"},
        # django-axes announces its configuration at every start; keep start-up quiet.
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step of every certificate at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
