"""An organiser's sheet of CVs (CSV or XLSX) read into rows of named fields, refusing sheets it cannot trust."""

from __future__ import annotations

import csv
import io
import zipfile

MAX_ROWS = 50_000
MAX_UNPACKED_XLSX = 200 * 1024 * 1024
FIELDS = (
    "name", "phone", "email", "language_pref", "location", "institution", "skills", "consents", "text", "file",
    "share_with_employers", "notify_by_sms", "notify_by_email",
)
# Other spellings organisers use for the same columns (English and Bengali).
ALIASES = {
    "language": "language_pref", "lang": "language_pref", "mobile": "phone", "phone_number": "phone",
    "e_mail": "email", "cv": "text", "cv_text": "text", "cv_file": "file", "filename": "file",
    "নাম": "name", "ফোন": "phone", "মোবাইল": "phone", "ইমেইল": "email", "ভাষা": "language_pref",
    "এলাকা": "location", "দক্ষতা": "skills", "সিভি": "text", "ফাইল": "file",
    "university": "institution", "college": "institution", "বিশ্ববিদ্যালয়": "institution", "কলেজ": "institution",
    "শিক্ষাপ্রতিষ্ঠান": "institution",
}


class SheetRefused(ValueError):
    """The sheet as a whole cannot be imported; the message says why (no personal data in it)."""


def read_sheet(data: bytes, filename: str | None = None) -> list[dict[str, str]]:
    """The sheet's rows as ``{field: text}`` (empty cells left out), in sheet order.

    XLSX is told by its bytes (a ZIP with ``xl/workbook.xml``), anything else is read as CSV
    (UTF-8 with or without BOM, or UTF-16 with BOM; comma, semicolon or tab separated). The first
    row names the columns; an unknown column refuses the sheet rather than dropping its data.
    """
    if not data.strip():
        raise SheetRefused("the sheet is empty")
    rows = _xlsx_rows(data) if data[:4] == b"PK\x03\x04" else _csv_rows(data)
    header, *body = rows or [[]]
    columns = [_column(name) for name in header]
    unknown = [str(name) for name, column in zip(header, columns) if column is None and str(name or "").strip()]
    if unknown:
        raise SheetRefused(f"unknown column(s): {', '.join(unknown[:5])}; use: {', '.join(FIELDS)}")
    if "name" not in columns:
        raise SheetRefused("the sheet has no 'name' column (the first row must name the columns)")
    if len(body) > MAX_ROWS:
        raise SheetRefused(f"the sheet has more than {MAX_ROWS} rows; split it")
    named = []
    for cells in body:
        row = {column: _cell(value) for column, value in zip(columns, cells) if column and _cell(value)}
        named.append(row)
    while named and not named[-1]:
        named.pop()  # trailing empty rows
    if not named:
        raise SheetRefused("the sheet has no rows under its header")
    return named


def _column(name) -> str | None:
    key = str(name or "").strip().lower().replace(" ", "_").replace("-", "_")
    key = ALIASES.get(key, key)
    return key if key in FIELDS else None


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed into a number cell
    return str(value).strip()


def _csv_rows(data: bytes) -> list[list[str]]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise SheetRefused("a CSV sheet must be UTF-8 (or UTF-16 with a byte order mark)") from None
    if "\x00" in text:
        raise SheetRefused("the sheet is neither CSV text nor an XLSX workbook")
    header = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=header.count)  # told by the header: cells below may hold any of them
    try:
        return list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:
        raise SheetRefused(f"the CSV cannot be read: {exc}") from None


def _xlsx_rows(data: bytes) -> list[list]:
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise SheetRefused("the sheet is a ZIP but not an XLSX workbook")
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_XLSX:
                raise SheetRefused("the workbook unpacks to too much data")
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SheetRefused:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise SheetRefused(f"the workbook cannot be read ({type(exc).__name__})") from None
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        workbook.close()
