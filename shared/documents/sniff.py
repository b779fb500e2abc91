"""What kind of file an upload is, decided by its bytes (magic numbers), not by its name.

The filename is used only for its extension, and the declared content type only for its main
type; both are *claims* checked against the bytes. Nothing here touches the filesystem.
"""

from __future__ import annotations

import io
import zipfile

from shared.documents.plain_text import decode_text
from shared.documents.types import ACCEPTED_TYPES, FileRefused

# The PDF spec lets readers accept junk before the header; we allow up to 1 KB of it.
PDF_HEADER_WINDOW = 1024
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
DOCX_REQUIRED_MEMBERS = ("word/document.xml", "[Content_Types].xml")

# Recognised types we do not accept, for a clearer reason.
_OTHER_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old Word (.doc) and other Office 97 files are not accepted"),
    (b"\x89PNG\r\n\x1a\n", "images are not accepted"),
    (b"\xff\xd8\xff", "images are not accepted"),
    (b"GIF87a", "images are not accepted"),
    (b"GIF89a", "images are not accepted"),
    (b"II*\x00", "images are not accepted"),
    (b"MM\x00*", "images are not accepted"),
    (b"MZ", "programs are not accepted"),
    (b"\x7fELF", "programs are not accepted"),
    (b"{\\rtf", "RTF files are not accepted"),
    (b"PK\x05\x06", "ZIP archives are not accepted"),
    (b"Rar!", "archives are not accepted"),
    (b"7z\xbc\xaf\x27\x1c", "archives are not accepted"),
    (b"\x1f\x8b", "archives are not accepted"),
)

_EXTENSION_CLAIMS = {
    "pdf": "pdf",
    "docx": "docx",
    "txt": "text",
    "text": "text",
    "md": "text",
}
# Extensions that claim a type we do not accept (the bytes can never match them).
_OTHER_EXTENSIONS = frozenset(
    "doc docm dot dotx odt rtf xls xlsx ppt pptx zip rar 7z gz tar png jpg jpeg gif bmp tif tiff "
    "webp heic exe dll msi bat cmd com sh js html htm".split()
)
_DECLARED_CLAIMS = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    # Some browsers label a .docx by its container.
    "application/zip": "docx",
    "application/x-zip-compressed": "docx",
    "text/plain": "text",
    "text/markdown": "text",
    "text/x-markdown": "text",
}
# Declared types that say nothing (browsers send these for unknown files).
_NEUTRAL_DECLARED = frozenset({"", "application/octet-stream", "binary/octet-stream", "application/unknown"})


def _refuse_type(what: str) -> FileRefused:
    return FileRefused(415, f"{what}; send a {ACCEPTED_TYPES} file")


def extension_of(filename: str | None) -> str:
    """The lower-case extension of the last path component of ``filename`` ("" when none).

    "../../etc/passwd" gives "", "C:\\\\cv\\\\CV.PDF" gives "pdf". The name is never opened.
    """
    if not filename:
        return ""
    base = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if "." not in base.strip("."):
        return ""
    return base.rsplit(".", 1)[-1].strip().lower()


def claimed_by_name(filename: str | None) -> str | None:
    """The type the filename's extension claims: "pdf", "docx", "text", "other" or None."""
    ext = extension_of(filename)
    if ext in _EXTENSION_CLAIMS:
        return _EXTENSION_CLAIMS[ext]
    if ext in _OTHER_EXTENSIONS:
        return "other"
    return None


def claimed_by_declared(declared_type: str | None) -> str | None:
    """The type a declared Content-Type claims: "pdf", "docx", "text", "other" or None."""
    if declared_type is None:
        return None
    main = declared_type.split(";", 1)[0].strip().lower()
    if main in _NEUTRAL_DECLARED:
        return None
    return _DECLARED_CLAIMS.get(main, "other")


def _is_docx(data: bytes) -> bool:
    """True when ``data`` is a ZIP whose directory lists the parts every DOCX has."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise FileRefused(422, "the ZIP archive is damaged") from None
    return all(member in names for member in DOCX_REQUIRED_MEMBERS)


def sniff_type(data: bytes, filename: str | None = None, declared_type: str | None = None) -> str:
    """Return "pdf", "docx" or "text" for ``data``, or raise :class:`FileRefused`.

    The type comes from the bytes: PDF has ``%PDF-`` within its first 1 KB; DOCX is a ZIP
    (``PK\\x03\\x04``) holding ``word/document.xml`` and ``[Content_Types].xml``; text is
    UTF-8 (BOM optional) or UTF-16 with a BOM, without NULs and mostly printable (see
    :func:`shared.documents.plain_text.decode_text`). Then the claims are checked: when the
    filename's extension or the declared content type names a type (pdf, docx, txt,
    text/plain, ... or a known unaccepted one such as png or .doc) that differs from the
    bytes, the file is refused with 415. Unknown extensions and application/octet-stream
    claim nothing.

    Raises FileRefused: 415 for other types (images, programs, other ZIPs, old .doc, binary)
    and for mismatched claims; 422 for an empty file or a damaged ZIP.
    """
    if not data:
        raise FileRefused(422, "the file is empty")
    for magic, what in _OTHER_MAGIC:
        if data.startswith(magic):
            raise _refuse_type(what)
    if data.startswith(_ZIP_MAGIC):
        if not _is_docx(data):
            raise _refuse_type("this ZIP archive is not a Word document")
        kind = "docx"
    elif _PDF_MAGIC in data[: PDF_HEADER_WINDOW + len(_PDF_MAGIC)]:
        kind = "pdf"
    else:
        if decode_text(data) is None:
            raise _refuse_type("this file type is not supported")
        kind = "text"
    for claim, source in ((claimed_by_name(filename), "name"), (claimed_by_declared(declared_type), "declared type")):
        if claim is not None and claim != kind:
            raise _refuse_type(f"the file's {source} does not match its content")
    return kind
