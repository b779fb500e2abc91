"""The values that cross the boundary of :mod:`shared.documents`: limits, results and refusals.

Intake codes against these names; keep them stable.
"""

from __future__ import annotations

from dataclasses import dataclass

PDF_MEDIA_TYPE = "application/pdf"
DOCX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
TEXT_MEDIA_TYPE = "text/plain; charset=utf-8"

MEDIA_TYPES = {"pdf": PDF_MEDIA_TYPE, "docx": DOCX_MEDIA_TYPE, "text": TEXT_MEDIA_TYPE}

ACCEPTED_TYPES = "PDF, Word (.docx) or plain text"


@dataclass(frozen=True)
class ExtractionLimits:
    """How much work one uploaded file may cause.

    ``max_bytes``: a bigger upload is refused with 413 before anything looks inside it.
    ``max_pages``: a PDF with more pages is refused with 422 ("too many pages"); the count is
    read before any page is parsed.
    ``max_unpacked_bytes``: the declared uncompressed size of all members of a DOCX (a ZIP)
    together; more is refused with 422, as is a member whose compression ratio is absurd.
    ``max_text_chars``: the extracted text is *cut* at this many characters (not refused): the
    result keeps the first ``max_text_chars`` characters and its ``reason`` says it was cut.
    ``seconds``: wall-clock limit for the child process that parses the file (422 when it is
    exceeded; the child is killed). OCR stops early to stay inside it.
    ``memory_bytes``: address-space limit (``RLIMIT_AS``) for that child.
    """

    max_bytes: int = 5 * 1024 * 1024
    max_pages: int = 50
    max_unpacked_bytes: int = 50 * 1024 * 1024
    max_text_chars: int = 100_000
    seconds: float = 10.0
    memory_bytes: int = 512 * 1024 * 1024


@dataclass(frozen=True)
class ExtractedCv:
    """The text read from an uploaded CV file.

    ``text``: Unicode, NFC, whitespace tidied; "" when nothing could be read.
    ``source``: "pdf", "docx" or "text" (what the bytes are, not what the name said).
    ``extraction``: "ok", or "needs_review" when a person should check the text (no text
    layer, read by OCR, some pages unreadable).
    ``reason``: why it needs review ("no text layer", "read by OCR", ...), or a note on an
    "ok" result (e.g. "text cut at 100000 characters"); None otherwise.
    ``media_type``: the media type of ``source``, e.g. "application/pdf".
    """

    text: str
    source: str
    extraction: str
    reason: str | None
    media_type: str


class FileRefused(ValueError):
    """The upload is not read, with an HTTP status and a short reason safe to show the uploader.

    ``status``: 413 (too large), 415 (type not supported, or the bytes are not what the name or
    declared type says), 422 (unreadable: malformed, encrypted, too many pages, a bomb, took
    too long). ``reason`` is short English and never includes file content or paths.
    """

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status}: {reason}")
        self.status = status
        self.reason = reason

    def __reduce__(self) -> tuple[type[FileRefused], tuple[int, str]]:
        return (FileRefused, (self.status, self.reason))
