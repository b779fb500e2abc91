"""The sandbox child: ``python -m shared.documents.child`` parses one PDF or DOCX and exits.

Started by :mod:`shared.documents.sandbox`. Standard input holds one JSON header line (the
file kind and the limits) followed by the file's bytes; nothing is read from or written to
disk. Before anything is parsed the child limits its own address space (``RLIMIT_AS``) and
CPU time (``RLIMIT_CPU``). It writes one JSON object to standard output:
``{"status": "ok", "text": ..., "extraction": ..., "reason": ...}`` or
``{"status": "refused", "code": 422, "reason": ...}``. Any failure inside parsing becomes a
refusal; a crash (segfault, the kernel's kill at the CPU limit) shows as a non-zero exit.
"""

from __future__ import annotations

import json
import math
import resource
import sys
import time
from typing import Any

# Seconds kept back from the wall-clock budget for starting up and answering.
_ANSWER_MARGIN = 1.0


def limit_resources(memory_bytes: int, seconds: float) -> None:
    """Cap this process's address space and CPU time (inherited by what it starts)."""
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    cpu = max(1, math.ceil(seconds)) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def parse(job: dict[str, Any], data: bytes, started: float) -> dict[str, Any]:
    """Parse ``data`` as ``job["kind"]`` and return the answer object."""
    from shared.documents.types import FileRefused

    try:
        if job["kind"] == "pdf":
            from shared.documents.pdf_text import read_pdf

            deadline = started + float(job["budget"]) - _ANSWER_MARGIN
            result = read_pdf(data, int(job["max_pages"]), int(job["max_chars"]), deadline)
            return {"status": "ok", "text": result.text, "extraction": result.extraction, "reason": result.reason}
        if job["kind"] == "docx":
            from shared.documents.docx_text import read_docx

            text = read_docx(data, int(job["max_unpacked_bytes"]), int(job["max_chars"]))
            return {"status": "ok", "text": text, "extraction": "ok", "reason": None}
        return {"status": "refused", "code": 415, "reason": "this file type is not supported"}
    except FileRefused as refused:
        return {"status": "refused", "code": refused.status, "reason": refused.reason}
    except MemoryError:
        return {"status": "refused", "code": 422, "reason": "the file needs too much memory to read"}
    except Exception:  # noqa: BLE001 - whatever a hostile file triggers in a parser is a refusal
        return {"status": "refused", "code": 422, "reason": "the file is damaged and cannot be read"}


def main() -> int:
    """Read the job from standard input, parse it, write the answer to standard output."""
    started = time.monotonic()
    header = sys.stdin.buffer.readline()
    job = json.loads(header)
    limit_resources(int(job["memory_bytes"]), float(job["budget"]))
    data = sys.stdin.buffer.read()
    answer = parse(job, data, started)
    sys.stdout.write(json.dumps(answer, ensure_ascii=True))
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
