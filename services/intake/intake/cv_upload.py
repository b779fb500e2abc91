"""Reading a CV request: JSON with the text, or a form with the text or a file (PDF, DOCX, plain text).

The file is parsed in a child process with time and memory limits (``shared.documents``).
"""

from __future__ import annotations

import hashlib
import os
import re
import threading

from flask import Request
from marshmallow import ValidationError

from intake.cv_source import CvSource, KeptFile, readable_text
from intake.schemas import CvFormIn, CvIn
from shared.documents import ExtractedCv, ExtractionLimits, FileRefused, extract_cv_file
from shared.http.problems import problem
from shared.http.request_body import parse_json_object

FORM_OVERHEAD = 256 * 1024  # the form's other fields and multipart framing, beside the file
# Files read at once by this process (each in its own child process): more wait, then get 503.
PARALLEL_READS = 2
WAIT_FOR_READER_SECONDS = 20.0
_READERS = threading.BoundedSemaphore(PARALLEL_READS)
_LIST_SEPARATORS = re.compile(r"[,;،]")
_SAFE_NAME = re.compile(r"[^\w\u0980-\u09ff.\- ]+")


def file_source(filename: str | None, data: bytes, extracted: ExtractedCv) -> CvSource:
    """The source of a CV read from a file, keeping the file."""
    kept = KeptFile(safe_filename(filename, extracted.source), extracted.media_type, data, hashlib.sha256(data).hexdigest())
    return CvSource(extracted.source, extracted.extraction, extracted.reason, kept)


def plain_name(name: str | None) -> bool:
    """True for a file name a browser sends: no folder part, no "..", no control characters (or no name)."""
    if not name:
        return True
    return not ("/" in name or "\\" in name or ".." in name or any(ord(ch) < 32 or ord(ch) == 127 for ch in name))


def safe_filename(name: str | None, source: str) -> str:
    """The file's own name without any folder part or odd characters, for Content-Disposition only."""
    base = os.path.basename((name or "").replace("\\", "/")).strip()
    base = _SAFE_NAME.sub("_", base)[:150].strip("._ ")
    extension = {"pdf": ".pdf", "docx": ".docx", "text": ".txt"}[source]
    return (base or "cv") if base.lower().endswith(extension) else f"{base or 'cv'}{extension}"


def read_cv_request(request: Request, max_file_bytes: int) -> tuple[dict, CvSource]:
    """The CV fields of a JSON or form request, and where its text came from (a file's text is the CV's text).

    ValidationError for bad fields (422); FileRefused for a file too big, of another type or unreadable.
    """
    if request.mimetype != "multipart/form-data":
        return _typed(CvIn().load(parse_json_object(request)))
    form = {key: _form_value(key, request.form.getlist(key)) for key in request.form.keys()}
    cv = CvFormIn().load(form)
    files = request.files.getlist("file")
    if len(files) > 1:
        raise ValidationError({"file": ["Send one file."]})
    if not files:
        if not cv.get("text"):
            raise ValidationError({"text": ["Send the CV as text, or as a file in the field 'file'."]})
        return _typed(cv)
    if cv.get("text"):
        raise ValidationError({"text": ["Send the CV as text or as a file, not both."]})
    upload = files[0]
    if not plain_name(upload.filename):
        raise FileRefused(422, "the file name must be a plain name, without folders or control characters")
    data = upload.stream.read(max_file_bytes + 1)
    if len(data) > max_file_bytes:
        raise FileRefused(413, f"the file is larger than {max_file_bytes} bytes")
    if not _READERS.acquire(timeout=WAIT_FOR_READER_SECONDS):
        raise FileRefused(503, "intake is busy reading other CV files; try again in a minute")
    try:
        extracted = extract_cv_file(data, upload.filename, upload.mimetype, limits=ExtractionLimits(max_bytes=max_file_bytes))
    finally:
        _READERS.release()
    cv["text"], source = readable_text(extracted.text, file_source(upload.filename, data, extracted))
    return cv, source


def _typed(cv: dict) -> tuple[dict, CvSource]:
    cv["text"], source = readable_text(cv["text"])
    return cv, source


def _form_value(key: str, values: list[str]):
    """A form field as the schema takes it: skills as a list (repeated or comma-separated), others as one value."""
    if key == "skills":
        return [part.strip() for value in values for part in _LIST_SEPARATORS.split(value) if part.strip()]
    if len(values) > 1:
        raise ValidationError({key: ["Send this field once."]})
    value = values[0]
    return None if value == "" and key not in ("name", "language_pref") else value


def refused_file(exc: FileRefused):
    """The problem answer for a refused file (413, 415 or 422 with the reason under errors.file)."""
    if exc.status == 422:
        return problem(422, "Unprocessable Content", "One or more fields are invalid; see errors.", errors={"file": [exc.reason]})
    title = {413: "Content Too Large", 415: "Unsupported Media Type", 503: "Service Unavailable"}.get(exc.status, "Bad Request")
    answer = problem(exc.status, title, exc.reason)
    if exc.status == 503:
        answer.headers["Retry-After"] = "30"
    return answer

