"""Task "bilingual": the project's English/Bengali postings against its CVs, graded 0-3 (all dev)."""

from evaluation.bilingual_set import cv_side, load_bilingual_set, posting_side, skills_of
from evaluation.metrics import ndcg_at, recall_at
from evaluation.prepared_task import PreparedTask
from evaluation.problem import Candidate, Query, RankingProblem
from evaluation.service_rows import cv_from_row, posting_from_row
from evaluation.settings import RunSettings
from evaluation.split import DEV

K = 10
TOP_GRADE = 3.0
CROSS_LINGUAL = f"xR@{K}"  # share of a posting's grade-3 CVs in the other language found in its top 10
PURE = ("en", "bn")

# Our matcher gets the records as the service stores them (skills and location separate); the
# baselines get the same information as one text: title, description and skills; CV text and skills.


def prepare(settings: RunSettings) -> PreparedTask:
    """Every posting as a query; the whole set is development data (the team keeps a held-out set)."""
    data = load_bilingual_set(settings.bilingual_dir)
    unknown = sorted({p for p, c in data.grades if p not in data.postings}
                     | {c for p, c in data.grades if c not in data.cvs})
    queries = tuple(_query(pid, record) for pid, record in sorted(data.postings.items()))
    pool = tuple(_candidate(cid, record) for cid, record in sorted(data.cvs.items()))
    gains: dict[str, dict[str, float]] = {}
    for (pid, cid), grade in data.grades.items():
        if pid in data.postings and cid in data.cvs and grade > 0:
            gains.setdefault(pid, {})[cid] = grade

    def scorer(query: Query, ranked: list[str]) -> dict[str, float]:
        own = gains.get(query.id, {})
        if not own:
            return {}
        language = str(data.postings[query.id].get("language") or "unknown")
        values = {f"nDCG@{K}": ndcg_at(ranked, own, K)}
        values[f"nDCG@{K} [{language}]"] = values[f"nDCG@{K}"]
        side = posting_side(language)
        other = {
            cid for cid, grade in own.items()
            if grade >= TOP_GRADE and side and cv_side(data.cvs[cid].get("language")) not in (None, side)
        }
        if other:
            values[CROSS_LINGUAL] = recall_at(ranked, other, K)
        # The same with neither mixed nor Banglish on either side: English ↔ Bengali script only.
        pure = {cid for cid in other if language in PURE and data.cvs[cid].get("language") in PURE}
        if pure:
            values[f"{CROSS_LINGUAL} [pure en/bn]"] = recall_at(ranked, pure, K)
        return values

    notes = [
        f"{len(queries)} postings, {len(pool)} CVs, {len(data.grades)} judgements "
        f"({sum(1 for q in queries if q.id in gains)} postings have a positive grade); all of it is dev.",
        f"{CROSS_LINGUAL}: grade-3 CVs whose language side differs from the posting's; mixed/banglish CVs are "
        "Bengali-side; mixed postings have no other language and are left out (see bilingual_set.py). "
        f"{CROSS_LINGUAL} [pure en/bn] counts only en postings with bn CVs and the reverse.",
    ]
    if unknown:
        notes.append(f"Judgements naming unknown ids were ignored: {', '.join(unknown[:10])}.")
    problem = RankingProblem(queries, pool, settings.depth)
    return PreparedTask(problem, scorer, [f"nDCG@{K}", CROSS_LINGUAL], notes)


def _query(posting_id: str, record: dict) -> Query:
    skills = skills_of(record)
    title, description = str(record.get("title") or ""), str(record.get("description") or "")
    extra = {k: v for k, v in record.items() if k not in {"id", "title", "description", "skills", "location"}}
    return Query(
        id=posting_id,
        text="\n".join([title, description, ", ".join(skills)]),
        posting=posting_from_row(posting_id, title, description, skills, record.get("location"), **extra),
        split=DEV,
    )


def _candidate(cv_id: str, record: dict) -> Candidate:
    skills = skills_of(record)
    text = str(record.get("text") or "")
    extra = {k: v for k, v in record.items() if k not in {"id", "text", "skills", "location", "language_pref"}}
    language_pref = record.get("language_pref") or "en"
    document = cv_from_row(cv_id, text, skills, record.get("location"), language_pref, **extra)
    return Candidate(cv_id, "\n".join([text, ", ".join(skills)]), document)
