"""Run the parsing of one uploaded file in a separate, limited, killable process.

The parent (a service thread) starts ``python -m shared.documents.child`` in a new session,
sends it a JSON header line and the file's bytes on standard input (never a file named after
the upload), and waits at most ``limits.seconds`` of wall-clock time. When that passes the
child's whole process group (including a tesseract it started) is killed and the upload is
refused with 422 "took too long to read". A child that dies (out of memory, a segfault in a
native parser, the CPU limit) is refused with 422; the caller never crashes with it.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from shared.documents.types import ExtractionLimits, FileRefused

_PROJECT_ROOT = str(Path(__file__).resolve().parents[2])
TOO_SLOW = "the file took too long to read"


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    path = env.get("PYTHONPATH", "")
    env["PYTHONPATH"] = _PROJECT_ROOT + (os.pathsep + path if path else "")
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def run_in_child(kind: str, data: bytes, limits: ExtractionLimits) -> dict[str, Any]:
    """Parse ``data`` (``kind`` "pdf" or "docx") in a sandbox child and return its answer.

    The answer is ``{"text", "extraction", "reason"}``. Raises FileRefused with the child's
    refusal, or 422 when the child is too slow, dies, or answers nonsense.
    """
    started = time.monotonic()
    header = {
        "kind": kind,
        "budget": limits.seconds,
        "max_pages": limits.max_pages,
        "max_chars": limits.max_text_chars * 2,
        "max_unpacked_bytes": limits.max_unpacked_bytes,
        "memory_bytes": limits.memory_bytes,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "shared.documents.child"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=_child_env(),
        cwd=_PROJECT_ROOT,
        close_fds=True,
    )
    try:
        payload = json.dumps(header).encode("ascii") + b"\n" + data
        remaining = limits.seconds - (time.monotonic() - started)
        out, _ = process.communicate(payload, timeout=max(remaining, 0.01))
    except subprocess.TimeoutExpired:
        _kill_group(process)
        process.communicate()
        raise FileRefused(422, TOO_SLOW) from None
    finally:
        _kill_group(process)
    if process.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise FileRefused(422, TOO_SLOW)
    try:
        answer = json.loads(out)
    except ValueError:
        answer = None
    if process.returncode != 0 or not isinstance(answer, dict):
        raise FileRefused(422, "the file could not be read")
    if answer.get("status") == "refused":
        code = answer.get("code")
        raise FileRefused(code if code in (413, 415, 422) else 422, str(answer.get("reason") or "the file could not be read"))
    return {
        "text": str(answer.get("text") or ""),
        "extraction": "needs_review" if answer.get("extraction") == "needs_review" else "ok",
        "reason": answer.get("reason") if isinstance(answer.get("reason"), str) else None,
    }
