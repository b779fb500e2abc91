"""One CV credited against every posting at once (the requirement table) gives, skill by skill, what the
pair-by-pair rule gives, and the same score and explanation as ranking the other way."""

import random

import numpy as np
import pytest

from matcher.ranking import CV, POSTING, Document, MatchIndex
from tests.unit.test_incremental_index import random_text

SKILLS = [
    "HTML/CSS/JavaScript",  # three concepts: credit 1/3 each, added up as the sparse products do
    "Customer Service", "MS Excel, Word and PowerPoint", "Python", "গ্রাহক সেবা", "ফটোশপ", "custmer servise",
    "forklift license", "survey data collection", "Bangla typing", "data entry data entry", "Good knowledge of Tally",
    "call centre", "কল সেন্টার", "night shift", "negotiation skills", "clipping path",
]


def _docs(seed, postings=25, cvs=40):
    rng = random.Random(seed)
    docs = []
    for i in range(postings):
        title = " ".join(rng.sample(SKILLS, 2))
        docs.append(Document(POSTING, f"p{i}", f"{title}\n{random_text(rng)}", tuple(rng.sample(SKILLS, rng.randint(0, 6)))))
    for i in range(cvs):
        text = f"{random_text(rng)} {' '.join(rng.sample(SKILLS, rng.randint(0, 4)))}"
        docs.append(Document(CV, f"c{i}", text, tuple(rng.sample(SKILLS, rng.randint(0, 3)))))
    return docs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_credit_against_every_posting_at_once_is_the_pair_by_pair_credit(seed):
    index = MatchIndex()
    docs = _docs(seed)
    for doc in docs:
        index.upsert(doc)
    index.remove(POSTING, "p3")  # a removed posting's slot gets nothing
    index.upsert(Document(POSTING, "p5", "Graphic designer\nPhotoshop", ("ফটোশপ", "clipping path")))  # replaced
    view, _ = index._view_and_slot(CV, "c0")
    credit = index._skill_credit
    for cv_id in (d.id for d in docs if d.kind == CV):
        cv_row = index._rows.slot(CV, cv_id)
        cv = view.entries[CV][cv_row]
        at_once = credit.for_postings(view, cv_row, cv, index._vocabulary)
        shown = credit.evidence(view, cv_row, cv)
        for slot, (posting, live) in enumerate(zip(view.entries[POSTING], view.live[POSTING].tolist())):
            one_by_one = [credit.of_pair(req, shown, index._vocabulary, view.width)[0]
                          for req in posting.profile.requirements] if live else []
            assert at_once.of(slot) == one_by_one  # to the bit
            expected = sum(one_by_one) / len(one_by_one) if one_by_one else 0.0
            assert at_once.coverage[slot] == expected


@pytest.mark.parametrize("seed", [4, 5])
def test_each_pair_scores_and_explains_alike_either_way(seed):
    index = MatchIndex()
    for doc in _docs(seed, postings=12, cvs=20):
        index.upsert(doc)
    for p in range(12):
        for match in index.rank_cvs_for_posting(f"p{p}", include_excluded=True):
            back = next(m for m in index.rank_postings_for_cv(match.cv_id, include_excluded=True)
                        if m.posting_id == match.posting_id)
            assert (back.score, back.explanation) == (match.score, match.explanation)


def _credit_totals_both_ways(index, posting_id, monkeypatch):
    """(totals from the compiled loops, totals from the arrays) of one posting's credit for every CV."""
    from matcher.ranking import credit_totals
    from matcher.ranking.compiled import kernels

    assert kernels() is not None  # the compiled loops load here
    view, _ = index._view_and_slot(POSTING, posting_id)
    posting = view.entries[POSTING][index._rows.slot(POSTING, posting_id)]
    compiled = index._skill_credit.for_cvs(view, posting, index._vocabulary).totals
    with monkeypatch.context() as patched:
        patched.setattr(credit_totals, "kernels", lambda: None)
        arrays = index._skill_credit.for_cvs(view, posting, index._vocabulary).totals
    return compiled, arrays


@pytest.mark.parametrize("seed", [6, 7])
def test_a_postings_credit_for_every_cv_at_once_is_the_pair_by_pair_credit(seed, monkeypatch):
    # CVs show many skills in both their text and their skills list: a term reached twice counts once.
    index = MatchIndex()
    docs = _docs(seed)
    docs.append(Document(CV, "both", "Customer service, MS Excel, custmer servise", ("Customer Service", "MS Excel")))
    for doc in docs:
        index.upsert(doc)
    view, _ = index._view_and_slot(POSTING, "p0")
    credit = index._skill_credit
    for posting_id in (d.id for d in docs if d.kind == POSTING):
        posting = view.entries[POSTING][index._rows.slot(POSTING, posting_id)]
        at_once = credit.for_cvs(view, posting, index._vocabulary)
        compiled, arrays = _credit_totals_both_ways(index, posting_id, monkeypatch)
        assert compiled.tolist() == arrays.tolist()  # to the bit
        for cv_row, (cv, live) in enumerate(zip(view.entries[CV], view.live[CV].tolist())):
            shown = credit.evidence(view, cv_row, cv)
            one_by_one = [credit.of_pair(req, shown, index._vocabulary, view.width)[0] for req in posting.profile.requirements]
            assert at_once.of(cv_row) == one_by_one
            added = 0.0
            for value in one_by_one:
                added += value
            assert at_once.totals[cv_row] == added  # to the bit


@pytest.mark.parametrize(("newest", "marks", "halves"),
                         [(0, None, False), (30, None, False), (400, None, False), (30, 60, False),
                          (0, None, True), (30, None, True), (400, None, True), (30, 60, True)])
def test_credit_totals_read_by_column_and_by_row_equal_the_array_path_to_the_bit(newest, marks, halves, monkeypatch):
    # Enough CVs for a column copy; then ``newest`` more read row by row (400: a copy made again), some
    # replaced and removed, with skills and words new since the copy was made. The scratch the compiled
    # loop keeps between rankings is reused (with ``marks``: made again every few rankings). With
    # ``halves``, the slots are added up as two ranges at once, one on the helper thread.
    from matcher.ranking import compiled, credit_totals

    if marks:
        monkeypatch.setattr(credit_totals, "_MARKS_LIMIT", marks)
    ranges = []
    if halves:
        monkeypatch.setattr(credit_totals, "HALVES_FROM", 2)
        real = compiled.in_two_halves

        def recorded(run, n, at_least):
            ranges.append((n, []))  # each call: how many, and the ranges it ran
            real(lambda first, end: (ranges[-1][1].append((first, end)), run(first, end)), n, at_least)

        monkeypatch.setattr(credit_totals, "in_two_halves", recorded)
    index = MatchIndex()
    rng = random.Random(newest)
    for doc in _docs(newest, postings=25, cvs=300):
        index.upsert(doc)
    index.rank_cvs_for_posting("p0")  # the view that makes the column copy
    for i in range(newest):
        words = f"{random_text(rng)} zebrafish{i % 7} {' '.join(rng.sample(SKILLS, rng.randint(0, 4)))}"
        index.upsert(Document(CV, f"n{i}", words, tuple(rng.sample(SKILLS + ["Zebrafish husbandry"], rng.randint(0, 3)))))
    for i in range(0, newest, 9):
        index.upsert(Document(CV, f"c{i}", "Customer service and data entry", ("MS Excel",)))
        index.remove(CV, f"c{i + 1}")
    index.upsert(Document(POSTING, "z", "Zebrafish technician\nzebrafish3 husbandry", ("Zebrafish husbandry", "Python")))
    reached = 0
    for posting_id in ["z"] + [f"p{p}" for p in range(25)]:
        compiled, arrays = _credit_totals_both_ways(index, posting_id, monkeypatch)
        assert compiled.tolist() == arrays.tolist()  # to the bit
        reached += int(np.count_nonzero(compiled))
    assert reached > 1000  # most postings' skills reach many CVs
    if halves:
        # Every call ran its whole range, the slots' (and the terms' gathering) in two ranges end to end.
        assert all(sorted(ran) in ([(0, n)], [(0, n // 2), (n // 2, n)]) for n, ran in ranges)
        assert any(len(ran) == 2 and n > 2 for n, ran in ranges)  # the slots added up in two halves
        assert any(len(ran) == 2 and n == 2 for n, ran in ranges)  # the terms' slots gathered as two runs of terms


def test_explanations_sharing_what_a_ranking_worked_out_equal_those_built_pair_by_pair(monkeypatch):
    from matcher.ranking.explanation import Explainer

    index = MatchIndex()
    for doc in _docs(6, postings=10, cvs=16):
        index.upsert(doc)

    def every_explanation():
        out = [m.explanation for p in range(10) for m in index.rank_cvs_for_posting(f"p{p}", include_excluded=True)]
        return out + [m.explanation for c in range(16) for m in index.rank_postings_for_cv(f"c{c}", include_excluded=True)]

    shared = every_explanation()
    explain = Explainer.explain
    monkeypatch.setattr(Explainer, "explain", lambda self, *args: explain(self, *args[:6]))  # nothing kept between pairs
    assert shared == every_explanation()
    assert len(shared) > 100
