"""Rows shaped like the matcher's stored postings and CVs, made into documents by the service's own code."""

from collections.abc import Iterable

from matcher import tables
from matcher.ranking import Document
from matcher.row_documents import cv_document, posting_document


def _blank(table) -> dict:
    """Every column of a stored row, None; so a column the service starts reading is at least present."""
    return {column.name: None for column in table.columns}


def posting_from_row(
    doc_id: str, title: str, description: str, skills: Iterable[str] = (), location: str | None = None, **extra
) -> Document:
    """A posting document exactly as the service indexes a stored posting (text = title + description)."""
    row = {**_blank(tables.postings), "id": doc_id, "employer": "", "title": title, "description": description,
           "skills": list(skills), "location": location, **extra}
    return posting_document(row)


def cv_from_row(
    doc_id: str, text: str, skills: Iterable[str] = (), location: str | None = None, language_pref: str = "en",
    **extra,
) -> Document:
    """A CV document exactly as the service indexes a stored CV."""
    row = {**_blank(tables.cvs), "id": doc_id, "text": text, "skills": list(skills), "location": location,
           "language_pref": language_pref, **extra}
    return cv_document(row)
