"""Portal settings from the environment."""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from dataclasses import dataclass, field

from shared.config import ConfigError, HttpSettings, env_int, env_secret
from shared.environment import Standin, is_production

SERVICE = "portal"
DEFAULT_PORT = 8003
UPSTREAM_PORTS = {"intake": 8000, "matcher": 8001, "notifier": 8002, "fairday": 8004}
DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024
_SESSION_CONTEXT = b"jobmatch portal sessions\x00"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PortalConfig:
    """Where the portal listens, where the other services answer, and the key that signs its cookies."""

    http: HttpSettings
    upstreams: dict[str, str]
    public_url: str
    secret_key: bytes = field(repr=False)
    max_file_bytes: int = DEFAULT_MAX_FILE_BYTES
    # False when the key is derived from JOBMATCH_ADMIN_TOKEN or random (sessions end at restart).
    secret_key_given: bool = True
    production: bool = False

    def standins(self) -> list[Standin]:
        """The embedded defaults this configuration runs on (production refuses them)."""
        if self.secret_key_given:
            return []
        return [Standin("PORTAL_SECRET_KEY", "a session key derived from JOBMATCH_ADMIN_TOKEN, or random",
                        "a random secret of 32+ characters, the same on every portal replica")]

    @property
    def secure_cookies(self) -> bool:
        """Cookies are marked Secure when the portal is reached over HTTPS."""
        return self.public_url.startswith("https://")

    @classmethod
    def from_env(cls, environ=os.environ) -> "PortalConfig":
        """Read PORTAL_HOST/PORT, PORTAL_<SERVICE>_URL, PORTAL_PUBLIC_URL, PORTAL_SECRET_KEY (or JOBMATCH_ADMIN_TOKEN), JOBMATCH_ENV."""
        http = HttpSettings.from_env(SERVICE, DEFAULT_PORT, environ)
        upstreams = {
            name: (environ.get(f"PORTAL_{name.upper()}_URL") or
                   f"http://127.0.0.1:{env_int(f'{name.upper()}_PORT', port, environ)}").rstrip("/")
            for name, port in UPSTREAM_PORTS.items()
        }
        public_url = (environ.get("PORTAL_PUBLIC_URL") or f"http://127.0.0.1:{http.port}").rstrip("/")
        if not public_url.startswith(("http://", "https://")):
            raise ConfigError("PORTAL_PUBLIC_URL must start with http:// or https://")
        return cls(http, upstreams, public_url, session_key(environ),
                   env_int("INTAKE_MAX_FILE_BYTES", DEFAULT_MAX_FILE_BYTES, environ),
                   secret_key_given=env_secret("PORTAL_SECRET_KEY", environ) is not None,
                   production=is_production(environ))


def session_key(environ=os.environ) -> bytes:
    """PORTAL_SECRET_KEY (32+ characters, or _FILE); else one derived from JOBMATCH_ADMIN_TOKEN; else random (sessions end at restart)."""
    explicit = env_secret("PORTAL_SECRET_KEY", environ)
    if explicit:
        if len(explicit) < 32:
            raise ConfigError("PORTAL_SECRET_KEY must be at least 32 characters")
        return explicit.encode("utf-8")
    admin = env_secret("JOBMATCH_ADMIN_TOKEN", environ)
    if admin:
        return hashlib.sha256(_SESSION_CONTEXT + admin.encode("utf-8")).digest()
    log.warning("PORTAL_SECRET_KEY and JOBMATCH_ADMIN_TOKEN are unset: sign-ins last until the portal restarts")
    return secrets.token_bytes(32)
