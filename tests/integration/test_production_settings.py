"""Production mode (ARCHIVE_PRODUCTION=1): `manage.py check --deploy` is clean, it refuses to start
without a real secret key and its hosts, and the default (make serve on 127.0.0.1) is unchanged."""

import os
import secrets
import subprocess
import sys

from tests.server import ROOT


def run(tmp_path, *args, **overrides) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARCHIVE_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update(ARCHIVE_DATA_DIR=str(tmp_path / "data"), DJANGO_SETTINGS_MODULE="config.settings", **overrides)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def production(**extra) -> dict:
    return {"ARCHIVE_PRODUCTION": "1", "ARCHIVE_SECRET_KEY": secrets.token_urlsafe(60),
            "ARCHIVE_ALLOWED_HOSTS": "archive.example.org", **extra}


def test_check_deploy_is_clean_in_production(tmp_path):
    done = run(tmp_path, "check", "--deploy", "--fail-level", "WARNING", **production())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout
    assert "WARNING" not in done.stderr and "security." not in done.stdout + done.stderr


def test_production_settings_are_the_secure_ones(tmp_path):
    shown = run(tmp_path, "shell", "-c", (
        "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS >= 31536000, s.ALLOWED_HOSTS)"
    ), **production(ARCHIVE_DEBUG="1"))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1] == (
        "False True True True ('HTTP_X_FORWARDED_PROTO', 'https') True ['archive.example.org']"
    )


def test_production_refuses_without_a_real_secret_key_or_hosts(tmp_path):
    for missing in ("ARCHIVE_SECRET_KEY", "ARCHIVE_ALLOWED_HOSTS"):
        env = production()
        del env[missing]
        done = run(tmp_path, "check", **env)
        assert done.returncode != 0 and f"ARCHIVE_PRODUCTION=1 needs {missing} set" in done.stderr
    done = run(tmp_path, "check", **production(ARCHIVE_SECRET_KEY="changeme"))
    assert done.returncode != 0 and "ARCHIVE_SECRET_KEY must be a random string" in done.stderr


def test_the_default_is_unchanged_local_http(tmp_path):
    """make serve's settings: no redirect to HTTPS, cookies over plain HTTP, a generated key."""
    shown = run(tmp_path, "shell", "-c", (
        "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, "
        "s.CSRF_COOKIE_SECURE, s.SECURE_PROXY_SSL_HEADER, s.SECURE_HSTS_SECONDS, s.ALLOWED_HOSTS[:2])"
    ))
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip().splitlines()[-1] == "False False False False None 0 ['127.0.0.1', 'localhost']"
    assert (tmp_path / "data" / "secret_key").exists()
