"""Uploaded CV files (PDF, DOCX, plain text) turned into text, safely.

``extract_cv_file(data, filename, declared_type, limits=...)`` is the one entry point; it
returns an :class:`ExtractedCv` or raises :class:`FileRefused` with an HTTP status (413, 415,
422) and a reason safe to show the uploader. ``sniff_type`` tells the type from the bytes.

Safety: the type is decided by magic numbers, never by the name; the name is used only for
its extension and never touches the filesystem. PDF and DOCX parsing runs in a child
process with address-space and CPU limits and a wall-clock timeout, fed through a pipe.
DOCX files are checked for zip bombs and XML DTDs before they are opened. See the modules:
``types`` (the values), ``sniff``, ``plain_text``, ``pdf_text``, ``bengali_order``,
``docx_text``, ``ocr``, ``sandbox``, ``child``, ``extract``.
"""

from shared.documents.extract import extract_cv_file
from shared.documents.sniff import sniff_type
from shared.documents.types import ExtractedCv, ExtractionLimits, FileRefused

__all__ = ["ExtractedCv", "ExtractionLimits", "FileRefused", "extract_cv_file", "sniff_type"]
