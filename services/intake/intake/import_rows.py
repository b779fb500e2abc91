"""One row of a bulk import: its fields checked as the API checks them, its CV file read from the ZIP."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from marshmallow import ValidationError

from intake.cv_source import CvSource, readable_text
from intake.cv_upload import file_source
from intake.schemas import CvIn
from shared.documents import ExtractionLimits, FileRefused, extract_cv_file

_CV_IN = CvIn()
_SEPARATORS = re.compile(r"[,;،|]")
_YES = {"1", "true", "yes", "y", "on", "x", "✓", "হ্যাঁ", "হাঁ"}
_NO = {"0", "false", "no", "n", "off", "", "না"}
_CONSENT_WORDS = {
    "share_with_employers": "share_with_employers", "share": "share_with_employers",
    "notify_by_sms": "notify_by_sms", "sms": "notify_by_sms",
    "notify_by_email": "notify_by_email", "email": "notify_by_email",
}


@dataclass(frozen=True)
class PreparedRow:
    """A row ready to store (``cv`` and ``source``) or refused (``reason``, with no personal data in it)."""

    row: int
    cv: dict | None = None
    source: CvSource | None = None
    reason: str | None = None


class CvFiles:
    """The ZIP of CV files beside a sheet, looked up by the name a row gives (never unpacked to disk)."""

    def __init__(self, data: bytes | None, max_file_bytes: int):
        self.max_file_bytes = max_file_bytes
        self._archive = zipfile.ZipFile(io.BytesIO(data)) if data else None
        self._by_name: dict[str, zipfile.ZipInfo] = {}
        if self._archive is not None:
            for info in self._archive.infolist():
                if not info.is_dir():
                    self._by_name.setdefault(info.filename.lower(), info)
                    self._by_name.setdefault(info.filename.rsplit("/", 1)[-1].lower(), info)

    def read(self, name: str) -> bytes:
        """The bytes of the file ``name``; FileRefused when absent or too big."""
        info = self._by_name.get(name.strip().replace("\\", "/").lower()) if self._archive else None
        if info is None:
            raise FileRefused(422, "the file named in the row is not in the ZIP")
        if info.file_size > self.max_file_bytes:
            raise FileRefused(413, f"the file is larger than {self.max_file_bytes} bytes")
        with self._archive.open(info) as member:
            data = member.read(self.max_file_bytes + 1)
        if len(data) > self.max_file_bytes:
            raise FileRefused(413, f"the file is larger than {self.max_file_bytes} bytes")
        return data


def open_files(data: bytes | None, max_file_bytes: int) -> CvFiles:
    """The ZIP of CV files; ValueError when it is not a ZIP."""
    try:
        return CvFiles(data, max_file_bytes)
    except zipfile.BadZipFile:
        raise ValueError("the files must be a ZIP archive") from None


def prepare_row(number: int, fields: dict[str, str], fair_id: str, files: CvFiles) -> PreparedRow:
    """Check row ``number`` of a sheet as POST /api/v1/cvs would, reading its file if it names one."""
    try:
        cv = _cv_fields(fields, fair_id)
    except ValidationError as exc:
        return PreparedRow(number, reason=_reason(exc.normalized_messages()))
    if not (cv.get("phone") or cv.get("email")):
        return PreparedRow(number, reason="no phone or email: the candidate could not be told of a match")
    if "file" not in fields:
        cv["text"], source = readable_text(cv["text"])
        return PreparedRow(number, cv, source)
    try:
        data = files.read(fields["file"])
        extracted = extract_cv_file(data, fields["file"], limits=ExtractionLimits(max_bytes=files.max_file_bytes))
    except FileRefused as exc:
        return PreparedRow(number, reason=f"file: {exc.reason}")
    cv["text"], source = readable_text(extracted.text, file_source(fields["file"], data, extracted))
    return PreparedRow(number, cv, source)


def _cv_fields(fields: dict[str, str], fair_id: str) -> dict:
    if "text" in fields and "file" in fields:
        raise ValidationError({"text": ["give text or file, not both"]})
    if "text" not in fields and "file" not in fields:
        raise ValidationError({"text": ["missing: give the CV's text or the name of its file in the ZIP"]})
    raw = {k: v for k, v in fields.items() if k in ("name", "phone", "email", "language_pref", "location", "institution", "text")}
    raw["language_pref"] = _language(raw.get("language_pref", ""))
    raw["text"] = raw.get("text", "(read from the file)")
    raw["skills"] = [s.strip() for s in _SEPARATORS.split(fields.get("skills", "")) if s.strip()]
    raw.update(_consents(fields))
    raw["fair_id"] = fair_id
    return _CV_IN.load(raw)


def _language(value: str) -> str:
    key = value.strip().lower()
    return {"english": "en", "ইংরেজি": "en", "bangla": "bn", "bengali": "bn", "বাংলা": "bn"}.get(key, key)


def _consents(fields: dict[str, str]) -> dict:
    given = {}
    for word in _SEPARATORS.split(fields.get("consents", "")):
        name = _CONSENT_WORDS.get(word.strip().lower())
        if word.strip() and name is None:
            raise ValidationError({"consents": [f"unknown consent; use {', '.join(sorted(set(_CONSENT_WORDS.values())))}"]})
        if name:
            given[name] = True
    for name in ("share_with_employers", "notify_by_sms", "notify_by_email"):
        if name in fields:
            value = fields[name].strip().lower()
            if value not in _YES | _NO:
                raise ValidationError({name: ["use yes or no"]})
            given[name] = value in _YES
    return given


def _reason(messages: dict) -> str:
    """``field: message; ...`` from marshmallow's messages (which never repeat the value)."""
    parts = []
    for field, problems in messages.items():
        text = problems if isinstance(problems, str) else "; ".join(str(p) for p in problems) if isinstance(problems, list) else str(problems)
        parts.append(f"{field}: {text}")
    return "; ".join(parts)[:300]
