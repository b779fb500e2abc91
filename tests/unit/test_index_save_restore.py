"""A saved index, restored with the documents stored now, ranks and explains as an index built from them."""

import io
import random

import pytest

from matcher.ranking import CV, POSTING, Constraints, Document, MatchIndex, ScoringWeights, index_rows
from tests.unit.test_incremental_index import every_ranking, random_doc, scores


def _saved(index: MatchIndex) -> bytes:
    out = io.BytesIO()
    index.save(out)
    return out.getvalue()


def _keyed(docs):
    return {(d.kind, d.id): d for d in docs}


def _live(docs):
    return {kind: {d.id: d for d in docs if d.kind == kind} for kind in (POSTING, CV)}


def _documents(rng, postings=6, cvs=30):
    return [random_doc(rng, POSTING, f"p{i}") for i in range(postings)] + [random_doc(rng, CV, f"c{i}") for i in range(cvs)]


def _built(docs) -> MatchIndex:
    index = MatchIndex()
    for doc in docs:
        index.upsert(doc)
    return index


def test_an_index_restored_with_the_same_documents_ranks_and_explains_alike(monkeypatch):
    monkeypatch.setattr(index_rows, "_MIN_DEAD_TO_COMPACT", 10**9)  # dead slots are still there when it is saved
    rng = random.Random(5)
    docs = _documents(rng)
    index = _built([*docs, *_documents(random.Random(6), 2, 5)])  # some of these ids are replaced below
    for doc in docs:
        index.upsert(doc)
    index.remove(CV, "c29")
    docs = [d for d in docs if d.id != "c29"]
    live = _live(docs)
    before = every_ranking(index, live)

    restored, kept, dropped = MatchIndex.restore(io.BytesIO(_saved(index)), _keyed(docs))

    assert kept == set(_keyed(docs)) and dropped == 0
    assert restored.count(CV) == 29 and restored.count(POSTING) == 6
    assert every_ranking(restored, live) == before
    assert every_ranking(index, live) == before  # saving changed nothing in the original


@pytest.mark.parametrize("seed", [3, 4])
def test_documents_changed_removed_or_added_since_the_save_come_from_the_store(seed):
    rng = random.Random(seed)
    saved_docs = _documents(rng)
    saved = _saved(_built(saved_docs))
    now = {(d.kind, d.id): d for d in saved_docs}
    for key in rng.sample(sorted(now), 8):
        del now[key]  # closed, withdrawn or erased since
    for key in rng.sample(sorted(now), 6):
        kind, doc_id = key
        now[key] = random_doc(rng, kind, doc_id)  # edited since: same id, new content
    moved = now[POSTING, "p0"] if (POSTING, "p0") in now else now.setdefault((POSTING, "p0"), random_doc(rng, POSTING, "p0"))
    now[POSTING, "p0"] = Document(POSTING, "p0", moved.text, moved.skills, "Khulna", Constraints(location_policy="require"))
    for i in range(5):
        now[CV, f"new{i}"] = random_doc(rng, CV, f"new{i}")
    current = list(now.values())

    restored, kept, dropped = MatchIndex.restore(io.BytesIO(saved), now)
    unchanged = {(d.kind, d.id) for d in saved_docs if now.get((d.kind, d.id)) == d}
    assert kept == unchanged and dropped == len(saved_docs) - len(unchanged)
    assert restored.upsert_many([d for d in current if (d.kind, d.id) not in kept]) == []

    # The same matches and scores (term columns are numbered in another order, so a term
    # contribution may differ in its last bit and two tied top terms swap: as for any index).
    live = _live(current)
    assert scores(every_ranking(restored, live)) == scores(every_ranking(_built(current), live))
    later = random_doc(rng, CV, "later")
    fresh = _built(current)
    for index in (restored, fresh):  # and it goes on like any index
        index.upsert(later)
        index.remove(POSTING, "p0")
    live[CV]["later"] = later
    live[POSTING].pop("p0")
    assert scores(every_ranking(restored, live)) == scores(every_ranking(fresh, live))


def test_a_saved_index_holds_no_document_text():
    cv = Document(CV, "c1", "Rakib Hasanuzzaman\nPhone +8801711234567, rakib.h@example.com\n"
                             "আমি তিন বছর কল সেন্টারে গ্রাহক সেবার কাজ করেছি। Inbound calls and complaint handling.",
                  ("Customer Service", "গ্রাহক সেবা"), "Khulna")
    posting = Document(POSTING, "p1", "Call Centre Agent\nNight shift, Bangla and English.", ("Customer Service",))
    saved = _saved(_built([cv, posting]))
    for secret in ("Rakib", "Hasanuzzaman", "8801711234567", "rakib.h@example.com", "আমি তিন বছর কল সেন্টারে",
                   "Inbound calls and complaint handling", "Night shift, Bangla and English"):
        assert secret.encode("utf-8") not in saved and secret.lower().encode("utf-8") not in saved, secret


def test_an_erased_cvs_own_words_leave_memory_and_the_saved_index_and_come_back_as_new_terms():
    """The words only an erased CV held (a name in a reference line is not blinded) leave the index's
    vocabulary, and so the snapshot saved again after the erasure; a word another CV still holds stays."""
    rng = random.Random(12)
    erased = Document(CV, "c-erased", "Referee: Dr Zorbulax Quenthwick, supervisor. Inbound calls, গ্রাহক সেবা",
                      ("Customer Service", "কুয়েনথউইক টাইপিং"))
    docs = _documents(rng, postings=3, cvs=8)
    index = _built([*docs, erased])
    index.upsert(Document(CV, "c-lists", "Data entry", ("Zorbulax typing",)))  # the word on another CV's skills list
    index.forget(CV, "c-erased")
    terms = index._vocabulary.terms
    assert not [t for t in terms if "quenthwick" in t or "কুয়েনথউইক" in t], "the erased CV's words stay in memory"
    assert index._vocabulary.column("zorbulax") is not None  # still held by the other CV's skills list
    index.forget(CV, "c-lists")
    assert index._vocabulary.column("zorbulax") is None and "zorbulax" not in terms
    saved = _saved(index)
    for word in ("zorbulax", "quenthwick", "কুয়েনথউইক"):
        assert word.encode("utf-8") not in saved, word
    assert b"inbound" in saved  # other CVs' words stay (random texts share the common words)
    restored, kept, dropped = MatchIndex.restore(io.BytesIO(saved), _keyed(docs))
    assert dropped == 0 and len(kept) == len(docs)
    again = Document(CV, "c-new", "Zorbulax Quenthwick: call centre, গ্রাহক সেবা", ("কুয়েনথউইক টাইপিং",))
    restored.upsert(again)
    built = _built([*docs, again])
    live = {POSTING: {d.id for d in docs if d.kind == POSTING}, CV: {d.id for d in docs if d.kind == CV} | {"c-new"}}
    assert scores(every_ranking(restored, live)) == scores(every_ranking(built, live))


@pytest.mark.parametrize("other", [{"weights": ScoringWeights(tfidf=0.7, skills=0.3)}, {"blind": False}])
def test_an_index_saved_with_other_settings_is_refused(other):
    saved = _saved(_built(_documents(random.Random(1), 2, 3)))
    with pytest.raises(ValueError, match="other weights, lexicon or blinding"):
        MatchIndex.restore(io.BytesIO(saved), {}, **other)


def test_equal_hits_and_facts_are_kept_once_for_all_cvs_and_stay_shared_after_a_restore(monkeypatch):
    text = "আমি তিন বছর কল সেন্টারে গ্রাহক সেবার কাজ করেছি। MS Excel and data entry."
    docs = [Document(CV, f"c{i}", text, ("Customer Service",), "Khulna") for i in range(3)]
    docs.append(Document(CV, "other", "Graphic designer: Photoshop retouching", (), "Dhaka"))
    index = _built(docs)
    restored, _, _ = MatchIndex.restore(io.BytesIO(_saved(index)), _keyed(docs))
    for built in (index, restored):
        kept = {e.id: e.profile for e in built._rows.entries(CV)}
        assert kept["c0"].named and all(a is b for a, b in zip(kept["c0"].named, kept["c2"].named))
        assert kept["c0"].facts is kept["c1"].facts is kept["c2"].facts
        assert kept["other"].facts is not kept["c0"].facts and kept["other"].facts.place.district == "Dhaka"


def test_the_shared_hits_are_bounded(monkeypatch):
    from matcher.ranking import profile

    monkeypatch.setattr(profile, "_SHARED_LIMIT", len(profile._SHARED_HITS))  # full: new hits are not kept
    monkeypatch.setattr(profile, "_SHARED_HITS", dict(profile._SHARED_HITS))
    before = len(profile._SHARED_HITS)
    _built([Document(CV, "c1", "Forklift operator and warehouse picker, custmer servise zzqx", ("Tally ERP",))])
    assert len(profile._SHARED_HITS) == before


def test_writes_after_the_state_is_taken_do_not_reach_the_saved_index(monkeypatch):
    from matcher.ranking import row_storage
    from matcher.ranking.index import IndexRows

    monkeypatch.setattr(index_rows, "_MIN_DEAD_TO_COMPACT", 2)  # removals compact at once
    monkeypatch.setattr(row_storage, "MIN_ROWS_BY_ROW", 1)  # the column copy is rebuilt as rows come
    monkeypatch.setattr(row_storage, "MAX_ROWS_BY_ROW", 2)
    rng = random.Random(9)
    docs = _documents(rng)
    index = _built(docs)
    index.remove(CV, "c0")  # a dead slot in the state
    docs = [d for d in docs if d.id != "c0"]
    live = _live(docs)
    before = every_ranking(index, live)
    with index._lock:  # what MatchIndex.save takes under the lock; it is pickled after
        state = {"settings": index._settings_digest(), "rows": index._rows.state()}
    for i in range(40):  # meanwhile: new documents (buffers grow), replacements, removals (compactions)
        index.upsert(random_doc(rng, CV, f"c{i % 35}"))
        if i % 7 == 0:
            index.remove(CV, f"c{i + 1}")
    index.upsert(random_doc(rng, POSTING, "p1"))
    state["rows"] = IndexRows.portable(state["rows"])
    saved = io.BytesIO()
    import pickle

    pickle.dump(state, saved)
    restored, kept, dropped = MatchIndex.restore(io.BytesIO(saved.getvalue()), _keyed(docs))
    assert kept == set(_keyed(docs)) and dropped == 0
    assert every_ranking(restored, live) == before


def test_kept_profiles_pickle_to_equal_ones_with_shared_hits_still_shared():
    import pickle

    from matcher.ranking.lexicon import default_lexicon
    from matcher.ranking.profile import build_profile

    lexicon = default_lexicon()
    docs = [Document(CV, "c1", "৫ বছর কল সেন্টারে কাজ, English and বাংলা, HSC পাস, Dhaka", ("Customer Service", "এক্সেল"),
                     location="Dhaka", languages=("English",), education="HSC"),
            Document(CV, "c2", "Data entry, MS Excel, HSC", ("Customer Service",), location="Dhaka",
                     languages=("English",), education="HSC"),
            Document(POSTING, "p1", "Call centre agent\nBangla and English, HSC", ("customer service",),
                     constraints=Constraints(min_education="HSC", required_languages=("English",)))]
    kept = [build_profile(doc, lexicon).as_kept() for doc in docs]
    back = pickle.loads(pickle.dumps(kept))
    assert back == kept
    assert [type(k) for k in back] == [type(k) for k in kept]
    shared = {id(h) for h in kept[0].named} & {id(h) for h in kept[1].named}
    assert shared, "the two CVs should share the hit of 'customer service'"
    assert len({id(h) for h in back[0].named} & {id(h) for h in back[1].named}) == len(shared)
