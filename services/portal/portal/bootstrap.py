"""The portal's composition root: settings, the other services' APIs, the app."""

from __future__ import annotations

from dataclasses import dataclass, field

from prometheus_client import CollectorRegistry

from portal.app import create_app
from portal.config import SERVICE, PortalConfig
from portal.upstream import Upstream
from shared.environment import check_start
from shared.logs import configure_logging
from shared.runtime import run_service


@dataclass
class PortalService:
    """The wired portal."""

    config: PortalConfig
    upstream: Upstream
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)


def build(config: PortalConfig) -> PortalService:
    """Wire the portal from ``config``."""
    return PortalService(config, Upstream(config.upstreams))


def main() -> int:
    """Run the portal until SIGTERM/SIGINT."""
    configure_logging(SERVICE)
    config = PortalConfig.from_env()
    check_start(SERVICE, config.standins(), config.production)
    service = build(config)
    return run_service(SERVICE, create_app(service), service.config.http, [],
                       largest_route_body=service.config.max_file_bytes + 512 * 1024)
