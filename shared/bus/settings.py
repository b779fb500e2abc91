"""Bus settings from the environment: which broker, and how to reach it.

``JOBMATCH_BROKER_URL`` unset (or ``filesystem://``) means kombu's filesystem transport under
``var/bus/``, which works across processes on one machine. ``amqp://`` / ``amqps://`` mean
RabbitMQ, with publisher confirms and heartbeats switched on. ``amqps://`` is TLS with the
broker's certificate verified (chain and host name) against the system's CAs or the ones in
``JOBMATCH_BROKER_CA_FILE``. The URL may come from ``JOBMATCH_BROKER_URL_FILE`` (``env_secret``).
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass, field
from pathlib import Path

from kombu import Connection

from shared.bus.filesystem_transport import Transport as FilesystemTransport
from shared.config import ConfigError, env_int, env_secret, var_dir
from shared.secrets import redact_secrets, redact_url

DEFAULT_URL = "filesystem://"


@dataclass(frozen=True)
class BusSettings:
    """How to connect to the bus and how to name things on it; its repr masks the URL's password."""

    url: str
    transport_options: dict = field(default_factory=dict)
    prefix: str = ""
    delivery_limit: int = 5
    heartbeat: int = 20
    # kombu's ``ssl`` option: None for a plain connection, a dict for amqps:// (see ``tls_options``).
    tls: dict | None = None

    def __repr__(self) -> str:
        return (
            f"BusSettings(url={redact_url(self.url)!r}, prefix={self.prefix!r}, "
            f"delivery_limit={self.delivery_limit}, heartbeat={self.heartbeat})"
        )

    @property
    def shown_url(self) -> str:
        """The broker URL with its password masked, for logs and command output."""
        return redact_url(self.url)

    @property
    def is_amqp(self) -> bool:
        """True for RabbitMQ (``amqp://`` or ``amqps://``)."""
        return self.url.startswith(("amqp://", "amqps://", "pyamqp://"))

    @classmethod
    def from_env(cls, environ=os.environ) -> "BusSettings":
        """Read ``JOBMATCH_BROKER_URL`` (or ``_FILE``), ``JOBMATCH_BROKER_CA_FILE``, ``JOBMATCH_BUS_PREFIX``
        and ``JOBMATCH_DELIVERY_LIMIT``.

        Raises ConfigError for a URL scheme other than filesystem, memory or amqp(s), and for a
        CA file that does not exist; the message shows the URL with its password masked.
        """
        url = env_secret("JOBMATCH_BROKER_URL", environ) or DEFAULT_URL
        prefix = environ.get("JOBMATCH_BUS_PREFIX", "")
        limit = env_int("JOBMATCH_DELIVERY_LIMIT", 5, environ)
        if url.startswith("filesystem://"):
            options = _filesystem_options(var_dir(environ) / "bus")
        elif url.startswith(("amqp://", "amqps://", "pyamqp://")):
            options = {"confirm_publish": True}
        elif url.startswith("memory://"):
            options = {"polling_interval": 0.05}
        else:
            raise ConfigError(
                f"JOBMATCH_BROKER_URL must be filesystem://, amqp:// or amqps://, got {redact_url(url)!r}"
            )
        tls = tls_options(environ.get("JOBMATCH_BROKER_CA_FILE") or None) if url.startswith("amqps://") else None
        return cls(url=url, transport_options=options, prefix=prefix, delivery_limit=limit, tls=tls)

    def connect(self) -> Connection:
        """Return a new (lazy) kombu connection; the caller owns and closes it.

        ``filesystem://`` uses the transport in ``shared.bus.filesystem_transport``, whose
        message files never show up half-written.
        """
        return Connection(
            self.url,
            transport=FilesystemTransport if self.url.startswith("filesystem://") else None,
            transport_options=dict(self.transport_options),
            heartbeat=self.heartbeat if self.is_amqp else 0,
            connect_timeout=5,
            ssl=dict(self.tls) if self.tls else False,
        )

    def check_reachable(self, timeout: float = 2.0) -> None:
        """Raise ConnectionError saying why when the broker cannot be reached within ``timeout``.

        The message never contains the URL's password, and the driver's exception is not
        chained (its text is repeated, masked).
        """
        if self.url.startswith("filesystem://"):
            for key in ("data_folder_in", "control_folder"):
                if not Path(self.transport_options[key]).is_dir():
                    raise ConnectionError(f"bus folder {self.transport_options[key]} is missing")
            return
        conn = Connection(self.url, connect_timeout=timeout, transport_options={"max_retries": 0},
                          ssl=dict(self.tls) if self.tls else False)
        try:
            # One try, no back-off wait: a probe answers within ``timeout`` (2 s), not after retries.
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
        except Exception as exc:
            reason = redact_secrets(f"{type(exc).__name__}: {exc}", self.url)
            raise ConnectionError(f"broker {self.shown_url} is not reachable: {reason}") from None
        finally:
            conn.release()


def tls_options(ca_file: str | None) -> dict:
    """kombu's ``ssl`` option for amqps://: the certificate required and its host name checked.

    ``server_hostname`` None makes kombu use the URL's host, which switches host name checking
    on; ``ca_file`` None trusts the system's CAs. Raises ConfigError when ``ca_file`` is not a file.
    """
    options = {"cert_reqs": ssl.CERT_REQUIRED, "server_hostname": None}
    if ca_file is not None:
        if not Path(ca_file).is_file():
            raise ConfigError(f"JOBMATCH_BROKER_CA_FILE names {ca_file!r}, which is not a file")
        options["ca_certs"] = ca_file
    return options


def _filesystem_options(folder: Path) -> dict:
    messages = folder / "messages"
    control = folder / "control"
    for path in (messages, control):
        path.mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(messages),
        "data_folder_out": str(messages),
        "control_folder": str(control),
        "polling_interval": 0.1,
    }
