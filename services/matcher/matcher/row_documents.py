"""Turning stored posting and CV rows into documents for the index."""

from matcher.ranking import Constraints, Document


def posting_document(row) -> Document:
    """A posting as an index document: title and description are its text."""
    return Document(
        kind="posting",
        id=row["id"],
        text=f"{row['title']}\n{row['description']}",
        skills=tuple(row["skills"] or ()),
        location=row["location"],
        constraints=Constraints.from_mapping(row.get("constraints") or {}),
    )


def cv_document(row) -> Document:
    """A CV as an index document."""
    return Document(kind="cv", id=row["id"], text=row["text"], skills=tuple(row["skills"] or ()), location=row["location"])
