"""The operator's credential, from the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

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
