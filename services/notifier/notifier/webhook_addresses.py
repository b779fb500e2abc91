"""Where a webhook may point: an https URL without credentials whose host has only public addresses.

``url_refusal`` says why a URL may not be used (None when it may), at registration and again
before every send: a host's addresses can change after it was registered. ``public_only_session``
makes the requests session deliveries go through: it connects only to an address it has just
checked, so a name that resolves to a public address for the check and to a private one for the
connection (DNS rebinding) still cannot reach the private one. It ignores proxy variables and
.netrc, and follows no redirect.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from notifier.webhook_settings import WebhookSettings
from notifier.webhook_tables import URL_MAX_LENGTH


class NonPublicAddress(OSError):
    """A webhook's host resolved to an address deliveries may not reach."""


def url_refusal(url: str, settings: WebhookSettings, resolve=socket.getaddrinfo) -> str | None:
    """Why ``url`` may not receive webhooks under ``settings``, or None when it may."""
    if len(url) > URL_MAX_LENGTH:
        return f"The URL is longer than {URL_MAX_LENGTH} characters."
    if any(c.isspace() or ord(c) < 32 for c in url):
        return "The URL must not contain spaces or control characters."
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return "The URL cannot be parsed."
    schemes = ("https", "http") if settings.allow_http else ("https",)
    if parts.scheme.lower() not in schemes:
        return "The URL must start with https://." if not settings.allow_http else "The URL must be http:// or https://."
    if parts.username is not None or parts.password is not None:
        return "The URL must not contain a user name or password."
    if not parts.hostname:
        return "The URL has no host."
    if settings.allow_private:
        return None
    port = port or (443 if parts.scheme.lower() == "https" else 80)
    try:
        public_addresses(parts.hostname, port, resolve)
    except NonPublicAddress as exc:
        return str(exc)
    return None


def public_addresses(host: str, port: int, resolve=socket.getaddrinfo) -> list[str]:
    """The addresses ``host`` resolves to; NonPublicAddress when it resolves to none or to any non-public one."""
    try:
        infos = resolve(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise NonPublicAddress(f"The host {host!r} does not resolve.") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise NonPublicAddress(f"The host {host!r} does not resolve.")
    for address in addresses:
        if not is_public_address(address):
            raise NonPublicAddress(f"The host {host!r} resolves to a non-public address ({address}).")
    return addresses


def is_public_address(address: str) -> bool:
    """False for loopback, private, link-local, multicast, reserved, unspecified and shared addresses."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6 and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    refused = ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast or ip.is_reserved or ip.is_unspecified
    return ip.is_global and not refused


class _PublicOnly:
    """A urllib3 connection that connects only to a public address of its host, checked just now."""

    def _new_conn(self):
        host = self._dns_host
        self._dns_host = public_addresses(host, self.port)[0]
        try:
            return super()._new_conn()
        finally:
            self._dns_host = host


class _PublicOnlyHTTPConnection(_PublicOnly, HTTPConnection):
    pass


class _PublicOnlyHTTPSConnection(_PublicOnly, HTTPSConnection):
    pass


class _PublicOnlyHTTPPool(HTTPConnectionPool):
    ConnectionCls = _PublicOnlyHTTPConnection


class _PublicOnlyHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _PublicOnlyHTTPSConnection


class _PublicOnlyAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs):
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = {"http": _PublicOnlyHTTPPool, "https": _PublicOnlyHTTPSPool}


def public_only_session(settings: WebhookSettings) -> requests.Session:
    """A session for deliveries: no proxies from the environment, no redirects, public addresses unless allowed."""
    session = requests.Session()
    session.trust_env = False
    session.max_redirects = 0
    if not settings.allow_private:
        session.mount("http://", _PublicOnlyAdapter())
        session.mount("https://", _PublicOnlyAdapter())
    return session
