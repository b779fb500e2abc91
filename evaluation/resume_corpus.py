"""The LiveCareer resumes (24 categories) as the CV pool of three tasks."""

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

from evaluation.problem import Candidate
from evaluation.settings import MissingData
from evaluation.service_rows import cv_from_row

RESUMES_FILE = Path("livecareer-resumes") / "livecareer_resumes_2484.csv"
INCOHERENT_CATEGORY = "BPO"  # DATA.md: realtors, network engineers... its members share no occupation
# pypdf read a UTF-8 full-width separator as cp1252 between "Company Name" and "City" in 1,183
# resumes; scikit-learn's and bm25s' token patterns would keep "ï¼" as a word, so it goes for everyone.
_MOJIBAKE = ("ï¼\u200b", "ï¼")


@dataclass(frozen=True)
class Resume:
    """One LiveCareer resume: its id, search category and cleaned text."""

    id: str
    category: str
    text: str


def clean(text: str) -> str:
    """The resume text without the documented mojibake separator (nothing else changes)."""
    for artefact in _MOJIBAKE:
        text = text.replace(artefact, " ")
    return text


def load_resumes(data_dir: Path) -> list[Resume]:
    """Every resume in file order; MissingData if the file is absent."""
    path = data_dir / RESUMES_FILE
    if not path.is_file():
        raise MissingData(f"LiveCareer resumes not found at {path}")
    csv.field_size_limit(sys.maxsize)
    with path.open(encoding="utf-8", newline="") as f:
        return [Resume(row["ID"], row["Category"], clean(row["Resume_str"])) for row in csv.DictReader(f)]


def resume_candidate(resume: Resume) -> Candidate:
    """A resume as a pool document: its text for the baselines, the service's CV document for ours."""
    return Candidate(resume.id, resume.text, cv_from_row(resume.id, resume.text, language_pref="en"))
