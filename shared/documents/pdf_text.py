"""Text of a PDF, read with PDFium (``pypdfium2``), page by page in reading order.

Runs inside the sandbox child (:mod:`shared.documents.child`), never in a service process.
Characters whose glyph has no Unicode mapping are dropped (PDFium would otherwise give back
the raw glyph code, often a control character). Bengali read back in visual order is
repaired per page (:mod:`shared.documents.bengali_order`). Pages without any text but with
images are scans: they are OCR'd when tesseract is available (:mod:`shared.documents.ocr`).

Password-protected PDFs (a user password is needed to open them) are refused as
"encrypted". PDFs encrypted with only an owner password (permissions, empty user password)
open without one and are read like any other.
"""

from __future__ import annotations

import ctypes
import time
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from shared.documents import ocr
from shared.documents.bengali_order import to_logical_order
from shared.documents.types import FileRefused

OCR_DPI = 300
# OCR of a page is not started with less than this many seconds left before the deadline.
MIN_OCR_SECONDS = 1.0
# A page with fewer visible characters than this counts as having no text layer.
MIN_PAGE_CHARS = 1
_PASSWORD_ERROR = pdfium_c.FPDF_ERR_PASSWORD


@dataclass(frozen=True)
class PdfResult:
    """Raw text read from a PDF and how: ``extraction`` is "ok" or "needs_review"."""

    text: str
    extraction: str
    reason: str | None


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if getattr(exc, "err_code", None) == _PASSWORD_ERROR:
            raise FileRefused(422, "the PDF is encrypted (password protected)") from None
        raise FileRefused(422, "the PDF is damaged and cannot be read") from None


@dataclass
class _Run:
    """Characters of one text object (one text-showing operator), with where they sit."""

    order: int
    chars: list[str]
    first: tuple[float, float, float]  # left edge, baseline, font size of the first character
    last: tuple[float, float, float]  # right edge, baseline, font size of the last character


def _address(pointer: object) -> int:
    return ctypes.cast(pointer, ctypes.c_void_p).value or 0


def _join(runs: list[_Run]) -> str:
    """The runs' text in content-stream order; a newline where the baseline changes, a space
    where there is a gap on the same line, nothing where runs touch (parts of one word)."""
    parts: list[str] = []
    previous: _Run | None = None
    for run in sorted(runs, key=lambda r: r.order):
        if previous is not None:
            right, baseline, size = previous.last
            left, next_baseline, next_size = run.first
            size = max(size, next_size, 1.0)
            if abs(next_baseline - baseline) > 0.5 * size:
                parts.append("\n")
            elif left - right > 0.15 * size:
                parts.append(" ")
        parts.append("".join(run.chars))
        previous = run
    return "".join(parts)


def page_text(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage) -> str:
    """The page's text: its text objects in content-stream order, without unmapped glyph codes.

    PDFium's own text order sorts text objects on a line by position, which tears shaped
    Bengali apart when a producer draws one glyph of a cluster (e.g. ্যু) as a separate object
    a fraction of a point to the right of the next one; the content stream has them in
    logical order. Inside a text object PDFium's order is kept, with the spaces it generates
    for wide gaps.
    """
    order = {_address(obj.raw): index for index, obj in enumerate(page.get_objects(max_depth=8))}
    count = pdfium_c.FPDFText_CountChars(textpage)
    runs: list[_Run] = []
    current: _Run | None = None
    current_key = -1
    pending = ""
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    x, y = ctypes.c_double(), ctypes.c_double()
    for index in range(max(count, 0)):
        code = pdfium_c.FPDFText_GetUnicode(textpage, index)
        if pdfium_c.FPDFText_IsGenerated(textpage, index) == 1:
            pending = pending or (" " if chr(code) == " " else "")
            continue
        if pdfium_c.FPDFText_HasUnicodeMapError(textpage, index) == 1:
            continue
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            continue
        key = _address(pdfium_c.FPDFText_GetTextObject(textpage, index))
        pdfium_c.FPDFText_GetCharOrigin(textpage, index, x, y)
        pdfium_c.FPDFText_GetCharBox(textpage, index, left, right, bottom, top)
        size = pdfium_c.FPDFText_GetFontSize(textpage, index)
        start_edge = left.value if right.value > left.value else x.value
        end_edge = right.value if right.value > left.value else x.value
        if current is None or key != current_key:
            current = _Run(order.get(key, len(order)), [], (start_edge, y.value, size), (end_edge, y.value, size))
            current_key = key
            runs.append(current)
            pending = ""
        elif pending:
            current.chars.append(pending)
            pending = ""
        current.chars.append(chr(code))
        current.last = (max(end_edge, current.last[0]) if abs(y.value - current.last[1]) < 0.5 * max(size, 1.0) else end_edge, y.value, size)
    return _join(runs)


def _has_images(page: pdfium.PdfPage) -> bool:
    for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        return True
    return False


def _render_pgm(page: pdfium.PdfPage) -> bytes:
    bitmap = page.render(scale=OCR_DPI / 72, grayscale=True)
    try:
        width, height, stride, channels = bitmap.width, bitmap.height, bitmap.stride, bitmap.n_channels
        buffer = memoryview(bitmap.buffer).cast("B")
        if channels == 1:
            return ocr.pgm_bytes(width, height, stride, buffer)
        # BGR(x) rendered in greyscale mode: every channel holds the grey value; take one.
        grey = bytearray(width * height)
        for row in range(height):
            start = row * stride
            grey[row * width : (row + 1) * width] = buffer[start : start + width * channels : channels]
        return ocr.pgm_bytes(width, height, width, grey)
    finally:
        bitmap.close()


def read_pdf(data: bytes, max_pages: int, max_chars: int, deadline: float) -> PdfResult:
    """Read the text of the PDF ``data``.

    Refuses (FileRefused 422) damaged and password-protected files and files with more than
    ``max_pages`` pages (counted before any page is parsed). Stops collecting text past
    ``max_chars`` characters. OCR of scanned pages is attempted while ``time.monotonic()``
    is before ``deadline``; pages it cannot reach in time are left out and reported.
    """
    document = _open(data)
    try:
        pages = len(document)
        if pages > max_pages:
            raise FileRefused(422, f"the PDF has too many pages (more than {max_pages})")
        texts: list[str] = []
        collected = 0
        scanned: list[int] = []
        for number in range(pages):
            if collected > max_chars:
                break
            page = document[number]
            try:
                textpage = page.get_textpage()
                try:
                    text = to_logical_order(page_text(page, textpage))
                finally:
                    textpage.close()
                if sum(1 for ch in text if not ch.isspace()) >= MIN_PAGE_CHARS:
                    texts.append(text)
                    collected += len(text)
                elif _has_images(page):
                    scanned.append(number)
                    texts.append("")
            finally:
                page.close()
        if not scanned:
            return PdfResult("\n\n".join(t for t in texts if t), "ok", None)
        read_by_ocr = 0
        if ocr.ocr_available():
            slots = [i for i, t in enumerate(texts) if t == ""]
            for slot, number in zip(slots, scanned):
                remaining = deadline - time.monotonic()
                if remaining < MIN_OCR_SECONDS or collected > max_chars:
                    break
                page = document[number]
                try:
                    image = _render_pgm(page)
                finally:
                    page.close()
                try:
                    text = ocr.ocr_pgm(image, deadline - time.monotonic())
                except (ocr.OcrTimeout, RuntimeError):
                    break
                if text.strip():
                    texts[slot] = text
                    collected += len(text)
                    read_by_ocr += 1
        joined = "\n\n".join(t for t in texts if t)
        if read_by_ocr == len(scanned):
            reason = "read by OCR"
        elif read_by_ocr:
            reason = "read by OCR; some pages have no text layer"
        elif len(scanned) == pages:
            reason = "no text layer"
        else:
            reason = "some pages have no text layer"
        return PdfResult(joined, "needs_review", reason)
    finally:
        document.close()
