"""The index's documents as rows per kind, appended on upsert and kept current on every write.

Each kind (postings, CVs) numbers its documents in slots, in upsert order. A removed or
replaced document's slot is tombstoned: its terms stop counting in the document
frequencies at once, and dead slots are compacted away once they outnumber the live ones.
So a write costs the document's own terms (plus amortised growth and compaction), never
the whole index. ``view`` returns what one ranking reads: the rows so far, shared not
copied, with the live flags and idf of that moment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np

from matcher.ranking.column_index import ColumnIndex
from matcher.ranking.documents import CV, KINDS, POSTING, Document, document_digest
from matcher.ranking.lexicon import Lexicon
from matcher.ranking.profile import KeptProfile, Profile
from matcher.ranking.row_storage import SparseRows, ValueColumn
from matcher.ranking.terms import TermCounts, Vocabulary
from matcher.ranking.tfidf import DocumentFrequencies, TfidfView, sublinear_tf
from matcher.ranking.weights import ScoringWeights

_MIN_DEAD_TO_COMPACT = 64
TEXT, CONCEPTS, LISTED, CREDIT = "text", "concepts", "listed", "credit"
BENGALI_SHARE, N_REQUIREMENTS, CONCEPT_STRENGTH = "bengali_share", "n_requirements", "concept_strength"
_SPARSE = {POSTING: (TEXT, CONCEPTS), CV: (TEXT, CONCEPTS, LISTED, CREDIT)}
_WORDS = (TEXT, LISTED)  # the rows that hold vocabulary columns (the others hold lexicon columns)
_VALUES = {POSTING: (BENGALI_SHARE, N_REQUIREMENTS, CONCEPT_STRENGTH), CV: (BENGALI_SHARE,)}


def sparse_row(values: dict[int, float]) -> TermCounts:
    """``{column: value}`` as a ``TermCounts``."""
    columns = np.array(sorted(values), dtype=np.int64)
    counts = np.array([values[c] for c in columns.tolist()], dtype=np.float64)
    return TermCounts(columns=columns, counts=counts)


@dataclass(frozen=True)
class EntryRows:
    """A document's rows as vocabulary and lexicon columns: appended to the row storage once, not kept per document."""

    counts: TermCounts  # text terms, as vocabulary columns
    listed: TermCounts  # CVs: skills-list terms (free phrases are looked for there too)
    evidence: TermCounts  # CVs: text and skills-list terms, for free phrases
    concepts: TermCounts  # concept counts, as lexicon columns
    credit: TermCounts  # CVs: credit per lexicon column
    bengali_share: float


@dataclass(frozen=True, slots=True)
class Entry:
    """A document as the index keeps it in memory: what constraints, skill credit and explanations read per pair.

    Its terms, concepts and skill credit live only in the index's row storage (see
    ``EntryRows``); the profile kept is ``Profile.as_kept()``. Its text is not kept: the
    index never reads it again, and the digest tells a saved entry's document from a changed one.
    """

    kind: str
    id: str
    digest: bytes  # ``document_digest`` of the document indexed
    profile: KeptProfile
    n_requirements: int
    concept_strength: float  # postings: share of the concepts weight (0 = none)


@dataclass(frozen=True)
class NewEntry:
    """An entry to add, with the rows it adds."""

    entry: Entry
    rows: EntryRows


def make_entry(
    doc: Document, profile: Profile, vocabulary: Vocabulary, columns: dict[str, int], weights: ScoringWeights
) -> NewEntry:
    """Derive an entry and its rows; adds unseen terms to ``vocabulary``, so callers serialise calls."""
    return make_entries([(doc, profile)], vocabulary, columns, weights)[0]


def make_entries(
    profiled: Sequence[tuple[Document, Profile]], vocabulary: Vocabulary, columns: dict[str, int],
    weights: ScoringWeights
) -> list[NewEntry]:
    """``make_entry`` of each document in turn, their terms added to ``vocabulary`` at once."""
    term_counts = vocabulary.counts_all([t for _, profile in profiled for t in (profile.terms, profile.listed_terms)])
    return [_entry(doc, profile, term_counts[2 * i], term_counts[2 * i + 1], columns, weights)
            for i, (doc, profile) in enumerate(profiled)]


def _entry(doc: Document, profile: Profile, counts: TermCounts, listed: TermCounts, columns: dict[str, int],
           weights: ScoringWeights) -> NewEntry:
    evidence = counts
    if len(listed.columns):
        evidence = sparse_row(dict.fromkeys([*counts.columns.tolist(), *listed.columns.tolist()], 1.0))
    concepts = sparse_row({columns[c]: n for c, n in profile.concept_counts.items()})
    entry = Entry(
        kind=CV if doc.kind == CV else POSTING,
        id=doc.id,
        digest=document_digest(doc),
        profile=profile.as_kept(),
        n_requirements=len(profile.requirements),
        concept_strength=weights.concept_strength(profile.named_concepts) if len(concepts.columns) else 0.0,
    )
    rows = EntryRows(
        counts=counts,
        listed=listed,
        evidence=evidence,
        concepts=concepts,
        credit=sparse_row({columns[c]: v for c, v in profile.credit.items()}),
        bengali_share=profile.bengali_share,
    )
    return NewEntry(entry, rows)


class EntriesSoFar(Sequence):
    """The first ``n`` entries of a kind's list as a view takes them, with no copy: the list is only
    ever appended to (a compaction puts a new list in its place), so they stay as they were."""

    __slots__ = ("_entries", "_n")

    def __init__(self, entries: list[Entry]) -> None:
        self._entries = entries
        self._n = len(entries)

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, slot):
        if isinstance(slot, slice):
            return self._entries[: self._n][slot]
        if slot < 0:
            slot += self._n
        if not 0 <= slot < self._n:
            raise IndexError(f"slot {slot} out of {self._n}")
        return self._entries[slot]

    def __iter__(self):
        return islice(self._entries, self._n)


@dataclass(frozen=True)
class IndexView:
    """What one ranking reads, per slot; nothing in it changes after it is made."""

    entries: dict[str, Sequence[Entry]]  # per kind, by slot; dead slots hold their last entry
    live: dict[str, np.ndarray]  # per kind: True where the slot holds a current document
    space: TfidfView  # text terms
    concept_space: TfidfView  # lexicon concepts, weighted
    evidence: tuple[ColumnIndex, ...]  # CVs × vocabulary; together: each CV's text and skills-list terms
    width: int  # vocabulary size of this view
    credit: ColumnIndex  # CVs × concepts
    n_requirements: np.ndarray  # per posting
    concept_strength: np.ndarray  # per posting
    bengali_share: dict[str, np.ndarray]  # per kind, per document
    posting_changes: int  # how many times the posting slots changed before this view (a key for what depends on them)

    def evidence_columns(self, cv_row: int) -> set[int]:
        """The vocabulary columns of a CV's text and skills-list terms."""
        found: set[int] = set()
        for matrix in self.evidence:
            found.update(matrix.row(cv_row)[0].tolist())
        return found

    def prepare(self) -> None:
        """Make now what rankings of this view would make on first use: every column copy and row norm."""
        for space in (self.space, self.concept_space):
            space.prepare()
        for rows in (*self.evidence, self.credit):
            rows.prepare()


class _Slots:
    """One kind's slots: entries, live flags and per-slot rows, all in slot order."""

    def __init__(self, kind: str, keep_rows: bool) -> None:
        self.entries: list[Entry] = []
        self.rows: list[EntryRows] | None = [] if keep_rows else None  # only for a reference that refits
        self.by_id: dict[str, int] = {}
        self.live = ValueColumn(bool)
        self.dead = 0
        self.changes = 0  # puts, removals and compactions so far
        self.sparse = {name: SparseRows() for name in _SPARSE[kind]}
        self.values = {name: ValueColumn() for name in _VALUES[kind]}

    def compact(self) -> None:
        """Drop the dead slots; live ones keep their order, renumbered from 0."""
        keep = np.flatnonzero(self.live.values())
        self.entries = [self.entries[s] for s in keep.tolist()]
        if self.rows is not None:
            self.rows = [self.rows[s] for s in keep.tolist()]
        self.by_id = {e.id: s for s, e in enumerate(self.entries)}
        self.live = self.live.kept(keep)
        self.dead = 0
        self.changes += 1
        self.sparse = {name: rows.kept(keep) for name, rows in self.sparse.items()}
        self.values = {name: column.kept(keep) for name, column in self.values.items()}


class IndexRows:
    """Postings and CVs as slots of rows, with document frequencies kept current; callers serialise access."""

    def __init__(self, vocabulary: Vocabulary, lexicon: Lexicon, *, keep_rows: bool = False) -> None:
        """``keep_rows``: also keep each slot's ``EntryRows`` (see ``kept_rows``), for a reference that refits."""
        self.vocabulary = vocabulary
        self.concept_ids = lexicon.ids
        self.concept_weights = np.array([lexicon.concept(cid).weight for cid in lexicon.ids], dtype=np.float64)
        self._text_df = DocumentFrequencies()
        self._concept_df = DocumentFrequencies()
        self._slots = {kind: _Slots(kind, keep_rows) for kind in KINDS}

    def slot(self, kind: str, doc_id: str) -> int | None:
        """The slot of a current document, or None."""
        return self._slots[kind].by_id.get(doc_id)

    def count(self, kind: str) -> int:
        """Number of current documents of ``kind``."""
        return len(self._slots[kind].by_id)

    def entries(self, kind: str) -> list[Entry]:
        """The current entries of ``kind``, in slot order."""
        slots = self._slots[kind]
        return [slots.entries[s] for s in sorted(slots.by_id.values())]

    def kept_rows(self, kind: str) -> list[EntryRows]:
        """Every slot's rows, in slot order (only with ``keep_rows``)."""
        rows = self._slots[kind].rows
        if rows is None:
            raise RuntimeError("rows are kept only by an IndexRows made with keep_rows=True")
        return rows

    def put(self, new: NewEntry) -> None:
        """Add an entry and its rows in a new slot, replacing the current document of its kind and id."""
        entry, added = new.entry, new.rows
        kind = entry.kind
        self.remove(kind, entry.id)
        slots = self._slots[kind]
        tf = sublinear_tf(added.counts.counts)
        concept_tf = sublinear_tf(added.concepts.counts)
        self._text_df.add(added.counts.columns)
        self._concept_df.add(added.concepts.columns)
        rows = {TEXT: (added.counts.columns, tf), CONCEPTS: (added.concepts.columns, concept_tf)}
        if kind == CV:
            rows[LISTED] = (added.listed.columns, np.ones(len(added.listed.columns)))
            rows[CREDIT] = (added.credit.columns, added.credit.counts)
        values = {
            BENGALI_SHARE: added.bengali_share,
            N_REQUIREMENTS: entry.n_requirements,
            CONCEPT_STRENGTH: entry.concept_strength,
        }
        slot = slots.live.append(True)
        slots.entries.append(entry)
        if slots.rows is not None:
            slots.rows.append(added)
        for name, store in slots.sparse.items():
            store.append(*rows[name])
        for name, column in slots.values.items():
            column.append(values[name])
        slots.by_id[entry.id] = slot
        slots.changes += 1

    def remove(self, kind: str, doc_id: str, *, compact: bool = False) -> bool:
        """Tombstone a document's slot (``compact``: and drop dead slots now); False when there is none."""
        slots = self._slots[kind]
        slot = slots.by_id.pop(doc_id, None)
        if slot is None:
            return False
        self._tombstone(slots, slot)
        if compact or (slots.dead >= _MIN_DEAD_TO_COMPACT and slots.dead > len(slots.by_id)):
            slots.compact()
        return True

    def forget(self, kind: str, doc_id: str) -> bool:
        """Remove a document and drop its rows now, and the vocabulary's terms only it held (an erasure);
        False when there is none."""
        slots = self._slots[kind]
        slot = slots.by_id.get(doc_id)
        if slot is None:
            return False
        own = np.unique(np.concatenate([slots.sparse[name].row(slot)[0] for name in _WORDS if name in slots.sparse]))
        self.remove(kind, doc_id, compact=True)
        self._blank_unheld(own)
        return True

    def _blank_unheld(self, columns: np.ndarray) -> None:
        """Blank the vocabulary terms of ``columns`` that no live text row and no skills-list row holds now."""
        columns = columns[self._text_df.counts(columns) == 0]
        if not len(columns):
            return
        listed = np.zeros(len(self.vocabulary), dtype=bool)
        for slots in self._slots.values():
            if LISTED in slots.sparse:
                slots.sparse[LISTED].mark_columns(listed)
        self.vocabulary.blank(columns[~listed[columns]].tolist())

    def _tombstone(self, slots: _Slots, slot: int) -> None:
        """Stop counting a slot's document: its terms leave the document frequencies, its flag goes dead."""
        self._text_df.discard(slots.sparse[TEXT].row(slot)[0])
        self._concept_df.discard(slots.sparse[CONCEPTS].row(slot)[0])
        slots.live.set(slot, False)
        slots.dead += 1
        slots.changes += 1

    def state(self) -> dict:
        """Everything these rows hold, for ``portable`` and then ``restored``. Callers serialise this
        with writes; it copies only references, the live flags and the document frequencies (later
        writes append past the rows it holds, or move to new buffers), so later writes leave it as it is.
        """
        kinds = {}
        for kind, slots in self._slots.items():
            if slots.rows is not None:
                raise RuntimeError("a reference that keeps its rows has no state to save")
            kinds[kind] = {
                "entries": list(slots.entries),
                "live": slots.live.copy(),
                "sparse": {name: rows.frozen() for name, rows in slots.sparse.items()},
                "values": {name: column.copy() for name, column in slots.values.items()},
            }
        return {"vocabulary": self.vocabulary.copy(),
                "text_df": self._text_df.copy(), "concept_df": self._concept_df.copy(), "kinds": kinds}

    @staticmethod
    def portable(state: dict) -> dict:
        """``state`` with each live entry as (document digest, id, kept profile, n requirements, concept
        strength), no document text, and each dead one as None: what is pickled.

        A vocabulary term no stored row holds (an erased or replaced document's) is saved blank: its
        column keeps its number and holds nothing, and the term, if it comes again, gets a new column.
        """
        used = np.zeros(len(state["vocabulary"]), dtype=bool)
        for saved in state["kinds"].values():
            for name in _WORDS:
                if name in saved["sparse"]:
                    saved["sparse"][name].mark_columns(used)
        state["vocabulary"] = state["vocabulary"].kept(used)
        for saved in state["kinds"].values():
            saved["entries"] = [
                (e.digest, e.id, e.profile, e.n_requirements, e.concept_strength) if alive else None
                for e, alive in zip(saved["entries"], saved["live"].values().tolist())
            ]
        return state

    @classmethod
    def restored(
        cls, state: dict, lexicon: Lexicon, documents: Mapping[tuple[str, str], Document]
    ) -> tuple[IndexRows, set[tuple[str, str]], int]:
        """Rows from a ``portable`` state made with the same lexicon, holding only its documents that
        are in ``documents`` unchanged (same digest); their (kind, id) keys; and
        how many of its documents were dropped.

        The others are dropped as a removal drops them, so the rows are those of an index that
        upserted the documents kept.
        """
        rows = cls(state["vocabulary"], lexicon)
        rows._text_df, rows._concept_df = state["text_df"], state["concept_df"]
        kept: set[tuple[str, str]] = set()
        dropped = 0
        for kind, saved in state["kinds"].items():
            slots = rows._slots[kind]
            slots.live, slots.sparse, slots.values = saved["live"], saved["sparse"], saved["values"]
            for slot, saved_entry in enumerate(saved["entries"]):
                if saved_entry is None:  # dead when saved: not counted in the frequencies any more
                    slots.entries.append(Entry(kind, f"dead-{slot}", b"", KeptProfile((), (), None, None), 0, 0.0))
                    slots.dead += 1
                    continue
                digest, doc_id, profile, n_requirements, concept_strength = saved_entry
                doc = documents.get((kind, doc_id))
                current = doc is not None and document_digest(doc) == digest
                slots.entries.append(Entry(kind, doc_id, digest, profile, n_requirements, concept_strength))
                if current:
                    slots.by_id[doc_id] = slot
                    kept.add((kind, doc_id))
                else:
                    rows._tombstone(slots, slot)
                    dropped += 1
            if slots.dead:
                slots.compact()
        return rows, kept, dropped

    def view(self) -> IndexView:
        """The rows so far under the current idf; costs the vocabulary's size and the slots', not the nonzeros'."""
        width = len(self.vocabulary)
        n_concepts = len(self.concept_ids)
        posting, cv = self._slots[POSTING], self._slots[CV]
        # One reader of each kind's text rows: the CVs' serve the tf-idf and the skill evidence alike.
        text = {kind: self._slots[kind].sparse[TEXT].by_column(width) for kind in KINDS}
        return IndexView(
            entries={kind: EntriesSoFar(self._slots[kind].entries) for kind in KINDS},
            live={kind: self._slots[kind].live.values().copy() for kind in KINDS},
            space=TfidfView(
                text,
                self._text_df.frozen(width),
                self.vocabulary.terms,
            ),
            concept_space=TfidfView(
                {kind: self._slots[kind].sparse[CONCEPTS].by_column(n_concepts) for kind in KINDS},
                self._concept_df.frozen(n_concepts),
                self.concept_ids,
                column_weights=self.concept_weights,
            ),
            evidence=(text[CV], cv.sparse[LISTED].by_column(width)),
            width=width,
            credit=cv.sparse[CREDIT].by_column(n_concepts),
            n_requirements=posting.values[N_REQUIREMENTS].values(),
            concept_strength=posting.values[CONCEPT_STRENGTH].values(),
            bengali_share={kind: self._slots[kind].values[BENGALI_SHARE].values() for kind in KINDS},
            posting_changes=posting.changes,
        )
