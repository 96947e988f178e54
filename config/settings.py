"""Settings: one module, safe defaults, overridden by ARCHIVE_* environment variables.

All runtime state (database, search index, uploads) lives under ARCHIVE_DATA_DIR, which
defaults to var/ in the project.
"""

import os
import secrets
from pathlib import Path

from config.database import database_from_url, sqlite_database

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", BASE_DIR / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).lower() in ("1", "true", "yes", "on")


def _secret_key() -> str:
    """From the environment, or made once and kept beside the data, so nothing is hand-edited."""
    if key := os.environ.get("ARCHIVE_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


# Production (ARCHIVE_PRODUCTION=1): served over HTTPS behind a proxy, `check --deploy` clean.
# It needs a real secret key and the hosts it answers on from the environment, and refuses to
# start without them rather than fall back on the defaults meant for 127.0.0.1.
PRODUCTION = env_bool("ARCHIVE_PRODUCTION", False)
if PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    for _required in ("ARCHIVE_SECRET_KEY", "ARCHIVE_ALLOWED_HOSTS"):
        if not os.environ.get(_required, "").strip():
            raise ImproperlyConfigured(f"ARCHIVE_PRODUCTION=1 needs {_required} set")
    if len(os.environ["ARCHIVE_SECRET_KEY"]) < 50 or len(set(os.environ["ARCHIVE_SECRET_KEY"])) < 5:
        raise ImproperlyConfigured("ARCHIVE_SECRET_KEY must be a random string of 50 characters or more")

SECRET_KEY = _secret_key()
DEBUG = False if PRODUCTION else env_bool("ARCHIVE_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("ARCHIVE_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("ARCHIVE_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "archive",
    # Before haystack: search's build_index, update_index, rebuild_index and clear_index are
    # the ones manage.py runs (the first app with a command of that name wins).
    "search",
    "haystack",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "archive.middleware.PrintableHtmlMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
            ],
        },
    },
]

# Seconds a writer waits for another to finish before it gives up with a message to retry.
ARCHIVE_DATABASE_TIMEOUT = int(os.environ.get("ARCHIVE_DATABASE_TIMEOUT", 20))
if os.environ.get("ARCHIVE_DATABASE_URL"):  # sqlite:// or postgres:// (config/database.py)
    DATABASES = {"default": database_from_url(os.environ["ARCHIVE_DATABASE_URL"], timeout=ARCHIVE_DATABASE_TIMEOUT)}
else:
    _sqlite_path = os.environ.get("ARCHIVE_DATABASE_PATH", DATA_DIR / "archive.sqlite3")
    DATABASES = {"default": sqlite_database(_sqlite_path, timeout=ARCHIVE_DATABASE_TIMEOUT)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "uploads"
MEDIA_URL = "/uploads/"

HAYSTACK_CONNECTIONS = {
    "default": {
        "ENGINE": "search.engine.backend.ChineseWhooshEngine",
        "PATH": str(Path(os.environ.get("ARCHIVE_INDEX_DIR", DATA_DIR / "whoosh"))),
    }
}
if PRODUCTION:
    # The proxy terminates TLS and says so in X-Forwarded-Proto (it must set it, overwriting
    # what a client sent); plain HTTP is redirected, cookies travel over HTTPS only, and
    # browsers are told to use HTTPS for a year (ARCHIVE_HSTS_SECONDS).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("ARCHIVE_HSTS_SECONDS", 365 * 24 * 3600))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("ARCHIVE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("ARCHIVE_HSTS_PRELOAD", True)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
    X_FRAME_OPTIONS = "DENY"

# One indexed model, so the per-query model-type filter only costs time.
HAYSTACK_LIMIT_TO_REGISTERED_MODELS = False
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.OnCommitSignalProcessor"

# Pages without a printed masthead are filed under this paper unless --publication says otherwise.
ARCHIVE_DEFAULT_PUBLICATION = os.environ.get("ARCHIVE_DEFAULT_PUBLICATION", "焦作日报")
# A page of OCR text is 15–25 KB; ten times the largest seen. An upload is parsed in the request:
# at about 8 µs a character (bench/parse_bench.py), 256 KB holds a worker about 2 s.
ARCHIVE_MAX_PAGE_BYTES = int(os.environ.get("ARCHIVE_MAX_PAGE_BYTES", 256 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_PAGE_BYTES * 10
FILE_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_PAGE_BYTES

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("ARCHIVE_LOG_LEVEL", "WARNING")},
}
# Where the archive is published: permalinks in exports and feeds are built on it. Unset, a web
# download uses the host it was asked on, and the command line http://127.0.0.1:8000
# (archive.exporting.site_url); `make serve` sets it to the port it serves on.
ARCHIVE_SITE_URL = os.environ.get("ARCHIVE_SITE_URL", "")
