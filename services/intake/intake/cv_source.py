"""Where a CV's text came from (typed, or read from a PDF, DOCX or text file) and whether a person must check it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete

from intake import tables
from shared.text.bijoy import bijoy_to_unicode, looks_like_bijoy

OK = "ok"
NEEDS_REVIEW = "needs_review"
BIJOY_NOTE = "converted from Bijoy (SutonnyMJ) encoding"


@dataclass(frozen=True)
class KeptFile:
    """The original file, kept for its candidate, the operator and (with consent) employers."""

    filename: str
    media_type: str
    data: bytes
    sha256: str


@dataclass(frozen=True)
class CvSource:
    """``kind``: typed | pdf | docx | text; ``extraction``: ok | needs_review, with ``reason``."""

    kind: str = "typed"
    extraction: str = OK
    reason: str | None = None
    file: KeptFile | None = None

    def columns(self) -> dict:
        """The CV row's columns for this source."""
        return {"source": self.kind, "extraction": self.extraction, "extraction_reason": self.reason}


TYPED = CvSource()


def readable_text(text: str, source: CvSource = TYPED) -> tuple[str, CvSource]:
    """``text`` in Unicode: Bijoy-encoded Bengali (typed or from a file) is converted and the source says so."""
    if not text or not looks_like_bijoy(text):
        return text, source
    reason = BIJOY_NOTE if source.reason is None else f"{source.reason}; {BIJOY_NOTE}"
    return bijoy_to_unicode(text), CvSource(source.kind, source.extraction, reason, source.file)


def keep_file(conn, cv_id: str, file: KeptFile, now: datetime) -> None:
    """Store (or replace) CV ``cv_id``'s original file in the caller's transaction."""
    conn.execute(delete(tables.cv_files).where(tables.cv_files.c.cv_id == cv_id))
    conn.execute(tables.cv_files.insert().values(
        cv_id=cv_id, filename=file.filename, media_type=file.media_type, size=len(file.data), sha256=file.sha256,
        data=file.data, created_at=now,
    ))
