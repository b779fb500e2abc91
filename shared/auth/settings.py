"""The operator's credential, from the environment."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

MIN_ADMIN_TOKEN_LENGTH = 16


@dataclass(frozen=True)
class AuthSettings:
    """``admin_token``: the operator's bearer token (None: operator calls are refused)."""

    admin_token: str | None = field(default=None, repr=False)

    @classmethod
    def from_env(cls, environ=os.environ) -> "AuthSettings":
        """Read ``JOBMATCH_ADMIN_TOKEN`` (or ``_FILE``); ConfigError when it is set but shorter than 16 characters."""
        from shared.config import ConfigError, env_secret

        token = env_secret("JOBMATCH_ADMIN_TOKEN", environ)
        if token is not None and len(token) < MIN_ADMIN_TOKEN_LENGTH:
            raise ConfigError(f"JOBMATCH_ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN_LENGTH} characters")
        return cls(admin_token=token)

    def warn_if_unset(self, service: str) -> None:
        """Say loudly at start that operator calls will be refused when no admin token is set."""
        if self.admin_token is None:
            log.warning(
                "JOBMATCH_ADMIN_TOKEN is not set: %s refuses every operator call (401). "
                "Set it to a long random secret to create fairs and employers and read everything.",
                service,
            )
