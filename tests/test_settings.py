"""Production refuses to start on missing values instead of falling back silently."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def load_settings(**env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS"}}
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import config.settings as s; "
            "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'])",
        ],
        env={**clean, **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
    )


def test_production_without_a_secret_key_stops_with_a_clear_message():
    result = load_settings(DEBUG="false", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_production_without_allowed_hosts_stops_with_a_clear_message():
    result = load_settings(DEBUG="false", SECRET_KEY="x" * 50)

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set when DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DATABASE_URL": "", "REDIS_URL": ""}, "sqlite3 channels.layers.InMemoryChannelLayer"),
        (
            {
                "DATABASE_URL": "postgres://u@127.0.0.1:5432/db",
                "REDIS_URL": "redis://127.0.0.1:6379/0",
            },
            "postgresql core.channel_layer.ResilientRedisChannelLayer",
        ),
    ],
)
def test_the_environment_chooses_the_database_and_channel_layer(env, expected):
    result = load_settings(DEBUG="true", **env)

    assert result.returncode == 0, result.stderr
    engine, layer = result.stdout.split()
    assert f"{engine.rsplit('.', 1)[-1]} {layer}" == expected
