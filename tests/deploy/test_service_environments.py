"""Each service starts from an environment built the way its image builds it.

Like the builder stage of ``deploy/docker/<service>.Dockerfile``: a copy of only
``pyproject.toml``, ``constraints.txt``, ``shared/`` and ``services/<service>/<service>``, a
clean virtualenv, ``pip install -c constraints.txt '<copy>[<service>]'`` (not editable; pip's
cache is used). Then ``python -m <service>`` runs from outside the source tree on the embedded
defaults and must answer ``/healthz``. This catches a package the copy lacks, a data file
missing from the package data and an import the service's extra does not install.
The environments are built in parallel (a few minutes on a cold pip cache).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.waiting import wait_for

REPO = Path(__file__).resolve().parents[2]
SERVICES = ("intake", "matcher", "notifier", "portal", "fairday")
INSTALL_TIMEOUT = 600
START_TIMEOUT = 90


def _image_context(service: str, dest: Path) -> Path:
    """Copy what the service's Dockerfile copies into ``dest``."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    dest.mkdir(parents=True)
    for name in ("pyproject.toml", "constraints.txt"):
        shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "shared", dest / "shared", ignore=ignore)
    shutil.copytree(REPO / "services" / service / service, dest / "services" / service / service, ignore=ignore)
    return dest


def _build(service: str, root: Path) -> tuple[str, Path, float, str]:
    started = time.monotonic()
    context = _image_context(service, root / "context")
    venv = root / "venv"
    log = []
    for command in (
        [sys.executable, "-m", "venv", str(venv)],
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "-c", str(context / "constraints.txt"), f"{context}[{service}]"],
    ):
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT, cwd=root)
        log.append(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}")
        if done.returncode != 0:
            return service, venv, time.monotonic() - started, "\n".join(log)
    return service, venv, time.monotonic() - started, ""


@pytest.fixture(scope="module")
def service_environments(tmp_path_factory):
    """Build the image-like environments in parallel; {service: venv path}."""
    root = tmp_path_factory.mktemp("images")
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(SERVICES)) as pool:
        results = list(pool.map(lambda s: _build(s, root / s), SERVICES))
    total = time.monotonic() - started
    print(f"\nimage environments built in {total:.0f}s: " +
          ", ".join(f"{s} {seconds:.0f}s" for s, _, seconds, _ in results))
    failures = {s: log for s, _, _, log in results if log}
    if failures:
        pytest.fail("\n\n".join(f"{s}: install failed\n{log[-4000:]}" for s, log in failures.items()))
    return {s: venv for s, venv, _, _ in results}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthz_status(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except OSError:
        return None


@pytest.mark.timeout(INSTALL_TIMEOUT + 2 * START_TIMEOUT)
@pytest.mark.parametrize("service", SERVICES)
def test_service_starts_from_its_image_environment(service, service_environments, tmp_path):
    venv = service_environments[service]
    port = _free_port()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "LANG": "C.UTF-8",
        "JOBMATCH_VAR_DIR": str(tmp_path / "var"),
        f"{service.upper()}_PORT": str(port),
    }
    log_path = tmp_path / "service.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen([str(venv / "bin" / "python"), "-m", service], cwd=tmp_path, env=env,
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/healthz"

        def healthy():
            if process.poll() is not None:
                raise AssertionError(f"{service} exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
            return _healthz_status(url) == 200

        wait_for(healthy, timeout=START_TIMEOUT, interval=0.2, message=f"{service} /healthz never answered 200")
        # It ran the installed copy, not the repository's source tree.
        where = subprocess.run([str(venv / "bin" / "python"), "-c", f"import {service}, shared; print({service}.__file__, shared.__file__)"],
                               cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
        assert str(REPO) not in where.stdout and str(venv) in where.stdout, where.stdout + where.stderr
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
