"""Documents the ranking indexes and the matches it returns."""

from dataclasses import dataclass

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


@dataclass(frozen=True)
class Document:
    """A posting (title + description) or a CV (its text), with listed skills."""

    kind: str
    id: str
    text: str
    skills: tuple[str, ...] = ()
    location: str | None = None

    def __post_init__(self) -> None:
        check_kind(self.kind)
        if not isinstance(self.id, str) or not self.id:
            raise ValueError("document id must be a non-empty str")
        if not isinstance(self.text, str):
            raise TypeError("document text must be a str")
        if isinstance(self.skills, str):
            raise TypeError("skills must be a sequence of str, not one str")
        object.__setattr__(self, "skills", tuple(self.skills))


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
