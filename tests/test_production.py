"""Production settings: ``check --deploy`` is silent, a weak or missing secret key and missing hosts are
refused, and every answer carries the security headers. Production runs in a subprocess, where
PARTYCELL_TESTING is unset."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

GOOD_KEY = "k3Y-for-the-production-settings-test-" + "abcdefghijklmnopqrstuvwxyz0123"
HOST = "partycell.example.vn"


NOT_IN_PRODUCTION = {
    "PARTYCELL_TESTING",
    "DJANGO_DEBUG",
    "DJANGO_SECURE_SSL_REDIRECT",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def production_env(tmp_path, **overrides: str | None) -> dict[str, str]:
    env = {
        key: value for key, value in os.environ.items() if key not in NOT_IN_PRODUCTION
    }
    env.update(
        DJANGO_SECRET_KEY=GOOD_KEY,
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{tmp_path / 'production.sqlite3'}",
    )
    for key, value in overrides.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path) -> None:
    done = manage(
        production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert done.returncode == 0, done.stderr
    assert "no issues" in done.stdout


def test_check_deploy_stays_silent_when_the_proxy_redirects_to_https(tmp_path) -> None:
    env = production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0")
    done = manage(env, "check", "--deploy", "--fail-level", "WARNING")
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_SECRET_KEY": ""}, "DJANGO_SECRET_KEY is required"),
        ({"DJANGO_SECRET_KEY": "short-key"}, "at least 50 characters"),
        ({"DJANGO_SECRET_KEY": "a" * 60}, "at least 5"),
        ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS is required"),
    ],
    ids=["missing-key", "empty-key", "short-key", "repetitive-key", "no-hosts"],
)
def test_production_refuses_to_start_without_a_strong_key_and_hosts(
    tmp_path, overrides: dict, message: str
) -> None:
    done = manage(production_env(tmp_path, **overrides), "check")
    assert done.returncode != 0
    assert message in done.stderr
    assert "ImproperlyConfigured" in done.stderr


PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client, override_settings
# Without collectstatic the manifest storage cannot name the static files; nothing else changes.
override_settings(
    STORAGES={**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}},
).enable()
response = Client().get("/accounts/login/", HTTP_HOST="THE_HOST", secure=True)
plain = Client().get("/accounts/login/", HTTP_HOST="THE_HOST")
cookie = response.cookies.get(settings.CSRF_COOKIE_NAME)
print(json.dumps({
    "status": response.status_code,
    "hsts": response.headers.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(cookie and cookie["secure"]),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "csrf_setting_secure": settings.CSRF_COOKIE_SECURE,
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
}))
""".replace("THE_HOST", HOST)


def test_production_sends_hsts_secure_cookies_and_redirects_http(tmp_path) -> None:
    env = production_env(tmp_path, DJANGO_SETTINGS_MODULE="config.settings")
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["status"] == 200
    assert "max-age=31536000" in answer["hsts"]
    assert "includeSubDomains" in answer["hsts"]
    assert answer["csrf_cookie_secure"] is True
    assert answer["session_cookie_secure"] is True
    assert answer["csrf_setting_secure"] is True
    assert answer["plain_status"] == 301
    assert answer["plain_location"].startswith(f"https://{HOST}/")


@pytest.mark.django_db
def test_every_page_carries_a_strict_content_security_policy_and_security_headers(
    client,
) -> None:
    response = client.get(reverse("login"))
    policy = response.headers["Content-Security-Policy"]
    directives = {
        part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()
    }
    assert directives["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert directives["default-src"] == ["'self'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_request_limits_leave_room_for_a_large_attendance_form() -> None:
    # 60 members, a mark and a note each, plus the version and the token.
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS >= 60 * 4 + 10
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 10_000
    assert 1024 * 1024 <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * 1024 * 1024


@pytest.mark.django_db
def test_a_post_with_too_many_fields_is_refused(client, settings) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    data = {f"field{n}": "x" for n in range(60)}
    response = client.post(reverse("login"), data)
    assert response.status_code == 400
