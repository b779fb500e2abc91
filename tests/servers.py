"""Where the test servers are, and what a test does when one cannot be reached.

Locally a missing server skips its tests with a loud reason; with ``CI=true`` it fails them.
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from urllib.parse import urlsplit

import pytest

AMQP_URL = os.environ.get("JOBMATCH_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
POSTGRES_URL = os.environ.get("JOBMATCH_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def in_ci() -> bool:
    """True when running under CI (``CI=true``)."""
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unreachable(url: str, what: str) -> str | None:
    """Why ``url``'s host:port does not accept a TCP connection, or None when it does."""
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except OSError as exc:
        return f"{what} is not reachable at {host}:{port} ({exc})"


def require_server(url: str, what: str) -> None:
    """Skip (locally) or fail (in CI) the calling test unless ``url``'s host:port accepts TCP."""
    reason = unreachable(url, what)
    if reason is not None:
        message = f"{reason}; start it or set the test URL"
        if in_ci():
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(f"SKIPPED LOUDLY: {message}")


def unique_name(prefix: str) -> str:
    """A name no other test run uses."""
    return f"{prefix}{uuid.uuid4().hex[:10]}"


def free_port() -> int:
    """A TCP port on 127.0.0.1 nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def log_lines_until(process, wanted: str, timeout: float = 90) -> list[str]:
    """The lines ``process`` writes to its stderr (a text pipe) up to the first holding ``wanted``, or
    all it wrote when it ends or ``timeout`` seconds pass first."""
    lines: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        lines.append(line)
        if wanted in line:
            break
    return lines


#: Parameters of a fixture that runs its tests on SQLite and on PostgreSQL (see ``engine_for``).
BOTH_DATABASES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


def engine_for(request, tmp_path, name: str):
    """An engine on a fresh SQLite file (``tmp_path/name.sqlite3``) or on a fresh PostgreSQL database
    (dropped after the test), as ``request.param`` says; the caller disposes of it."""
    from shared.config import database_url
    from shared.db.engine import make_engine

    if request.param == "sqlite":
        return make_engine(f"sqlite:///{tmp_path / name}.sqlite3")
    return make_engine(database_url("test", {"TEST_DATABASE_URL": request.getfixturevalue("postgres_url")}))
