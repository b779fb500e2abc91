"""Text of a Word (.docx) file: body paragraphs and tables, headers, footers and text boxes.

Runs inside the sandbox child (:mod:`shared.documents.child`). Before python-docx opens the
file, :func:`check_archive` guards against zip bombs (total declared uncompressed size,
per-member compression ratio, member count) and against XML with a DTD or entity
declarations (billion-laughs, external entities): both are refused with 422.

Order of the text: for each section its headers (default, first page, even pages; a header
linked to the previous section is not repeated), then the body, then each section's
footers. Tables are read row by row, cell by cell (a merged cell once), nested tables
inside their cell. Text boxes (``w:txbxContent``), which python-docx does not expose, are
read from the XML right after the paragraph that anchors them; when Word stores a text box
twice (``mc:AlternateContent`` with a DrawingML choice and a VML fallback) only the choice
is read.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator

from shared.documents.types import FileRefused

# A member that inflates more than this many times over (and past 1 MB) is a bomb.
MAX_COMPRESSION_RATIO = 200
_RATIO_FLOOR_BYTES = 1024 * 1024
MAX_MEMBERS = 2000
# Only the start of an XML part can hold a DTD (it must precede the root element), but a
# part may begin with a long comment, so the whole part is searched.
_FORBIDDEN_XML = (b"<!DOCTYPE", b"<!ENTITY")

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_TXBX = f"{{{_W}}}txbxContent"
_P = f"{{{_W}}}p"
_T = f"{{{_W}}}t"
_TAB = f"{{{_W}}}tab"
_BR = f"{{{_W}}}br"
_FALLBACK = f"{{{_MC}}}Fallback"


def _xml_declares_dtd(raw: bytes) -> bool:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:4] in (b"\x00<\x00?", b"<\x00?\x00"):
        codec = "utf-16" if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-16-be" if raw[0] == 0 else "utf-16-le")
        raw = raw.decode(codec, "replace").encode("utf-8")
    upper = raw.upper()
    return any(marker in upper for marker in _FORBIDDEN_XML)


def check_archive(data: bytes, max_unpacked_bytes: int) -> None:
    """Refuse (FileRefused 422) a DOCX that is a zip bomb, damaged, or has XML with a DTD.

    Sizes are the ones the ZIP directory declares; reading a member never yields more than
    its declared size (zipfile stops there and checks the CRC), so a lying header cannot
    inflate further than declared.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise FileRefused(422, "the Word file is damaged") from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise FileRefused(422, "the Word file has too many parts")
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > _RATIO_FLOOR_BYTES and member.file_size > MAX_COMPRESSION_RATIO * max(member.compress_size, 1):
                raise FileRefused(422, "the Word file unpacks to far more than its size (a zip bomb)")
        if total > max_unpacked_bytes:
            raise FileRefused(422, "the Word file unpacks to more than allowed")
        for member in members:
            name = member.filename.lower()
            if not (name.endswith(".xml") or name.endswith(".rels")):
                continue
            try:
                raw = archive.read(member)
            except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError, RuntimeError):
                raise FileRefused(422, "the Word file is damaged") from None
            if _xml_declares_dtd(raw):
                raise FileRefused(422, "the Word file contains XML with a DTD or entities, which is not accepted")


def _inside(element: object, tag: str, stop: object | None = None) -> bool:
    parent = element.getparent()  # type: ignore[attr-defined]
    while parent is not None and parent is not stop:
        if parent.tag == tag:
            return True
        parent = parent.getparent()
    return False


def _paragraph_xml_text(paragraph: object) -> str:
    """Text of a ``w:p`` element itself (tabs and breaks as spaces/newlines), not nested text boxes."""
    parts: list[str] = []
    for node in paragraph.iter(_T, _TAB, _BR):  # type: ignore[attr-defined]
        nearest = node.getparent()
        while nearest is not None and nearest.tag != _P:
            nearest = nearest.getparent()
        if nearest is not paragraph or _inside(node, _FALLBACK, paragraph) or _inside(node, _TXBX, paragraph):
            continue
        if node.tag == _T:
            parts.append(node.text or "")
        elif node.tag == _TAB:
            parts.append("\t")
        else:
            parts.append("\n")
    return "".join(parts)


def textbox_texts(element: object) -> Iterator[str]:
    """Texts of the text boxes inside ``element`` (a paragraph), one per text-box paragraph.

    Text boxes under ``mc:Fallback`` are skipped (the ``mc:Choice`` holds the same text).
    Text boxes nested in text boxes are read once, in document order.
    """
    for box in element.iter(_TXBX):  # type: ignore[attr-defined]
        if _inside(box, _FALLBACK, element) or _inside(box, _TXBX, element):
            continue
        for paragraph in box.iter(_P):
            if _inside(paragraph, _FALLBACK, box):
                continue
            text = _paragraph_xml_text(paragraph)
            if text.strip():
                yield text


def _block_texts(container: object) -> Iterator[str]:
    """Texts of the paragraphs and tables of a python-docx block container, in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for block in container.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(block, Paragraph):
            yield block.text
            yield from textbox_texts(block._p)
        elif isinstance(block, Table):
            yield from _table_texts(block)


def _table_texts(table: object) -> Iterator[str]:
    seen: set[int] = set()
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            text = "\n".join(t for t in _block_texts(cell) if t.strip())
            if text:
                cells.append(text)
        if cells:
            yield "\t".join(cells)


def read_docx(data: bytes, max_unpacked_bytes: int, max_chars: int) -> str:
    """Text of the DOCX ``data``; refuses bombs, DTDs and damaged files with FileRefused(422)."""
    check_archive(data, max_unpacked_bytes)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise FileRefused(422, "the Word file is damaged") from exc
    texts: list[str] = []
    collected = 0

    def add(items: Iterator[str]) -> None:
        nonlocal collected
        for text in items:
            if collected > max_chars:
                return
            if text.strip():
                texts.append(text)
                collected += len(text)

    seen_parts: set[int] = set()

    def parts(kind: str) -> Iterator[str]:
        for section in document.sections:
            for name in (f"first_page_{kind}", kind, f"even_page_{kind}"):
                part = getattr(section, name)
                if part.is_linked_to_previous:
                    continue
                key = id(part.part)
                if key in seen_parts:
                    continue
                seen_parts.add(key)
                yield from _block_texts(part)

    add(parts("header"))
    add(_block_texts(document))
    add(parts("footer"))
    return "\n".join(texts)
