"""Production values pass `check --deploy`; the local-only cookie overrides and the proxy count
come from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "test-only-" + "k" * 60,
    "ALLOWED_HOSTS": "commonground.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://commonground.example.org",
    "SITE_URL": "https://commonground.example.org",
}
OVERRIDDEN = {"SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "TRUSTED_PROXY_COUNT"}


def _run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if k not in OVERRIDDEN | PRODUCTION.keys()}
    return subprocess.run(
        [sys.executable, *args],
        env={**base, "DATABASE_URL": "", "REDIS_URL": "", **PRODUCTION, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def _setting(name: str, **env: str) -> str:
    result = _run(["-c", f"import config.settings as s; print(s.{name})"], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_settings_pass_the_deployment_checks():
    result = _run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"])

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"])
def test_cookies_are_secure_in_production_unless_overridden_for_plain_http_locally(name):
    assert _setting(name) == "True"
    assert _setting(name, **{name: "false"}) == "False"
    assert _setting(name, DEBUG="true") == "False"


def test_the_number_of_trusted_proxies_comes_from_the_environment():
    assert _setting("ALLAUTH_TRUSTED_PROXY_COUNT") == "0"
    assert _setting("ALLAUTH_TRUSTED_PROXY_COUNT", TRUSTED_PROXY_COUNT="2") == "2"
