"""Task "livecareer": each resume as the query against all the others; relevant = same category."""

from evaluation.resume_corpus import INCOHERENT_CATEGORY, load_resumes, resume_candidate
from evaluation.metrics import ndcg_at, precision_at, reciprocal_rank
from evaluation.prepared_task import PreparedTask
from evaluation.problem import Query, RankingProblem
from evaluation.service_rows import posting_from_row
from evaluation.settings import RunSettings
from evaluation.split import split_of

K = 10

# For our matcher the query resume is a posting (its text as the description; no title, no skills:
# a resume lists no skills the way a posting does) ranked against every resume indexed once as a CV,
# which is the only way the service ranks documents against each other. The query's own CV is
# dropped from its ranking (leave-one-out). Postings and CVs share one TF-IDF fit in MatchIndex, so
# the fit holds every text twice; the baselines fit on the pool once. Both leave IDF all but equal.


def prepare(settings: RunSettings) -> PreparedTask:
    """The leave-one-out problem; BPO resumes stay in the pool but are never queries."""
    resumes = load_resumes(settings.data_dir)
    members: dict[str, set[str]] = {}
    for resume in resumes:
        members.setdefault(resume.category, set()).add(resume.id)
    queries = tuple(
        Query(
            id=r.id,
            text=r.text,
            posting=posting_from_row(r.id, "", r.text),
            split=split_of(r.id),
            exclude=r.id,
        )
        for r in resumes
        if r.category != INCOHERENT_CATEGORY and r.text.strip()
    )
    category = {r.id: r.category for r in resumes}
    empty = [r.id for r in resumes if not r.text.strip()]
    mrr = f"MRR@{settings.depth}"

    def scorer(query: Query, ranked: list[str]) -> dict[str, float]:
        relevant = members[category[query.id]] - {query.id}
        if not relevant:
            return {}
        return {
            f"P@{K}": precision_at(ranked, relevant, K),
            f"nDCG@{K}": ndcg_at(ranked, dict.fromkeys(relevant, 1.0), K),
            mrr: reciprocal_rank(ranked, relevant, settings.depth),
        }

    notes = [
        f"{len(resumes)} resumes, {len(members)} categories; {len(queries)} queries.",
        f"{INCOHERENT_CATEGORY} ({len(members.get(INCOHERENT_CATEGORY, ()))} resumes) is excluded from the "
        "queries (DATA.md: incoherent category) but kept in the pool as non-relevant for everyone.",
        f"Resumes with empty text are not queries (kept in the pool): {', '.join(empty) or 'none'}.",
        "Our matcher: query resume = a posting (text only, no skills) against all resumes as CVs; itself excluded.",
        f"MRR is cut at rank {settings.depth} (each system returns {settings.depth} ids per query).",
    ]
    problem = RankingProblem(queries, tuple(resume_candidate(r) for r in resumes), settings.depth)
    return PreparedTask(problem, scorer, [f"P@{K}", f"nDCG@{K}", mrr], notes)
