"""Start, watch and stop the services as separate local processes.

Used by ``make up``, ``make demo`` and the end-to-end tests. Each service runs as
``python -m <service>`` with the caller's environment plus any overrides; a stack stops them all
with SIGTERM and waits, killing only what has not exited after the grace period.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

SERVICES = ("intake", "matcher", "notifier")
# ``make up`` also runs the fair day's service and the pages (which hold nothing and call the others).
WITH_PAGES = SERVICES + ("fairday", "portal")
DEFAULT_PORTS = {"intake": 8000, "matcher": 8001, "notifier": 8002, "portal": 8003, "fairday": 8004}


def request_json(
    method: str, url: str, body: dict | None = None, timeout: float = 10.0, token: str | None = None
) -> tuple[int, dict]:
    """Send a JSON request (with ``Authorization: Bearer token`` when given); return (status, decoded body).

    Network errors raise OSError.
    """
    data = json.dumps(body).encode() if body is not None else None
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        payload = exc.read()
        try:
            return exc.code, json.loads(payload or b"{}")
        except json.JSONDecodeError:
            return exc.code, {"raw": payload.decode(errors="replace")}


def request_form(
    url: str, fields: dict, file: tuple[str, bytes, str], timeout: float = 30.0, token: str | None = None
) -> tuple[int, dict]:
    """POST ``fields`` and ``file`` (name, bytes, content type) as multipart/form-data; return (status, body)."""
    boundary = f"jobmatch-{uuid.uuid4().hex}"
    parts = []
    for name, value in fields.items():
        values = value if isinstance(value, list) else [value]
        for item in values:
            text = str(item).lower() if isinstance(item, bool) else str(item)
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{text}\r\n'.encode())
    filename, data, content_type = file
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f"Content-Type: {content_type}\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    headers = {"Content-Type": f"multipart/form-data; boundary={boundary}"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    req = urllib.request.Request(url, data=b"".join(parts), method="POST", headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


def service_url(service: str, env=os.environ) -> str:
    """Base URL of ``service`` from its ``<SERVICE>_PORT`` (default 8000/8001/8002)."""
    port = env.get(f"{service.upper()}_PORT") or DEFAULT_PORTS[service]
    return f"http://127.0.0.1:{port}"


def is_up(url: str, path: str = "/healthz") -> bool:
    """True if ``url`` answers ``path`` with 200."""
    try:
        return request_json("GET", url + path, timeout=1)[0] == 200
    except OSError:
        return False


@dataclass
class LocalStack:
    """The three services as child processes sharing one environment."""

    env: dict
    log_dir: Path
    processes: dict = field(default_factory=dict)

    def url(self, service: str) -> str:
        """Base URL of one service of this stack."""
        return service_url(service, self.env)

    def start(self, service: str) -> None:
        """Start one service (its output goes to ``<log_dir>/<service>.log``, owner-only)."""
        self.log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        log = open(os.open(self.log_dir / f"{service}.log", os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "ab")
        self.processes[service] = subprocess.Popen(
            [sys.executable, "-m", service], env=self.env, stdout=log, stderr=subprocess.STDOUT
        )
        log.close()

    def wait_ready(self, services=SERVICES, timeout: float = 60.0) -> None:
        """Wait until each service's /readyz says ready; raise RuntimeError naming the laggards."""
        deadline = time.monotonic() + timeout
        waiting = list(services)
        while waiting and time.monotonic() < deadline:
            for service in list(waiting):
                proc = self.processes.get(service)
                if proc is not None and proc.poll() is not None:
                    raise RuntimeError(f"{service} exited with {proc.returncode}; see {self.log_dir}/{service}.log")
                if is_up(self.url(service), "/readyz"):
                    waiting.remove(service)
            time.sleep(0.1)
        if waiting:
            raise RuntimeError(f"not ready after {timeout}s: {', '.join(waiting)}; logs in {self.log_dir}")

    def stop(self, service: str, grace: float = 10.0, sig=signal.SIGTERM) -> int | None:
        """Signal one service and wait for it; kill it after ``grace`` seconds. Return its exit code."""
        proc = self.processes.get(service)
        if proc is None:
            return None
        if proc.poll() is None:
            proc.send_signal(sig)
        return self._reap(service, grace)

    def _reap(self, service: str, grace: float) -> int:
        proc = self.processes.pop(service)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        return proc.returncode

    def stop_all(self, grace: float = 10.0) -> dict:
        """Send SIGTERM to every service at once, then wait for each; return their exit codes."""
        for proc in self.processes.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        return {service: self._reap(service, grace) for service in list(self.processes)}

    def exited(self) -> list[str]:
        """Services whose process has ended."""
        return [s for s, p in self.processes.items() if p.poll() is not None]


def shared_compiled_loops() -> dict:
    """``NUMBA_CACHE_DIR`` for a stack with a var directory of its own (a benchmark's, a chaos scenario's):
    the matcher's compiled ranking loops kept where this process keeps them (``compiled.cache_dir``), so
    each stack's matcher reads them back instead of compiling them again; {} where there is no such place."""
    from matcher.ranking.compiled import cache_dir

    directory = cache_dir()
    return {} if directory is None else {"NUMBA_CACHE_DIR": str(directory)}


def stack_from_env(overrides: dict | None = None) -> LocalStack:
    """A stack with the current environment plus ``overrides``, logging under its var dir."""
    env = dict(os.environ)
    env.update(overrides or {})
    var = Path(env.get("JOBMATCH_VAR_DIR") or "var").resolve()
    env["JOBMATCH_VAR_DIR"] = str(var)
    return LocalStack(env=env, log_dir=var / "logs")
