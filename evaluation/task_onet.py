"""Task "onet": O*NET occupation descriptions as postings against the LiveCareer resumes."""

import csv
from pathlib import Path

from evaluation.resume_corpus import INCOHERENT_CATEGORY, load_resumes, resume_candidate
from evaluation.metrics import ndcg_at, precision_at, reciprocal_rank
from evaluation.prepared_task import PreparedTask
from evaluation.problem import Query, RankingProblem
from evaluation.service_rows import posting_from_row
from evaluation.settings import MissingData, RunSettings
from evaluation.split import split_of

K = 10
OCCUPATIONS_FILE = Path("onet") / "onet_occupation_data.tsv"
MAPPING_FILE = Path(__file__).with_name("occupation_categories.csv")  # frozen: see its header


def load_mapping(path: Path = MAPPING_FILE) -> dict[str, str]:
    """O*NET-SOC code -> LiveCareer category, from the committed mapping ('#' lines are comments)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return {row["onet_soc_code"]: row["category"] for row in rows}


def load_occupations(data_dir: Path) -> dict[str, tuple[str, str]]:
    """O*NET-SOC code -> (title, description); MissingData if the file is absent."""
    path = data_dir / OCCUPATIONS_FILE
    if not path.is_file():
        raise MissingData(f"O*NET occupations not found at {path}")
    with path.open(encoding="utf-8", newline="") as f:
        return {
            row["O*NET-SOC Code"]: (row["Title"], row["Description"])
            for row in csv.DictReader(f, delimiter="\t")
        }


def prepare(settings: RunSettings) -> PreparedTask:
    """Each mapped occupation (title + description, no skills) ranks all resumes; relevant = its category."""
    occupations = load_occupations(settings.data_dir)
    resumes = load_resumes(settings.data_dir)
    mapping = load_mapping()
    members: dict[str, set[str]] = {}
    for resume in resumes:
        members.setdefault(resume.category, set()).add(resume.id)
    if INCOHERENT_CATEGORY in mapping.values():
        raise ValueError(f"{MAPPING_FILE.name} must not map to {INCOHERENT_CATEGORY}")
    missing = sorted(code for code in mapping if code not in occupations)
    no_resumes = sorted(code for code in mapping if code in occupations and mapping[code] not in members)
    queries = tuple(
        Query(
            id=code,
            text=f"{occupations[code][0]}\n{occupations[code][1]}",
            posting=posting_from_row(code, *occupations[code]),
            split=split_of(code),
        )
        for code in sorted(mapping)
        if code in occupations and mapping[code] in members
    )
    mrr = f"MRR@{settings.depth}"

    def scorer(query: Query, ranked: list[str]) -> dict[str, float]:
        relevant = members[mapping[query.id]]
        return {
            f"nDCG@{K}": ndcg_at(ranked, dict.fromkeys(relevant, 1.0), K),
            f"P@{K}": precision_at(ranked, relevant, K),
            mrr: reciprocal_rank(ranked, relevant, settings.depth),
        }

    per_category: dict[str, int] = {}
    for query in queries:
        per_category[mapping[query.id]] = per_category.get(mapping[query.id], 0) + 1
    notes = [
        f"{len(queries)} mapped occupations over {len(per_category)} categories "
        f"({', '.join(f'{c} {n}' for c, n in sorted(per_category.items()))}); pool = all {len(resumes)} resumes.",
        f"Mapping {MAPPING_FILE.name} is frozen (decided from titles before any result). No occupation maps to "
        f"{INCOHERENT_CATEGORY}; its resumes stay in the pool as non-relevant.",
        f"MRR is cut at rank {settings.depth}.",
    ]
    if missing:
        notes.append(f"Mapped codes absent from the O*NET file (skipped): {', '.join(missing)}.")
    if no_resumes:
        notes.append(f"Mapped codes whose category has no resume (skipped): {', '.join(no_resumes)}.")
    problem = RankingProblem(queries, tuple(resume_candidate(r) for r in resumes), settings.depth)
    return PreparedTask(problem, scorer, [f"nDCG@{K}", f"P@{K}", mrr], notes)
