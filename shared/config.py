"""Configuration read from environment variables, with embedded defaults for a laptop.

Every service reads its settings once at start through these helpers. Defaults put all state
under the var directory (``JOBMATCH_VAR_DIR``, default ``./var``): a filesystem message bus and
one SQLite file per service. Setting ``JOBMATCH_BROKER_URL`` to ``amqp://...`` and
``<SERVICE>_DATABASE_URL`` to ``postgresql://...`` switches to the production parts.

A secret (a token, or a URL that may hold a password) is read with ``env_secret``, so it may
also come from a file named by ``<NAME>_FILE`` (a Docker or Kubernetes secret), never both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


class ConfigError(ValueError):
    """A setting has a value the service cannot use; the message names the variable."""


def var_dir(environ=os.environ) -> Path:
    """Return the directory for local state (``JOBMATCH_VAR_DIR``, default ``./var``), created.

    A directory it creates is owner-only (0700): it holds databases and messages with personal
    data. An existing directory keeps its mode (it may be shared, like /tmp). Raises OSError
    when the directory cannot be created.
    """
    path = Path(environ.get("JOBMATCH_VAR_DIR") or "var").resolve()
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def env_secret(name: str, environ=os.environ) -> str | None:
    """Return secret ``name`` from the variable itself or from the file ``<name>_FILE`` names.

    The file's content is taken with one trailing newline (``\\n`` or ``\\r\\n``) removed.
    Returns None when neither is set (or the value is empty). Raises ConfigError naming the
    variables when both are set, and naming the file (never its content) when it cannot be read.
    """
    value = environ.get(name) or None
    path = environ.get(f"{name}_FILE") or None
    if path is None:
        return value
    if value is not None:
        raise ConfigError(f"set {name} or {name}_FILE, not both")
    try:
        content = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{name}_FILE names {path!r}, which cannot be read ({type(exc).__name__})") from None
    return content.removesuffix("\n").removesuffix("\r") or None


def env_int(name: str, default: int, environ=os.environ) -> int:
    """Read an integer variable; raise ConfigError naming it when it is not an integer."""
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None


def env_float(name: str, default: float, environ=os.environ) -> float:
    """Read a float variable; raise ConfigError naming it when it is not a number."""
    raw = environ.get(name)
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {raw!r}") from None


def database_url(service: str, environ=os.environ) -> str:
    """Return ``<SERVICE>_DATABASE_URL``, or a SQLite file ``var/<service>.sqlite3`` by default.

    The variable may come from ``<SERVICE>_DATABASE_URL_FILE`` (see ``env_secret``).
    ``postgresql://`` URLs are rewritten to use the psycopg 3 driver; everything after the
    scheme (``?sslmode=verify-full&sslrootcert=...`` included) is passed on unchanged.
    """
    raw = env_secret(f"{service.upper()}_DATABASE_URL", environ)
    if not raw:
        return f"sqlite:///{var_dir(environ) / (service + '.sqlite3')}"
    if raw.startswith("postgresql://") or raw.startswith("postgres://"):
        return "postgresql+psycopg://" + raw.split("://", 1)[1]
    return raw


DEFAULT_ALLOWED_HOSTS = ("127.0.0.1", "localhost")
DEFAULT_MAX_BODY_BYTES = 1_000_000
DEFAULT_HTTP_THREADS = 8


@dataclass(frozen=True)
class HttpSettings:
    """Where a service's HTTP server listens, which Host names it answers, how big a body it reads, with how many threads."""

    host: str
    port: int
    allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    threads: int = DEFAULT_HTTP_THREADS

    @classmethod
    def from_env(cls, service: str, default_port: int, environ=os.environ) -> "HttpSettings":
        """Read ``<SERVICE>_HOST`` (default 127.0.0.1), ``<SERVICE>_PORT``, ``JOBMATCH_ALLOWED_HOSTS``
        (comma-separated; ``*`` allows any), ``JOBMATCH_MAX_BODY_BYTES`` and ``JOBMATCH_HTTP_THREADS``;
        ConfigError if malformed."""
        prefix = service.upper()
        raw_hosts = environ.get("JOBMATCH_ALLOWED_HOSTS")
        hosts = tuple(h.strip().lower() for h in raw_hosts.split(",") if h.strip()) if raw_hosts else DEFAULT_ALLOWED_HOSTS
        max_body = env_int("JOBMATCH_MAX_BODY_BYTES", DEFAULT_MAX_BODY_BYTES, environ)
        if max_body < 1:
            raise ConfigError(f"JOBMATCH_MAX_BODY_BYTES must be a positive number of bytes, got {max_body}")
        threads = env_int("JOBMATCH_HTTP_THREADS", DEFAULT_HTTP_THREADS, environ)
        if threads < 1:
            raise ConfigError(f"JOBMATCH_HTTP_THREADS must be at least 1, got {threads}")
        return cls(
            host=environ.get(f"{prefix}_HOST") or "127.0.0.1",
            port=env_int(f"{prefix}_PORT", default_port, environ),
            allowed_hosts=hosts or DEFAULT_ALLOWED_HOSTS,
            max_body_bytes=max_body,
            threads=threads,
        )
