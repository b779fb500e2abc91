"""FERR: HR judges' grades of LiveCareer resumes for 50 jobs, and each job's key skills."""

import csv
import re
from collections import defaultdict
from pathlib import Path
from statistics import mean

from evaluation.resume_corpus import Resume
from evaluation.settings import MissingData

FERR_DIR = Path("ferr-human-labels")
LABELS_FILE = FERR_DIR / "label_interaction.csv"
QUERIES_FILE = FERR_DIR / "ferr_jd_keyword_queries.csv"
FEEDBACK_FILE = FERR_DIR / "feedback_interaction.csv"

# Grade direction (1..7) is undocumented. Checked against the texts (463 judgements):
# - resumes the HR judge marked is_chosen=1 ("deemed good/better", feedback table) average 4.46
#   (n=67) against 3.46 (n=54) for is_chosen=0;
# - resumes whose headline (first line) shares a word with the job's key skills average 4.02
#   (n=177) against 3.52 (n=286) for the rest;
# - by hand, per job: QA-testing job: 6 = "Software Quality Assurance Analyst II", 1 = "Senior
#   Materials Analyst"; warehouse/logistics job: 5 = "Warehouse Lead", 1 = "Chef" and an arts-and-
#   crafts store clerk; team/technical-lead job: 7 = "Experienced Information Technology Manager",
#   1 = "Assistant Store Manager"; finance job: 6 = "Finance Manager", 2 = "Financial Analyst Intern";
# - SOURCE.txt: the fine-tuned model's picks average 3.90 against the baseline model's 3.51.
# (The feedback_pos/neg counts correlate negatively with the grade, rho = -0.24, but those columns tag
# the job's key skills for the model, not the resume's fit; they say nothing about the direction.)
# Conclusion: higher = more relevant. Gain for nDCG = mean grade - 1, so a 1 ("least relevant") earns 0.
# ``direction_evidence`` recomputes the first two checks on every run.


def grade_gain(grades: list[float]) -> float:
    """nDCG gain of a (job, resume) pair from its judges' grades: mean grade - 1 (0..6)."""
    return mean(grades) - 1.0


def load_key_skills(data_dir: Path) -> dict[str, list[str]]:
    """Job id -> its key skills, in file order; MissingData if the file is absent."""
    path = _existing(data_dir / QUERIES_FILE)
    with path.open(encoding="utf-8", newline="") as f:
        return {
            row["jd_id"]: [s.strip() for s in row["jd_key_skills"].split("|") if s.strip()]
            for row in csv.DictReader(f)
        }


def load_grades(data_dir: Path) -> dict[str, dict[str, list[float]]]:
    """Job id -> resume id -> every judge's grade; MissingData if the file is absent."""
    path = _existing(data_dir / LABELS_FILE)
    grades: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            grades[row["jd_id"]][row["resume_id"]].append(float(row["score"]))
    return {job: dict(by_resume) for job, by_resume in grades.items()}


def direction_evidence(
    data_dir: Path, grades: dict[str, dict[str, list[float]]], key_skills: dict[str, list[str]],
    resumes: dict[str, Resume],
) -> dict[str, float]:
    """Mean grades of chosen vs not-chosen resumes and of headline-overlap vs not (higher = more relevant?)."""
    evidence = {}
    path = data_dir / FEEDBACK_FILE
    if path.is_file():
        chosen: dict[str, list[float]] = {"1": [], "0": []}
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                judged = grades.get(row["jd_id"], {}).get(row["resume_id"])
                if judged and row["is_chosen"] in chosen:
                    chosen[row["is_chosen"]].append(mean(judged))
        if chosen["1"] and chosen["0"]:
            evidence["mean_grade_chosen"] = round(mean(chosen["1"]), 2)
            evidence["mean_grade_not_chosen"] = round(mean(chosen["0"]), 2)
    overlap: dict[bool, list[float]] = {True: [], False: []}
    for job, by_resume in grades.items():
        words = set(re.findall(r"[a-z]{3,}", " ".join(key_skills.get(job, ())).lower()))
        for resume_id, judged in by_resume.items():
            if resume_id in resumes:
                headline = resumes[resume_id].text.strip().split("\n", 1)[0].lower()
                overlap[bool(words & set(re.findall(r"[a-z]{3,}", headline)))].append(mean(judged))
    if overlap[True] and overlap[False]:
        evidence["mean_grade_headline_overlap"] = round(mean(overlap[True]), 2)
        evidence["mean_grade_no_headline_overlap"] = round(mean(overlap[False]), 2)
    return evidence


def _existing(path: Path) -> Path:
    if not path.is_file():
        raise MissingData(f"FERR file not found at {path}")
    return path
