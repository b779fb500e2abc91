"""The project's own English/Bengali set: postings, CVs and graded judgements (0-3) as JSON lines."""

import json
from dataclasses import dataclass
from pathlib import Path

from evaluation.settings import MissingData

FILES = ("postings.jsonl", "cvs.jsonl", "qrels.jsonl")

# Which side of the language divide a document is on, for cross-lingual recall. A CV in mixed
# Bengali/English or in Banglish (Bengali in Latin letters) is Bengali-side: it is what a Bengali
# speaker writes, and an English posting must bridge to it. A Banglish posting is Bengali-side for
# the same reason. A *mixed* posting has no side: it shares words with both English and Bengali CVs,
# so no CV is "in the other language" for it, and it is left out of cross-lingual recall (it still
# counts in nDCG).
ENGLISH, BENGALI = "en", "bn"
_CV_SIDE = {"en": ENGLISH, "english": ENGLISH, "bn": BENGALI, "bengali": BENGALI, "bangla": BENGALI,
            "mixed": BENGALI, "banglish": BENGALI}
_POSTING_SIDE = {"en": ENGLISH, "english": ENGLISH, "bn": BENGALI, "bengali": BENGALI, "bangla": BENGALI,
                 "banglish": BENGALI}


def cv_side(language: str | None) -> str | None:
    """"en", "bn" or None (unknown) for a CV's language."""
    return _CV_SIDE.get((language or "").strip().lower())


def posting_side(language: str | None) -> str | None:
    """"en", "bn" or None (mixed or unknown: no other language) for a posting's language."""
    return _POSTING_SIDE.get((language or "").strip().lower())


@dataclass(frozen=True)
class BilingualSet:
    """Postings and CVs as parsed JSON objects by id, and grades by (posting id, CV id)."""

    postings: dict[str, dict]
    cvs: dict[str, dict]
    grades: dict[tuple[str, str], float]


def skills_of(record: dict) -> list[str]:
    """A record's skills as a list (a comma-separated string is split)."""
    skills = record.get("skills") or []
    if isinstance(skills, str):
        skills = skills.split(",")
    return [s.strip() for s in skills if s and s.strip()]


def load_bilingual_set(directory: Path) -> BilingualSet:
    """Read the three files; MissingData if any is absent, ValueError on a malformed line."""
    missing = [name for name in FILES if not (directory / name).is_file()]
    if missing:
        raise MissingData(f"bilingual set not found at {directory} (missing {', '.join(missing)})")
    postings = {str(r["id"]): r for r in _read_lines(directory / "postings.jsonl")}
    cvs = {str(r["id"]): r for r in _read_lines(directory / "cvs.jsonl")}
    grades = {}
    for r in _read_lines(directory / "qrels.jsonl"):
        grades[(str(r["posting_id"]), str(r["cv_id"]))] = float(r["grade"])
    return BilingualSet(postings, cvs, grades)


def _read_lines(path: Path) -> list[dict]:
    records = []
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, start=1):
            if line.strip():
                try:
                    records.append(json.loads(line))
                except json.JSONDecodeError as error:
                    raise ValueError(f"{path}:{number}: not JSON: {error}") from error
    return records
