"""Everything the ranking needs from one document, worked out once when it is upserted.

- its (blinded) text's TF-IDF terms (a posting's title words twice);
- its concepts: lexicon skills, roles, languages... found in its skills list and text, with
  the words that named them, plus the broader concepts they imply (Laravel → PHP);
- for a CV: the credit it earns for each concept a posting may ask for (1 shown or implied,
  0.5 related), its place, languages and education;
- for a posting: its skill requirements (each listed skill → concepts, or a free phrase the
  lexicon does not know, matched fuzzily per CV as before) and its resolved constraints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from matcher.ranking.blind import blind_text
from matcher.ranking.constraints import CandidateFacts, Requirements, language_id
from matcher.ranking.described_constraints import described_constraints, with_described
from matcher.ranking.documents import POSTING, Document
from matcher.ranking.education import Education, detect_education, parse_level
from matcher.ranking.lexicon import IMPLIED, Lexicon, Mention, match_key
from matcher.ranking.lexicon.data import ROLE, SKILL
from matcher.ranking.name_line import drop_leading_name
from matcher.ranking.phrases import FreePhrase, free_phrase
from matcher.ranking.term_tally import TermTally
from shared.places import resolve_place
from shared.text.analyse import analyse_stems, stems_of
from shared.text.stopwords import BANGLISH_STOPWORDS, BENGALI_STOPWORDS, ENGLISH_STOPWORDS
from shared.text.tokenize import tokenize

SKILLS_LIST, TITLE, TEXT = "skills", "title", "text"

# How much each source adds to a concept's count in the document's concept vector.
_LISTED_BOOST = 1.0  # named in the document's skills list
_TITLE_BOOST = 2.0  # named in a posting's first line (its title)
_IMPLIED_COUNT = 0.5  # only implied by a narrower concept
# How many times a word of a posting's title counts in its TF-IDF terms (the body's count once).
# Chosen on the development split of the O*NET task (2 and 3 both beat 1; 2 was best).
_TITLE_TERM_WEIGHT = 2

# Words of skill labels that say how much, not what ("communication skills", "good knowledge
# of Excel"): nearly every CV has them, so they earn no part credit (stems, as analysed).
_GENERIC_SKILL_WORDS = frozenset(
    """skill knowledge ability experience basic good strong excellent proficiency proficient hand
    expert expertise familiarity understanding level fluent fluency advanced intermediate
    দক্ষতা জ্ঞান অভিজ্ঞতা ভালো ভাল দক্ষ অভিজ্ঞ পারদর্শী dokkhota gyan ovignota valo""".split()
)

# A text with this many Bengali words, or this many Banglish function words ("ami",
# "korechi"), is taken to show Bangla; with this many English function words ("the",
# "and", "with"), English.
_MIN_BENGALI_WORDS = 5
_MIN_BANGLISH_WORDS = 4
_MIN_ENGLISH_WORDS = 8


@dataclass(frozen=True, slots=True)
class Hit:
    """A concept a document shows: the words that first named it, how, and where."""

    concept: str
    surface: str
    how: str  # exact | inflected | fuzzy | implied
    source: str  # skills | title | text | implied
    via: str | None = None  # for implied concepts: the concept that implies it

    def __reduce__(self):
        """Pickled as its fields: unpickling a slots dataclass by its state is several times slower (snapshots, bulk profiles)."""
        return Hit, (self.concept, self.surface, self.how, self.source, self.via)


@dataclass(frozen=True)
class Requirement:
    """One skill a posting lists: its concepts, or a free phrase when the lexicon has none."""

    label: str
    concepts: tuple[str, ...]
    free: FreePhrase | None
    words: tuple[str, ...] = ()  # the label's distinct stemmed words, for partial credit


@dataclass(frozen=True)
class Profile:
    """A document as the ranking sees it."""

    terms: TermTally
    bengali_share: float  # 0: all English, 1: all Bengali (or Banglish); see ``bengali_share``
    hits: dict[str, Hit]  # every concept shown or implied
    named_concepts: int  # distinct skill and role concepts named (not implied)
    concept_counts: dict[str, float]
    credit: dict[str, float]  # CVs: concept → 1.0 (shown or implied) or 0.5 (related)
    listed_terms: TermTally  # CVs: terms of the skills list, where free phrases are looked for too
    requirements: tuple[Requirement, ...]  # postings
    constraints: Requirements | None  # postings
    facts: CandidateFacts | None  # CVs

    def as_kept(self) -> KeptProfile:
        """This profile as an index keeps it (see ``KeptProfile``), sharing equal hits and facts with other profiles."""
        return KeptProfile(
            named=tuple(_shared(_SHARED_HITS, hit, hit) for hit in self.hits.values() if hit.how != IMPLIED),
            requirements=self.requirements,
            constraints=self.constraints,
            facts=None if self.facts is None else _shared(_SHARED_FACTS, _facts_key(self.facts), self.facts),
        )


# Kept profiles share equal hits and facts: a few hundred distinct ones (a concept and the words
# that named it; a place, languages and education) serve thousands of CVs. Each table keeps at
# most this many; beyond that, a profile keeps its own.
_SHARED_LIMIT = 50_000
_SHARED_HITS: dict[Hit, Hit] = {}
_SHARED_FACTS: dict[tuple, CandidateFacts] = {}


def _shared(table: dict, key, value):
    """The value kept under ``key``, else ``value`` (kept too while the table has room)."""
    found = table.get(key)
    if found is not None:
        return found
    if len(table) < _SHARED_LIMIT:
        table.setdefault(key, value)
    return value


def _facts_key(facts: CandidateFacts) -> tuple:
    return facts.place, tuple(facts.languages.items()), facts.education


@dataclass(frozen=True, slots=True)
class KeptProfile:
    """What an index keeps of a profile per document: the concepts it names, its listed skills
    (postings), constraints (postings) and facts (CVs).

    Its terms and concept counts live in the index's rows; the concepts it only implies and
    its skill credit follow from the concepts it names and the lexicon, so they are worked
    out again when a pair is explained rather than kept for every document.
    """

    named: tuple[Hit, ...]  # the concepts the document names, first found first
    requirements: tuple[Requirement, ...]
    constraints: Requirements | None
    facts: CandidateFacts | None

    def __reduce__(self):
        """Pickled as its fields (see ``Hit.__reduce__``)."""
        return KeptProfile, (self.named, self.requirements, self.constraints, self.facts)

    def hits(self, lexicon: Lexicon) -> dict[str, Hit]:
        """Every concept shown or implied, as ``Profile.hits`` (the same order)."""
        return _with_implied({hit.concept: hit for hit in self.named}, lexicon)

    def credit(self, lexicon: Lexicon) -> dict[str, float]:
        """As ``Profile.credit`` (a CV's credit per concept)."""
        return _credit(self.hits(lexicon), lexicon)


def _with_implied(hits: dict[str, Hit], lexicon: Lexicon) -> dict[str, Hit]:
    """``hits`` (named concepts) and, after them, the broader concepts they imply; changes ``hits``."""
    for cid, via in lexicon.with_ancestors(list(hits)).items():
        if cid not in hits:
            hits[cid] = Hit(cid, hits[via].surface, IMPLIED, IMPLIED, via)
    return hits


def _credit(hits: dict[str, Hit], lexicon: Lexicon) -> dict[str, float]:
    """1.0 per concept shown or implied, 0.5 per concept only related to one."""
    credit: dict[str, float] = {}
    for cid in hits:
        for half in lexicon.half_from[cid]:
            credit.setdefault(half, 0.5)
    credit.update({cid: 1.0 for cid in hits})
    return credit


def _count_mentions(mentions: Iterable[Mention], source: str, hits: dict, counts: Counter, boost: float) -> None:
    seen = set()
    for m in mentions:
        counts[m.concept] += 1.0
        if boost and m.concept not in seen:
            counts[m.concept] += boost
        seen.add(m.concept)
        if m.concept not in hits or (hits[m.concept].how != "exact" and m.how == "exact"):
            hits[m.concept] = Hit(m.concept, m.surface, m.how, source)


def build_profile(doc: Document, lexicon: Lexicon, *, blind: bool = True) -> Profile:
    """Work out everything the ranking needs from ``doc``."""
    text = blind_text(doc.text) if blind else doc.text
    if blind and doc.kind != POSTING:
        text = drop_leading_name(text, lexicon.knows_word)
    skills = [blind_text(s) if blind else s for s in doc.skills]
    # Tokenised once for its terms, its language share, (CVs) its facts and its concepts.
    if doc.kind == POSTING:
        tokens = tokenize(text)
    else:
        text_mentions, tokens, stems = lexicon.find_with_stems(text)
    terms = TermTally.of(stems_of(tokens) if doc.kind == POSTING else stems)
    if doc.kind == POSTING:  # a posting's title says what the job is: its words count twice
        terms = terms.plus(analyse_stems(text.partition("\n")[0]), weight=_TITLE_TERM_WEIGHT - 1)
    # The tokens of text and skills joined by spaces: no token spans a space.
    words = _WordCounts.of(tokens)
    share = words.plus(_WordCounts.of([t for label in skills for t in tokenize(label)])).bengali_share()

    hits: dict[str, Hit] = {}
    counts: Counter = Counter()
    if doc.kind == POSTING:
        title, _, body = text.partition("\n")
        _count_mentions(lexicon.find(title), TITLE, hits, counts, _TITLE_BOOST)
        _count_mentions(lexicon.find(body), TEXT, hits, counts, 0.0)
    else:
        _count_mentions(text_mentions, TEXT, hits, counts, 0.0)
    for label in skills:
        _count_mentions(lexicon.find(label), SKILLS_LIST, hits, counts, _LISTED_BOOST)

    for cid, hit in _with_implied(hits, lexicon).items():
        if hit.how == IMPLIED:
            counts[cid] += _IMPLIED_COUNT
    concept_counts = {cid: float(n) for cid, n in counts.items() if n > 0}
    named = sum(1 for cid, hit in hits.items() if hit.how != IMPLIED and lexicon.concept(cid).kind in (SKILL, ROLE))

    posting = doc.kind == POSTING
    return Profile(
        terms=terms,
        bengali_share=share,
        hits=hits,
        named_concepts=named,
        concept_counts=concept_counts,
        credit={} if posting else _credit(hits, lexicon),
        listed_terms=TermTally.of(*([] if posting else [analyse_stems(label) for label in skills])),
        requirements=_requirements(doc.skills, lexicon) if posting else (),
        constraints=_posting_requirements(doc, text, lexicon) if posting else None,
        facts=None if posting else _facts(doc, text, words, hits, lexicon),
    )


def bengali_share(text: str) -> float:
    """How much of a text is Bengali rather than English, 0..1 (0.5 when it has no words).

    Bengali-script words count as Bengali. Banglish is Bengali in Latin letters with English
    skill words mixed in: each of its function words ("ami", "korechi", "er") counts as
    Bengali with half a content word more ("kaj", "bochor"), taken from the Latin words.
    """
    return _bengali_share_of(tokenize(text))


def _bengali_share_of(tokens: list[str]) -> float:
    """``bengali_share`` of a text from its ``tokenize`` tokens."""
    return _WordCounts.of(tokens).bengali_share()


@dataclass(frozen=True, slots=True)
class _WordCounts:
    """What kinds of words some ``tokenize`` tokens hold: the counts the language share and a CV's
    languages are read from, taken in one go (each a C-level pass, none for Bengali in ASCII text)."""

    tokens: int
    bengali: int  # Bengali-script words
    bengali_content: int  # of them, not stopwords
    digits: int  # other words that are numbers (no Banglish function word is one)
    banglish: int  # Banglish function words ("ami", "korechi")
    english: int  # English function words ("the", "and")

    @classmethod
    def of(cls, tokens: list[str]) -> _WordCounts:
        bengali = [] if "".join(tokens).isascii() else [t for t in tokens if "\u0980" <= t[0] <= "\u09ff"]
        return cls(len(tokens), len(bengali), len(bengali) - sum(map(BENGALI_STOPWORDS.__contains__, bengali)),
                   sum(map(str.isdigit, tokens)) - sum(map(str.isdigit, bengali)),
                   sum(map(BANGLISH_STOPWORDS.__contains__, tokens)),
                   sum(map(ENGLISH_STOPWORDS.__contains__, tokens)))

    def plus(self, other: _WordCounts) -> _WordCounts:
        return _WordCounts(*(a + b for a, b in zip(self._fields(), other._fields())))

    def _fields(self) -> tuple[int, ...]:
        return self.tokens, self.bengali, self.bengali_content, self.digits, self.banglish, self.english

    def bengali_share(self) -> float:
        """See ``bengali_share``: Bengali words, Banglish function words 1.5 each, against the other
        (non-number) words less half a word per Banglish function word."""
        bengali = self.bengali + 1.5 * self.banglish
        latin = max(0.0, (self.tokens - self.bengali - self.digits - self.banglish) - 0.5 * self.banglish)
        total = bengali + latin
        return 0.5 if total == 0 else bengali / total


def _requirements(labels: Iterable[str], lexicon: Lexicon) -> tuple[Requirement, ...]:
    """A posting's listed skills as requirements; repeats (same normalised words) dropped."""
    out, seen = [], set()
    for label in labels:
        key = match_key(label)
        if not key or key in seen:
            continue
        seen.add(key)
        concepts = lexicon.resolve(label)
        free = None
        if not concepts:
            free = free_phrase(label)
            if free is None:
                continue
        words = tuple(w for w in dict.fromkeys(analyse_stems(label)) if w not in _GENERIC_SKILL_WORDS)
        out.append(Requirement(label, concepts, free, words))
    return tuple(out)


def _posting_requirements(doc: Document, text: str, lexicon: Lexicon) -> Requirements | None:
    """The posting's constraint fields, with the empty ones its description fills (as "prefer"), resolved."""
    constraints, described = with_described(doc.constraints, described_constraints(text, lexicon))
    return Requirements.of(constraints, doc.location, lexicon, described)


def _facts(doc: Document, text: str, words: _WordCounts, hits: dict[str, Hit], lexicon: Lexicon) -> CandidateFacts:
    languages: dict[str, str] = {}
    for name in doc.languages:
        cid = language_id(name, lexicon)
        if cid:
            languages.setdefault(cid, f"declared: {name}")
    for cid, hit in hits.items():
        base = lexicon.language_of(cid)
        if base and base == cid:
            languages.setdefault(base, f"mentioned: {hit.surface}")
    if words.bengali_content >= _MIN_BENGALI_WORDS:
        languages.setdefault("bangla", "written in Bengali")
    if words.banglish >= _MIN_BANGLISH_WORDS:
        languages.setdefault("bangla", "written in Banglish")
    if words.english >= _MIN_ENGLISH_WORDS:
        languages.setdefault("english", "written in English")
    education = detect_education(text)
    declared = parse_level(doc.education) if doc.education else None
    if declared and (education.completed is None or declared > education.completed):
        studying = education.studying if education.studying and education.studying > declared else None
        education = Education(declared, studying)
    return CandidateFacts(place=resolve_place(doc.location), languages=languages, education=education)

