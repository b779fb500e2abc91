"""CV and posting texts for the scale benchmarks: real text where the data is, synthetic where it is not.

CVs are windows of the 2,484 LiveCareer resumes (``../shared/data``, ``JOBMATCH_DATA_DIR``): CV
``k`` is 80-250 words of consecutive lines of resume ``k mod 2484``, from an offset drawn from
``k``, so any number of distinct CVs of a typed kiosk CV's length share the real vocabulary.
Postings are the bdjobs.com postings that have a description (title, description, requirements),
with three listed skills each. Without the data both fall back to ``benchmarks.matcher_index``'s
synthetic English/Bengali documents, and ``source`` says so.
"""

from __future__ import annotations

import csv
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from benchmarks.matcher_index import synthetic_cv, synthetic_posting
from evaluation.resume_corpus import load_resumes
from evaluation.settings import MissingData, resolve_data_dir

POSTINGS_FILE = Path("bdjobs-postings") / "bdjobs_postings_2017_2020.csv"
POSTING_SKILLS = (
    "MS Excel", "Customer Service", "Communication", "Accounting", "Sales", "Java", "PHP", "JavaScript",
    "MySQL", "Marketing", "Data Entry", "Photoshop", "English", "Team Leadership", "Reporting", "Negotiation",
)


@dataclass(frozen=True)
class Text:
    """One document's fields as the services store them."""

    id: str
    text: str
    skills: tuple[str, ...] = ()
    title: str = ""


@dataclass(frozen=True)
class Corpus:
    """Where the texts come from, and how to make CV ``k`` and the postings."""

    source: str
    resumes: tuple[str, ...]
    postings: tuple[Text, ...]

    def cv(self, k: int) -> Text:
        """CV ``k`` (deterministic): a window of a real resume, or the synthetic CV ``k``."""
        if not self.resumes:
            doc = synthetic_cv(k)
            return Text(f"cv-{k:07d}", doc.text, doc.skills)
        rng = random.Random(k)
        lines = self.resumes[k % len(self.resumes)]
        target = rng.randint(80, 250)
        start = rng.randrange(len(lines))
        taken, words = [], 0
        for line in lines[start:] + lines[:start]:
            taken.append(line)
            words += len(line.split())
            if words >= target:
                break
        return Text(f"cv-{k:07d}", "\n".join(taken))

    def cvs(self, count: int, first: int = 0) -> list[Text]:
        """CVs ``first`` .. ``first + count - 1``."""
        return [self.cv(k) for k in range(first, first + count)]


def load(data_dir: Path | None = None) -> Corpus:
    """The LiveCareer/bdjobs corpus from ``data_dir`` (default: as ``make eval``), or the synthetic one."""
    data_dir = data_dir or resolve_data_dir(None)
    try:
        resumes = tuple(tuple(line for line in r.text.splitlines() if line.strip()) for r in load_resumes(data_dir))
        resumes = tuple(lines for lines in resumes if lines)
    except MissingData:
        resumes = ()
    postings = _bdjobs_postings(data_dir)
    if resumes and postings:
        return Corpus(f"LiveCareer resume windows + bdjobs postings ({data_dir})", resumes, postings)
    synthetic = tuple(_synthetic_posting(n) for n in range(200))
    return Corpus(f"synthetic English/Bengali (no data at {data_dir})", (), synthetic)


def _synthetic_posting(number: int) -> Text:
    doc = synthetic_posting(number)
    title, _, body = doc.text.partition("\n")
    return Text(doc.id, body, doc.skills, title)


def _bdjobs_postings(data_dir: Path) -> tuple[Text, ...]:
    path = data_dir / POSTINGS_FILE
    if not path.is_file():
        return ()
    csv.field_size_limit(sys.maxsize)
    postings = []
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            body = "\n".join(part for part in (row["description"], row["requirements"]) if part and part.strip())
            if len(body.split()) < 20:
                continue
            rng = random.Random(row["row_id"])
            postings.append(Text(f"posting-{int(row['row_id']):04d}", body, tuple(rng.sample(POSTING_SKILLS, 3)),
                                 row["title"].strip()[:200] or "Untitled"))
    return tuple(postings)
