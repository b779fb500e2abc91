"""Every posting's listed skills as the rows of a few sparse matrices, to credit one CV for all postings at once.

One CV against every posting is a few sparse products: the CV's credit per concept times the
requirements' concept weights, and which of the requirements' terms (free-phrase parts and
words) the CV shows times the requirements' term counts. The table is built once per set of
postings (postings change far less often than CVs arrive) and read by any thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matcher.ranking.profile import Requirement


@dataclass(frozen=True, eq=False)
class RequirementTable:
    """Rows: every listed skill of every live posting, posting slot by slot; columns: concepts or terms."""

    terms: tuple[str, ...]  # the distinct free-phrase parts and words, in first-seen order
    concepts: sparse.csr_matrix  # requirements × concepts: 1/len(concepts) at each concept of a lexicon skill
    is_free: np.ndarray  # per requirement: a free phrase (credit from its parts), not a lexicon skill
    parts: sparse.csr_matrix  # requirements × terms: 1 at each part of a free phrase
    n_parts: np.ndarray
    words: sparse.csr_matrix  # requirements × terms: 1 at each of the skill's words (for part credit)
    n_words: np.ndarray
    by_posting: sparse.csr_matrix  # posting slots × requirements: 1 at each of the posting's requirements
    starts: np.ndarray  # a posting slot's requirements are rows starts[slot]:starts[slot + 1]

    @classmethod
    def of(cls, requirements: Sequence[Sequence[Requirement]], live: np.ndarray, columns: dict[str, int],
           n_concepts: int) -> RequirementTable:
        """The table of each posting slot's ``requirements`` (only where ``live``), concepts numbered by ``columns``."""
        term_ids: dict[str, int] = {}
        concept_rows, weights, part_rows, word_rows, is_free, starts = [], [], [], [], [], [0]
        for reqs, alive in zip(requirements, live.tolist()):
            for req in reqs if alive else ():
                concept_rows.append(sorted({columns[cid] for cid in req.concepts}))
                weights.append(1.0 / len(req.concepts) if req.concepts else 0.0)
                is_free.append(req.free is not None)
                part_rows.append([term_ids.setdefault(t, len(term_ids)) for t in req.free.parts] if req.free else [])
                word_rows.append([term_ids.setdefault(t, len(term_ids)) for t in req.words])
            starts.append(len(concept_rows))
        n_requirements = len(concept_rows)
        starts_array = np.array(starts, dtype=np.int64)
        return cls(
            terms=tuple(term_ids),
            concepts=rows_matrix(concept_rows, n_concepts, weights),
            is_free=np.array(is_free, dtype=bool),
            parts=rows_matrix(part_rows, len(term_ids)),
            n_parts=np.array([len(row) for row in part_rows], dtype=np.float64),
            words=rows_matrix(word_rows, len(term_ids)),
            n_words=np.array([len(row) for row in word_rows], dtype=np.float64),
            by_posting=sparse.csr_matrix(
                (np.ones(n_requirements), np.arange(n_requirements, dtype=np.int64), starts_array),
                shape=(len(starts) - 1, n_requirements)),
            starts=starts_array,
        )


def rows_matrix(rows: list[list[int]], width: int, weights: list[float] | None = None) -> sparse.csr_matrix:
    """A CSR matrix with a 1 (or the row's weight) at each listed column (each row's columns as given)."""
    indptr = np.cumsum([0] + [len(row) for row in rows], dtype=np.int64)
    lengths = [len(row) for row in rows]
    values = np.ones(indptr[-1]) if weights is None else np.repeat(np.array(weights, dtype=np.float64), lengths)
    indices = np.array([c for row in rows for c in row], dtype=np.int64)
    return sparse.csr_matrix((values, indices, indptr), shape=(len(rows), width))
