"""Finding the lexicon's canonical concepts in English, Bengali, mixed and Banglish text.

``Lexicon.find(text)`` returns the concepts a text mentions. Matching works on
``shared.text`` tokens with Bengali spelling variants folded, in three steps:

1. exact: an alias's tokens occur in a row ("customer service", "গ্রাহক সেবা");
2. inflected: a token is an alias token plus a case ending or plural ("সেবায়", "সার্ভিসে",
   "কাজে", "routers", Banglish "excele");
3. fuzzy: a run of tokens no alias matched is compared with rapidfuzz ``fuzz.ratio`` to the
   aliases of as many tokens ("custmer servise" → "customer service"). Both sides go
   through ``match_key`` first, never rapidfuzz's ``default_process``, which strips
   Bengali vowel signs and viramas as if they were punctuation.

Overlapping matches are resolved longest first, so "bangla typing" is one concept (Bangla
typing), not two (Bangla, typing).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter, not_

from rapidfuzz import fuzz, process

from matcher.ranking.lexicon.data import ENTRIES, KINDS, LANGUAGE, ROLE, Entry
from matcher.ranking.lexicon.negation import is_negated
from shared.text.analyse import kept_stem
from shared.text.memo import each_cached
from shared.text.stem import fold, is_bengali, match_forms
from shared.text.stopwords import STOPWORDS
from shared.text.tokenize import tokenize, tokenize_each

EXACT, INFLECTED, FUZZY, IMPLIED = "exact", "inflected", "fuzzy", "implied"

# Text is matched within segments: a phrase never runs across a comma, bracket, line end or
# sentence end ("excel. word processing" is not "excel word").
# Caches of words and queries hold this many entries, each at most this long (a crafted
# text of long unique words must not grow them without bound; longer ones are not cached).
_CACHE_ENTRIES = 200_000
_CACHED_CHARS = 64
# Fuzzy readings of runs of at most this many tokens (and characters) are cached, in at most this
# many entries: few distinct short runs (alias words and near ones) make most runs, and longer runs
# repeat too (a skills line: "customer service data entry"); each entry holds its words.
_CACHED_RUN_TOKENS = 6
_CACHED_RUN_CHARS = 96
_RUN_CACHE_ENTRIES = 60_000

# The look-ahead (every alternative's first characters) lets most positions fail at one test.
_SEGMENTS = re.compile(r"(?=[\n\r,;|()\[\]{}!?।•·.:])(?:[\n\r,;|()\[\]{}!?।•·]+|\.(?:\s|$)|:\s)")


def match_key(text: str) -> str:
    """The form both sides of a fuzzy comparison take: tokens, Bengali spellings folded.

    Use as rapidfuzz's ``processor``: unlike ``rapidfuzz.utils.default_process`` it keeps
    Bengali vowel signs, virama and nukta ("সার্ভিস" stays one word).
    """
    return " ".join(fold(t) for t in tokenize(text))


@dataclass(frozen=True)
class MatchRules:
    """How close a fuzzy match must be: rapidfuzz ``fuzz.ratio`` cut-offs and lengths."""

    phrase_cutoff: float = 85.0  # several words ("custmer servise")
    word_cutoff: float = 90.0  # one Latin word ("photoshp")
    bengali_word_cutoff: float = 90.0  # one Bengali word
    min_phrase_chars: int = 8
    min_word_chars: int = 7
    max_words: int = 4

    def __post_init__(self) -> None:
        for name in ("phrase_cutoff", "word_cutoff", "bengali_word_cutoff"):
            if not 0 <= getattr(self, name) <= 100:
                raise ValueError(f"{name} must be within 0..100")


@dataclass(frozen=True)
class Concept:
    """One canonical concept: a skill, role, language, field, industry or availability."""

    id: str
    kind: str
    label: str
    label_bn: str
    weight: float
    broader: tuple[str, ...]
    related: tuple[str, ...]
    column: int


@dataclass(frozen=True)
class Mention:
    """One place a text names a concept: the tokens as written (normalised) and how."""

    concept: str
    surface: str
    how: str  # exact | inflected | fuzzy
    start: int  # token positions within the segment
    end: int
    segment: int


@dataclass(frozen=True)
class _Alias:
    tokens: tuple[str, ...]
    concept: str


class Lexicon:
    """The concepts of ``entries`` and their aliases, ready to find in text."""

    def __init__(self, entries: Sequence[Entry] = ENTRIES, rules: MatchRules | None = None) -> None:
        self.rules = rules or MatchRules()
        self.entries = tuple(entries)
        self.concepts: dict[str, Concept] = {}
        for column, e in enumerate(self.entries):
            if e.id in self.concepts:
                raise ValueError(f"duplicate concept id {e.id!r}")
            if e.kind not in KINDS:
                raise ValueError(f"concept {e.id!r}: unknown kind {e.kind!r}")
            self.concepts[e.id] = Concept(e.id, e.kind, e.label, e.label_bn, e.weight, e.broader, e.related, column)
        for c in self.concepts.values():
            for ref in (*c.broader, *c.related):
                if ref not in self.concepts:
                    raise ValueError(f"concept {c.id!r} refers to unknown concept {ref!r}")
        self.ids = tuple(self.concepts)
        self.ancestors = {cid: self._ancestors(cid) for cid in self.ids}
        # half_from[x]: concepts a posting may ask for that a CV showing x half satisfies:
        # those listing x as related, and those x is broader than (x = PHP half-satisfies Laravel).
        half: dict[str, set[str]] = defaultdict(set)
        for c in self.concepts.values():
            for ref in (*c.related, *c.broader):
                half[ref].add(c.id)
        self.half_from = {cid: frozenset(half.get(cid, ())) for cid in self.ids}
        self.conflicts: list[tuple[str, str, str]] = []  # (alias, kept concept, dropped concept)
        self._by_first: dict[str, list[_Alias]] = defaultdict(list)
        self._fuzzy: dict[tuple[int, str], list[tuple[str, str]]] = defaultdict(list)
        self._build_aliases()
        self._fuzzy_choices = {
            key: ([text for text, _ in pairs], [cid for _, cid in pairs]) for key, pairs in self._fuzzy.items()
        }
        # Query → closest alias's concept and score, per alias size (no key tuple per entry).
        self._fuzzy_cache: dict[int, dict[str, tuple[str | None, float]]] = defaultdict(dict)
        self._fuzzy_cached = 0
        # Fuzzy matching only looks at runs of words that are alias words or near one:
        # ordinary words far from every alias word cannot make a typo of an alias.
        self._alias_words = frozenset(t for tokens in self._owner for t in tokens)
        by_initial: dict[str, list[str]] = defaultdict(list)
        for word in self._alias_words:
            by_initial[word[0]].append(word)
        self._alias_words_by_initial = dict(by_initial)
        self._near_cache: dict[str, bool] = {}  # word → whether it is an alias word or near one
        self._run_cache: dict[str | tuple[str, ...], tuple[tuple[int, int, str], ...]] = {}

    # --- building -------------------------------------------------------------------

    def _ancestors(self, cid: str) -> tuple[str, ...]:
        seen: list[str] = []
        stack = list(self.concepts[cid].broader)
        while stack:
            parent = stack.pop()
            if parent == cid:
                raise ValueError(f"concept {cid!r} is broader than itself")
            if parent not in seen:
                seen.append(parent)
                stack.extend(self.concepts[parent].broader)
        return tuple(seen)

    def _build_aliases(self) -> None:
        owner: dict[tuple[str, ...], str] = {}
        joined: dict[tuple[str, ...], str] = {}
        for e in self.entries:
            for alias in dict.fromkeys((e.label, e.label_bn, *e.en, *e.bn, *e.banglish)):
                tokens = tuple(fold(t) for t in tokenize(alias))
                if not tokens:
                    continue
                kept = owner.setdefault(tokens, e.id)
                if kept != e.id:
                    self.conflicts.append((alias, kept, e.id))
                    continue
                text = " ".join(tokens)
                if len(text) >= min(self.rules.min_word_chars, self.rules.min_phrase_chars):
                    self._fuzzy[(len(tokens), text[0])].append((text, e.id))
                if len(tokens) > 1 and len(text) >= 8:
                    joined.setdefault(("".join(tokens),), e.id)  # "callcenter", "কলসেন্টার"
        for tokens, cid in joined.items():
            owner.setdefault(tokens, cid)
        self._owner = owner
        for tokens, cid in owner.items():
            self._by_first[tokens[0]].append(_Alias(tokens, cid))
        for aliases in self._by_first.values():
            aliases.sort(key=lambda a: -len(a.tokens))
        self._first_words = frozenset(self._by_first)  # the words an alias starts with

    # --- lookups --------------------------------------------------------------------

    def concept(self, cid: str) -> Concept:
        """The concept with id ``cid``; raises KeyError if unknown."""
        return self.concepts[cid]

    def with_ancestors(self, ids: Iterable[str]) -> dict[str, str]:
        """Map each of ``ids`` and every broader concept to the id it came from."""
        out: dict[str, str] = {cid: cid for cid in ids}
        for cid in list(out):
            for parent in self.ancestors[cid]:
                out.setdefault(parent, cid)
        return out

    def language_of(self, cid: str) -> str | None:
        """The base language a language concept stands for ("english_spoken" → "english")."""
        concept = self.concepts.get(cid)
        if concept is None or concept.kind != LANGUAGE:
            return None
        bases = [p for p in self.ancestors[cid] if self.concepts[p].kind == LANGUAGE and not self.concepts[p].broader]
        return bases[-1] if bases else cid

    def knows_word(self, word: str) -> bool:
        """Whether ``word`` (one token) is a word of some alias, Bengali spellings folded."""
        tokens = tokenize(word)
        return len(tokens) == 1 and fold(tokens[0]) in self._alias_words

    def aliases(self, cid: str) -> dict[str, tuple[str, ...]]:
        """A concept's aliases by language: {"en": ..., "bn": ..., "banglish": ...}."""
        e = self.entries[self.concepts[cid].column]
        return {"en": (e.label, *e.en), "bn": (e.label_bn, *e.bn), "banglish": e.banglish}

    # --- finding --------------------------------------------------------------------

    def find(self, text: str) -> list[Mention]:
        """Return the concepts ``text`` mentions, in text order, overlaps resolved longest first."""
        return self.find_with_tokens(text)[0]

    def find_with_tokens(self, text: str) -> tuple[list[Mention], list[str]]:
        """``find(text)`` and ``tokenize(text)`` from one tokenisation: no token spans a segment
        break, so the segments' tokens, in order, are the text's."""
        mentions, tokens, _ = self._read(text)
        return mentions, tokens

    def find_with_stems(self, text: str) -> tuple[list[Mention], list[str], list[str]]:
        """``find_with_tokens(text)`` and ``shared.text.analyse.stems_of`` of its tokens: each token's
        readings and stem are looked up together, once."""
        mentions, tokens, read = self._read(text)
        return mentions, tokens, list(filter(None, map(itemgetter(1), read)))

    def _read(self, text: str) -> tuple[list[Mention], list[str], list[tuple[tuple[str, ...], str]]]:
        """Mentions, tokens and each token's readings and kept stem (see ``_reading_of``)."""
        tokens: list[str] = []
        segments: list[tuple[int, int, int]] = []  # (segment number, first token, end token)
        for number, segment_tokens in enumerate(tokenize_each(_SEGMENTS.split(text))):
            if segment_tokens:
                segments.append((number, len(tokens), len(tokens) + len(segment_tokens)))
                tokens.extend(segment_tokens)
        read = each_cached(tokens, _READ, _reading_of, entries=_CACHE_ENTRIES, longest=_CACHED_CHARS)
        return (self._find_in(tokens, segments, list(map(itemgetter(0), read))) if tokens else []), tokens, read

    def _find_in(self, tokens: list[str], segments: list[tuple[int, int, int]],
                 forms: list[tuple[str, ...]]) -> list[Mention]:
        """Mentions in all segments' ``tokens`` (``forms``: their readings) at once; no match runs past
        its segment's end."""
        ends = [0] * len(tokens)  # for each token: where its segment ends
        segment_of = [0] * len(tokens)  # for each token: its segment's index in ``segments``
        for index, (_, first, end) in enumerate(segments):
            ends[first:end] = [end] * (end - first)
            segment_of[first:end] = [index] * (end - first)
        by_first = self._by_first
        candidates: list[tuple[int, int, str, str]] = []  # (start, end, concept, how)
        first_words = self._first_words
        # The tokens with a reading some alias starts with (one C-level pass).
        for i in list(compress(range(len(forms)), map(not_, map(first_words.isdisjoint, forms)))):
            for form_index, form in enumerate(forms[i]):
                for alias in by_first.get(form, ()):
                    n = len(alias.tokens)
                    if i + n > ends[i]:
                        continue
                    inflected = form_index > 0
                    ok = True
                    for k in range(1, n):
                        later = forms[i + k]
                        if alias.tokens[k] == later[0]:
                            continue
                        if alias.tokens[k] in later:
                            inflected = True
                            continue
                        ok = False
                        break
                    if ok:
                        candidates.append((i, i + n, alias.concept, INFLECTED if inflected else EXACT))
        # Matches never cross a segment end, so choosing among all segments' candidates at
        # once chooses as each segment alone would.
        chosen = _longest_first(candidates)
        # A job title names skills too: "customer service agent" is the role and, inside
        # it, customer service; "Laravel developer" is a web developer who knows Laravel.
        role_end = [0] * len(tokens)  # for a token inside a chosen role: where the role ends
        for s, e, cid, _ in chosen:
            if self.concepts[cid].kind == ROLE:
                role_end[s:e] = [e] * (e - s)
        if any(role_end):
            taken = set(chosen)
            inner = [
                c for c in candidates
                if self.concepts[c[2]].kind != ROLE and c not in taken and c[1] <= role_end[c[0]]
            ]
            chosen += _longest_first(inner)
        covered = [False] * len(tokens)
        for start, end, _, _ in chosen:
            covered[start:end] = [True] * (end - start)
        chosen += self._fuzzy_in(tokens, forms, covered, ends)
        chosen.sort()
        mentions = []
        for s, e, cid, how in chosen:
            number, first, end = segments[segment_of[s]]
            if not is_negated(tokens, s, e, first, end):
                mentions.append(Mention(concept=cid, surface=" ".join(tokens[s:e]), how=how,
                                        start=s - first, end=e - first, segment=number))
        return mentions

    def _may_be_alias_word(self, word: str) -> bool:
        """Whether ``word`` is an alias word or close to one (a possible typo)."""
        if word in self._alias_words:
            return True
        if len(word) < 4 or word in STOPWORDS or word.isdigit():
            return False
        choices = self._alias_words_by_initial.get(word[0], ())
        return bool(choices) and process.extractOne(
            word, choices, scorer=fuzz.ratio, processor=None, score_cutoff=75
        ) is not None

    def _fuzzy_in(self, tokens: list[str], forms: list[tuple[str, ...]], covered: list[bool], ends: list[int]):
        """Fuzzy matches in the runs of tokens no exact match covered, each within its segment
        (``ends[i]``: where token i's segment ends).

        Only runs of alias words and words near one (possible typos) are compared: an
        ordinary word far from every alias word cannot be part of a misspelt alias.
        """
        uncovered = list(compress(range(len(tokens)), map(not_, covered)))
        near = each_cached(list(map(itemgetter(0), compress(forms, map(not_, covered)))), self._near_cache,
                           self._may_be_alias_word, entries=_CACHE_ENTRIES, longest=_CACHED_CHARS)
        eligible = list(compress(uncovered, near))  # ascending
        chosen = []
        k, n_eligible = 0, len(eligible)
        while k < n_eligible:  # each run: eligible tokens one after another, within the first one's segment
            i = eligible[k]
            j, end = i + 1, ends[i]
            k += 1
            while k < n_eligible and eligible[k] == j and j < end:
                j += 1
                k += 1
            chosen += [(i + s, i + e, cid, FUZZY) for s, e, cid in self._fuzzy_run_of(tokens[i:j], forms[i:j])]
        return chosen

    def _fuzzy_run_of(self, run: list[str], run_forms: list[tuple[str, ...]]) -> Sequence[tuple[int, int, str]]:
        """``_fuzzy_run``, cached for runs of up to ``_CACHED_RUN_TOKENS`` tokens (most runs: an alias word or a near one)."""
        if len(run) > _CACHED_RUN_TOKENS:
            return self._fuzzy_run(run, run_forms)
        key = run[0] if len(run) == 1 else tuple(run)  # a lone token keys itself: no tuple to keep
        found = self._run_cache.get(key)
        if found is None:
            found = tuple(self._fuzzy_run(run, run_forms))
            if len(self._run_cache) < _RUN_CACHE_ENTRIES and sum(map(len, run)) <= _CACHED_RUN_CHARS:
                self._run_cache[key] = found
        return found

    def _fuzzy_run(self, run: list[str], run_forms: list[tuple[str, ...]]) -> list[tuple[int, int, str]]:
        """The fuzzy readings chosen in one run of eligible tokens: (start, end, concept) within the run.

        Runs are independent (their tokens are disjoint and none is covered yet), so the choice in
        one run is the same whatever the others hold.
        """
        rules = self.rules
        forms = [f[0] for f in run_forms]
        candidates = []
        for start in range(len(run)):
            if run[start] in STOPWORDS or run[start].isdigit():
                continue
            for size in range(1, min(rules.max_words, len(run) - start) + 1):
                last = run[start + size - 1]
                if last in STOPWORDS or last.isdigit():
                    continue
                query = " ".join(forms[start : start + size])
                if size == 1:
                    if len(query) < rules.min_word_chars:
                        continue
                    cutoff = rules.bengali_word_cutoff if is_bengali(query) else rules.word_cutoff
                else:
                    if len(query) < rules.min_phrase_chars:
                        continue
                    cutoff = rules.phrase_cutoff
                best, best_score = self._closest(size, query, cutoff)
                if best is not None:
                    candidates.append((start, start + size, best, best_score))
        # Best score first, then longest: one fuzzy reading per token.
        candidates.sort(key=lambda c: (-c[3], -(c[1] - c[0]), c[0]))
        covered = [False] * len(run)
        chosen = []
        for start, end, cid, _ in candidates:
            if not any(covered[start:end]):
                covered[start:end] = [True] * (end - start)
                chosen.append((start, end, cid))
        return chosen

    def _closest(self, size: int, query: str, cutoff: float) -> tuple[str | None, float]:
        """The concept whose alias of ``size`` words is closest to ``query``, cached."""
        cached = self._fuzzy_cache[size]
        known = cached.get(query)
        if known is not None:
            return known
        found: tuple[str | None, float] = (None, 0.0)
        choices = self._fuzzy_choices.get((size, query[0]))
        if choices:
            texts, ids = choices
            for choice, score, index in process.extract(
                query, texts, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff, limit=3
            ):
                if size == 1 and _other_word_form(query, choice):
                    continue  # another form of a word ("programme"/"programmer"), not a typo
                if size > 1 and not _typo_of(query.split(), choice.split()):
                    continue  # "case management" is not "cash management"
                found = (ids[index], score)
                break
        if self._fuzzy_cached < _CACHE_ENTRIES and len(query) <= _CACHED_CHARS:
            cached[query] = found
            self._fuzzy_cached += 1
        return found

    def resolve(self, label: str) -> tuple[str, ...]:
        """The concepts a skill label names ("HTML/CSS" → html, css), first mention first."""
        return tuple(dict.fromkeys(m.concept for m in self.find(label)))


# Each token's folded readings and kept stem (``_reading_of``), for tokens up to ``_CACHED_CHARS`` long.
_READ: dict[str, tuple[tuple[str, ...], str]] = {}


def _reading_of(token: str) -> tuple[tuple[str, ...], str]:
    """A token's readings (``_readings``) and its stem as ``shared.text.analyse.stems_of`` keeps it ("" if dropped)."""
    return _readings(token), kept_stem(token)


def _readings(token: str) -> tuple[str, ...]:
    """The folded readings of a token: itself first, then stem + ending readings.

    Stopwords ("করে", "e", "er") are only read as themselves, so "করে" is never "কর".
    """
    if token in STOPWORDS or len(token) < 3:
        return (fold(token),)
    return tuple(dict.fromkeys(fold(f) for f in match_forms(token)))


_WORD_ENDINGS = frozenset(("r", "er", "d", "ed", "ing", "ly", "ion", "ions", "ment", "al"))


def _other_word_form(word: str, alias: str) -> bool:
    """Whether one is the other plus a word-forming ending ("programme" + "r")."""
    short, long = sorted((word, alias), key=len)
    return long.startswith(short) and long[len(short) :] in _WORD_ENDINGS


def _typo_of(words: list[str], alias: list[str]) -> bool:
    """Whether each word that differs from the alias's is a plausible typo of it: both at
    least five characters long and close. A short word changed is another word."""
    for word, target in zip(words, alias):
        if word == target:
            continue
        if min(len(word), len(target)) < 5 or fuzz.ratio(word, target) < 80:
            return False
    return True


def _longest_first(candidates: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """Keep non-overlapping matches, longest first, then leftmost, exact before inflected."""
    ranked = sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0], c[3] != EXACT))
    taken: set[int] = set()
    chosen = []
    for start, end, cid, how in ranked:
        span = range(start, end)
        if not taken.intersection(span):
            taken.update(span)
            chosen.append((start, end, cid, how))
    return chosen


@functools.cache
def default_lexicon() -> Lexicon:
    """The project's lexicon with default match rules, built once per process."""
    return Lexicon()


__all__ = [
    "EXACT",
    "FUZZY",
    "IMPLIED",
    "INFLECTED",
    "Concept",
    "Lexicon",
    "MatchRules",
    "Mention",
    "default_lexicon",
    "match_key",
]
