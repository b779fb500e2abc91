"""Calls to intake, the matcher and the notifier, with the caller's own credential."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import requests

from shared.http.request_log import CORRELATION_HEADER
from shared.log_context import current_correlation_id


class UpstreamDown(RuntimeError):
    """A service the page needs did not answer."""


@dataclass(frozen=True)
class Answer:
    """A service's answer: status, JSON body (or {}), raw bytes and headers."""

    status: int
    body: dict
    content: bytes
    headers: dict

    @property
    def ok(self) -> bool:
        """True for a 2xx answer."""
        return 200 <= self.status < 300


class Upstream:
    """The other services' HTTP APIs; a pooled session per thread, a timeout on every call."""

    def __init__(self, urls: dict[str, str], timeout: float = 15.0):
        self.urls = urls
        self.timeout = timeout
        self._local = threading.local()

    @property
    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def call(self, service: str, method: str, path: str, *, token: str | None = None, client: str | None = None,
             json: dict | None = None, params: dict | None = None, data: dict | None = None,
             files: dict | None = None) -> Answer:
        """Send one request to ``service`` with the page's correlation id; UpstreamDown when it cannot be reached."""
        headers = {"Accept": "application/json"}
        if current_correlation_id():
            headers[CORRELATION_HEADER] = current_correlation_id()
        if token:
            headers["Authorization"] = f"Bearer {token}"
        if client:
            headers["X-Forwarded-For"] = client
        try:
            response = self._session.request(method, self.urls[service] + path, headers=headers, json=json,
                                             params=params, data=data, files=files, timeout=self.timeout)
        except requests.RequestException as exc:
            raise UpstreamDown(f"{service} did not answer ({type(exc).__name__})") from None
        body = {}
        if response.headers.get("Content-Type", "").split(";")[0].strip() in ("application/json", "application/problem+json"):
            try:
                body = response.json()
            except ValueError:
                body = {}
        return Answer(response.status_code, body if isinstance(body, dict) else {}, response.content, dict(response.headers))
