"""Generated CV files for tests of shared.documents (and of intake's upload route).

Everything is made on the fly: PDFs with fpdf2 (shaped Bengali with Noto Sans Bengali),
DOCX files with python-docx, scans as image-only PDFs, and hostile files (bombs, encrypted,
malformed, ten thousand pages). Functions that need the Noto fonts call
``tests.system_packages.require_noto_fonts()``, which installs them or skips/fails the test.
"""

from __future__ import annotations

import copy
import io
import os
import zipfile
import zlib

from tests.system_packages import LATIN_FONT, require_noto_fonts

DOCX_MAIN = "word/document.xml"


# PDFs ---------------------------------------------------------------------------------------


def _shaped_pdf(lines: list[str], size: float = 14) -> bytes:
    """A PDF with ``lines`` set in Noto Sans (Latin) with Noto Sans Bengali as fallback, shaped."""
    from fpdf import FPDF

    bengali = require_noto_fonts()
    pdf = FPDF()
    pdf.add_font("NotoSans", "", str(LATIN_FONT))
    pdf.add_font("NotoSansBengali", "", str(bengali))
    pdf.set_fallback_fonts(["NotoSansBengali"])
    pdf.set_text_shaping(True)
    pdf.add_page()
    pdf.set_font("NotoSans", size=size)
    for line in lines:
        pdf.multi_cell(0, size * 0.6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def english_pdf(text: str = "Curriculum vitae\nWorked as a computer operator in Khulna.") -> bytes:
    """A one-page PDF with ``text`` (one line per line) in a Latin font."""
    return _shaped_pdf(text.split("\n"))


def bengali_pdf(text: str = "আমি কম্পিউটার অপারেটর হিসেবে কাজ করেছি") -> bytes:
    """A one-page PDF with Bengali ``text``, shaped by HarfBuzz (fpdf2 + uharfbuzz)."""
    return _shaped_pdf(text.split("\n"))


def mixed_pdf(lines: list[str]) -> bytes:
    """A PDF whose lines mix English and Bengali (Latin font with a Bengali fallback)."""
    return _shaped_pdf(lines)


def _page_image(text: str, language: str, dpi: int = 200) -> object:
    """A white A4-width PIL image with ``text`` in black, drawn with Noto (raqm shapes Bengali)."""
    from PIL import Image, ImageDraw, ImageFont, features

    bengali = require_noto_fonts()
    if language == "ben" and not features.check("raqm"):
        return _page_image_via_pdf(text, dpi)
    font_path = bengali if language == "ben" else LATIN_FONT
    font = ImageFont.truetype(str(font_path), size=int(dpi * 0.22))
    width = int(8.27 * dpi)
    lines = text.split("\n")
    line_height = int(font.size * 1.8)
    image = Image.new("L", (width, line_height * (len(lines) + 2)), 255)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        draw.text((int(dpi * 0.6), line_height * (number + 1)), line, font=font, fill=0)
    return image


def _page_image_via_pdf(text: str, dpi: int) -> object:
    """The same page drawn by fpdf2 (shaped) and rasterised by PDFium, for PIL without raqm."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(_shaped_pdf(text.split("\n"), size=16))
    try:
        return document[0].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        document.close()


def image_only_pdf(text: str, language: str = "eng") -> bytes:
    """A PDF page that is only a picture of ``text`` (a scan): no text layer at all.

    ``language`` is "eng" or "ben" (which font draws the text).
    """
    from fpdf import FPDF

    image = _page_image(text, language)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")  # type: ignore[attr-defined]
    pdf = FPDF()
    pdf.add_page()
    width_mm = 210
    height_mm = width_mm * image.height / image.width  # type: ignore[attr-defined]
    pdf.image(io.BytesIO(buffer.getvalue()), x=0, y=0, w=width_mm, h=height_mm)
    return bytes(pdf.output())


def blank_image_pdf() -> bytes:
    """A PDF page holding only a blank white image (a scan of nothing)."""
    return image_only_pdf("", "eng")


def encrypted_pdf(user_password: str = "secret") -> bytes:
    """A one-page PDF that needs ``user_password`` to open (RC4-128, via pypdf)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(english_pdf("Secret CV"))))
    writer.encrypt(user_password=user_password, owner_password="owner-" + user_password, algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def many_pages_pdf(pages: int = 10_000) -> bytes:
    """A valid PDF of ``pages`` blank pages, written object by object (fast at any size)."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages)).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages)
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
    objects.extend(page for _ in range(pages))
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def malformed_pdf() -> bytes:
    """``%PDF-1.7`` followed by garbage."""
    return b"%PDF-1.7\n" + bytes((i * 37 + 11) % 256 for i in range(4000))


def truncated_pdf() -> bytes:
    """The first half of a real PDF."""
    data = english_pdf("This file was cut in half on its way.")
    return data[: len(data) // 2]


# DOCX ---------------------------------------------------------------------------------------

_TEXTBOX_XML = """
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
     xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"
     xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing>
        <wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1"
                   behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">
          <wp:simplePos x="0" y="0"/>
          <wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
          <wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>
          <wp:extent cx="2000000" cy="500000"/>
          <wp:wrapSquare wrapText="bothSides"/>
          <wp:docPr id="100" name="Text Box 1"/>
          <a:graphic>
            <a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
              <wps:wsp>
                <wps:txbx>
                  <w:txbxContent>
                    <w:p><w:r><w:t>{text}</w:t></w:r></w:p>
                  </w:txbxContent>
                </wps:txbx>
                <wps:bodyPr/>
              </wps:wsp>
            </a:graphicData>
          </a:graphic>
        </wp:anchor>
      </w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict>
        <v:shape style="width:160pt;height:40pt">
          <v:textbox>
            <w:txbxContent>
              <w:p><w:r><w:t>{text}</w:t></w:r></w:p>
            </w:txbxContent>
          </v:textbox>
        </v:shape>
      </w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>
"""


def add_text_box(paragraph: object, text: str) -> None:
    """Append to a python-docx paragraph a text box holding ``text``, stored as Word does:
    a DrawingML choice and a VML fallback with the same text."""
    from lxml import etree
    from xml.sax.saxutils import escape

    run = etree.fromstring(_TEXTBOX_XML.replace("{text}", escape(text)))
    paragraph._p.append(run)  # type: ignore[attr-defined]


def docx_with_everything(
    english: str = "Worked as a computer operator for five years.",
    bengali: str = "আমি কম্পিউটার অপারেটর হিসেবে কাজ করেছি",
    table: tuple[tuple[str, str], ...] = (("Skill", "দক্ষতা"), ("Typing", "টাইপিং")),
    nested: str = "Nested cell text",
    header: str = "Rahima Khatun CV",
    footer: str = "Phone 01711000000",
    text_box: str = "শিক্ষাগত যোগ্যতা: স্নাতক",
) -> bytes:
    """A DOCX with English and Bengali paragraphs, a table with a nested table, a header, a
    footer and a text box (added as raw XML, with a fallback copy Word would write)."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = header
    section.footer.paragraphs[0].text = footer
    document.add_paragraph(english)
    document.add_paragraph(bengali)
    grid = document.add_table(rows=len(table), cols=2)
    for row, (left, right) in zip(grid.rows, table):
        row.cells[0].text = left
        row.cells[1].text = right
    inner = grid.rows[0].cells[0].add_table(rows=1, cols=1)
    inner.rows[0].cells[0].text = nested
    anchor = document.add_paragraph("See the box:")
    add_text_box(anchor, text_box)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _rezip(data: bytes, replace: dict[str, bytes] | None = None, add: dict[str, bytes] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = (replace or {}).get(item.filename, source.read(item))
            target.writestr(copy.copy(item), body, compress_type=zipfile.ZIP_DEFLATED)
        for name, body in (add or {}).items():
            target.writestr(name, body)
    return out.getvalue()


def dtd_docx() -> bytes:
    """A DOCX whose document.xml declares a DTD with an entity (billion-laughs style)."""
    base = docx_with_everything()
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        xml = source.read(DOCX_MAIN)
    declaration_end = xml.index(b"?>") + 2
    dtd = b'\n<!DOCTYPE w:document [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>'
    xml = xml[:declaration_end] + dtd + xml[declaration_end:].replace(b"Worked as", b"&lol2; Worked as", 1)
    return _rezip(base, replace={DOCX_MAIN: xml})


def bomb_docx(unpacked_bytes: int = 1024**3) -> bytes:
    """A real DOCX plus a member of ``unpacked_bytes`` zeros (1 GB by default), deflated.

    The compressed stream is built from one compressed chunk repeated (zeros compress to the
    same bytes every time once the compressor is warm), so making it takes milliseconds.
    """
    base = docx_with_everything()
    chunk = 1024 * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    zeros = bytes(chunk)
    first = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    steady = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeats = unpacked_bytes // chunk
    stream = first + steady * (repeats - 1) + compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(repeats):
        crc = zlib.crc32(zeros, crc)
    return _append_raw_member(base, "word/media/zeros.bin", stream, unpacked_bytes, crc)


def _append_raw_member(data: bytes, name: str, deflated: bytes, size: int, crc: int) -> bytes:
    """``data`` (a ZIP) with one more member whose deflate stream is given as is (zip64)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(copy.copy(item), source.read(item), compress_type=zipfile.ZIP_DEFLATED)
        info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.file_size = size
        info.compress_size = len(deflated)
        info.CRC = crc
        info.header_offset = target.fp.tell()  # type: ignore[union-attr]
        target.fp.write(info.FileHeader(zip64=True))  # type: ignore[union-attr]
        target.fp.write(deflated)  # type: ignore[union-attr]
        target.start_dir = target.fp.tell()  # type: ignore[union-attr]
        target.filelist.append(info)
        target.NameToInfo[name] = info
    return out.getvalue()


def zip_not_docx() -> bytes:
    """A ZIP archive holding a text file: not a Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("notes.txt", "hello")
    return out.getvalue()


# Other files --------------------------------------------------------------------------------


def png_image() -> bytes:
    """A small PNG picture."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 20), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def exe_like() -> bytes:
    """Bytes that start like a Windows program (``MZ``)."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + os.urandom(512)


def ole_doc() -> bytes:
    """Bytes that start like an old Word .doc (OLE compound file)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def big_text(size: int = 6 * 1024 * 1024) -> bytes:
    """``size`` bytes of plain UTF-8 text."""
    line = "Experienced computer operator, Khulna. অভিজ্ঞ কম্পিউটার অপারেটর।\n".encode()
    return (line * (size // len(line) + 1))[:size].rsplit(b"\n", 1)[0] + b"\n"


def unshaped_pdf(text: str) -> bytes:
    """A PDF whose text layer holds ``text`` one glyph per character, exactly as given.

    Given a visual-order string (e.g. from a per-glyph text map of another PDF maker), this
    is what such PDFs read back as: the input for the Bengali order repair.
    """
    from fpdf import FPDF

    bengali = require_noto_fonts()
    pdf = FPDF()
    pdf.add_font("NotoSansBengali", "", str(bengali))
    pdf.set_font("NotoSansBengali", size=14)
    pdf.add_page()
    for line in text.split("\n"):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def lying_bomb_docx(hidden_bytes: int = 1024**3) -> bytes:
    """A DOCX whose document.xml declares its true size but whose deflate stream goes on to
    inflate ``hidden_bytes`` more zeros (1 GB by default): the header lies about the stream."""
    base = docx_with_everything()
    with zipfile.ZipFile(io.BytesIO(base)) as source:
        xml = source.read(DOCX_MAIN)
    chunk = 1024 * 1024
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(xml) + compressor.flush(zlib.Z_FULL_FLUSH)
    zeros = bytes(chunk)
    compressor.compress(zeros)
    compressor.flush(zlib.Z_FULL_FLUSH)
    steady = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    stream = head + steady * (hidden_bytes // chunk) + compressor.flush(zlib.Z_FINISH)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename == DOCX_MAIN:
                continue
            target.writestr(copy.copy(item), source.read(item), compress_type=zipfile.ZIP_DEFLATED)
    return _append_raw_member(out.getvalue(), DOCX_MAIN, stream, len(xml), zlib.crc32(xml))
