"""The entry point: an uploaded CV file (bytes) in, its text out, or a refusal.

Order of checks: size (413) → type by magic numbers and the name/declared type claims
(415, :mod:`shared.documents.sniff`) → parsing. Plain text is decoded here; PDF and DOCX are
parsed in a sandbox child process (:mod:`shared.documents.sandbox`). The text is then tidied
(NFC, invisible characters removed, whitespace tidied) and cut at ``limits.max_text_chars``:
a longer text is *not* refused, its first ``max_text_chars`` characters are kept and the
``reason`` says so ("text cut at 100000 characters", after any other reason).
"""

from __future__ import annotations

from shared.documents.plain_text import decode_text, tidy_text
from shared.documents.sandbox import run_in_child
from shared.documents.sniff import sniff_type
from shared.documents.types import MEDIA_TYPES, ExtractedCv, ExtractionLimits, FileRefused

_DEFAULT_LIMITS = ExtractionLimits()


def _megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:g} MB" if value >= 1 else f"{size // 1024} KB"


def extract_cv_file(
    data: bytes,
    filename: str | None = None,
    declared_type: str | None = None,
    *,
    limits: ExtractionLimits = _DEFAULT_LIMITS,
) -> ExtractedCv:
    """Return the text of the uploaded CV file ``data``, or raise :class:`FileRefused`.

    ``filename`` is used only for its extension and ``declared_type`` (a Content-Type) only
    as a claim to check the bytes against; neither is ever used to touch the filesystem.

    Raises FileRefused: 413 when ``data`` is larger than ``limits.max_bytes``; 415 when the
    type is not PDF, DOCX or text or does not match the name/declared type; 422 when the
    file is empty, damaged, encrypted, has too many pages, is a zip bomb, contains XML with
    a DTD, or takes longer than ``limits.seconds`` (or more memory than allowed) to read.
    """
    if len(data) > limits.max_bytes:
        raise FileRefused(413, f"the file is larger than {_megabytes(limits.max_bytes)}")
    kind = sniff_type(data, filename, declared_type)
    if kind == "text":
        decoded = decode_text(data)
        raw, extraction, reason = decoded or "", "ok", None
    else:
        answer = run_in_child(kind, data, limits)
        raw, extraction, reason = answer["text"], answer["extraction"], answer["reason"]
    text = tidy_text(raw)
    if len(text) > limits.max_text_chars:
        text = text[: limits.max_text_chars].rstrip()
        note = f"text cut at {limits.max_text_chars} characters"
        reason = f"{reason}; {note}" if reason else note
    if not text and extraction == "ok":
        extraction, reason = "needs_review", "no text found"
    return ExtractedCv(text=text, source=kind, extraction=extraction, reason=reason, media_type=MEDIA_TYPES[kind])
