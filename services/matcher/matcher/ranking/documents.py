"""Documents the ranking indexes and the matches it returns."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matcher.ranking.constraints import Constraints

POSTING = "posting"
CV = "cv"
KINDS = (POSTING, CV)


def check_kind(kind: str) -> str:
    """Return ``kind`` if it is "posting" or "cv"; raise ``ValueError`` otherwise."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    return kind


def other_kind(kind: str) -> str:
    """Return the kind a document of ``kind`` is ranked against."""
    return CV if check_kind(kind) == POSTING else POSTING


@dataclass(frozen=True, slots=True)
class Document:
    """A posting (title, a line break, description) or a CV (its text), with listed skills.

    Optional fields, all backward compatible:

    - ``location``: a district or division of Bangladesh in any spelling ("Jessore",
      "যশোর", "Khulna Division"); a posting's place for its location constraint, a CV's
      place for checking it.
    - ``constraints`` (postings only): a ``Constraints`` with location, language and
      education policies; None means no constraint.
    - ``languages`` (CVs only): languages the candidate declared outside the text (e.g. a
      form field), any spelling; the text is read for languages as well.
    - ``education`` (CVs only): the highest level completed, declared outside the text
      ("HSC", "Bachelor", "স্নাতক"); the text is read as well and the higher one counts.
    """

    kind: str
    id: str
    text: str
    skills: tuple[str, ...] = ()
    location: str | None = None
    constraints: Constraints | None = None
    languages: tuple[str, ...] = ()
    education: str | None = None

    def __post_init__(self) -> None:
        check_kind(self.kind)
        if not isinstance(self.id, str) or not self.id:
            raise ValueError("document id must be a non-empty str")
        if not isinstance(self.text, str):
            raise TypeError("document text must be a str")
        if isinstance(self.skills, str):
            raise TypeError("skills must be a sequence of str, not one str")
        object.__setattr__(self, "skills", tuple(self.skills))
        if self.location is not None and not isinstance(self.location, str):
            raise TypeError("location must be a str or None")
        if self.constraints is not None:
            from matcher.ranking.constraints import Constraints

            if not isinstance(self.constraints, Constraints):
                raise TypeError("constraints must be a Constraints or None")
            if self.kind != POSTING:
                raise ValueError("only postings carry constraints")
        if isinstance(self.languages, str):
            raise TypeError("languages must be a sequence of str, not one str")
        object.__setattr__(self, "languages", tuple(self.languages))
        if self.education is not None and not isinstance(self.education, str):
            raise TypeError("education must be a str or None")


def document_digest(doc: Document) -> bytes:
    """16 bytes that change with any field of ``doc`` (kind, id, text, skills, place, constraints...)."""
    return hashlib.blake2b(repr(doc).encode("utf-8", "surrogatepass"), digest_size=16).digest()


@dataclass(frozen=True)
class Match:
    """One posting–CV pair with its score (0..1) and a JSON-serialisable explanation."""

    posting_id: str
    cv_id: str
    score: float
    explanation: dict


class UnknownDocument(KeyError):
    """No document of this kind and id is in the index."""

    def __init__(self, kind: str, doc_id: str) -> None:
        super().__init__((kind, doc_id))
        self.kind = kind
        self.doc_id = doc_id

    def __str__(self) -> str:
        return f"no {self.kind} with id {self.doc_id!r} in the index"
