"""Task "ferr": re-rank each job's HR-judged resumes from its key skills; nDCG@5 against the grades."""

from evaluation.judged_relevance import direction_evidence, grade_gain, load_grades, load_key_skills
from evaluation.resume_corpus import load_resumes, resume_candidate
from evaluation.metrics import ndcg_at
from evaluation.prepared_task import PreparedTask
from evaluation.problem import Query, RankingProblem
from evaluation.service_rows import posting_from_row
from evaluation.settings import RunSettings
from evaluation.split import split_of

K = 5

# The job descriptions' texts are not in the data (FERR SOURCE.txt), so for our matcher a job is a
# posting whose skills are its key skills and whose description is the same list written out; the
# baselines search with that text. The pool is every judged resume (352), so IDF comes from a real
# corpus, and each job re-ranks only its own judged resumes: unjudged ones are unknown, not irrelevant.


def prepare(settings: RunSettings) -> PreparedTask:
    """One query per job with a judged resume that exists in LiveCareer and a positive gain."""
    key_skills = load_key_skills(settings.data_dir)
    grades = load_grades(settings.data_dir)
    resumes = {r.id: r for r in load_resumes(settings.data_dir)}
    judged = sorted({rid for by_resume in grades.values() for rid in by_resume if rid in resumes})
    gains = {
        job: {rid: grade_gain(g) for rid, g in by_resume.items() if rid in resumes}
        for job, by_resume in grades.items()
    }
    usable = sorted(job for job in gains if job in key_skills and any(g > 0 for g in gains[job].values()))
    queries = tuple(
        Query(
            id=job,
            text=", ".join(key_skills[job]),
            posting=posting_from_row(job, "", ", ".join(key_skills[job]), skills=key_skills[job]),
            split=split_of(job),
            candidates=frozenset(gains[job]),
        )
        for job in usable
    )

    def scorer(query: Query, ranked: list[str]) -> dict[str, float]:
        return {f"nDCG@{K}": ndcg_at(ranked, gains[query.id], K)}

    evidence = direction_evidence(settings.data_dir, grades, key_skills, resumes)
    pairs = sum(len(g) for g in gains.values())
    notes = [
        f"{len(queries)} jobs, {pairs} judged (job, resume) pairs over {len(judged)} resumes; "
        f"{len(grades) - len(usable)} jobs dropped (no key skills or no grade above 1).",
        "Grades: higher = more relevant (checked, see judged_relevance.py); gain = mean grade - 1.",
        f"Direction check on this data: {evidence}.",
        "Job texts are not in the data: posting = key skills as text and as skills; baselines search that text.",
        "Each job re-ranks only its own judged resumes (pool = all judged resumes, for IDF).",
    ]
    problem = RankingProblem(queries, tuple(resume_candidate(resumes[rid]) for rid in judged), None)
    return PreparedTask(problem, scorer, [f"nDCG@{K}"], notes)
