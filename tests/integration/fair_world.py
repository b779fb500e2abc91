"""A small fair fed to an in-process fairday through its own event handler: employers, postings, CVs, matches."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from fairday.handlers import handle_event
from shared.auth.tokens import CANDIDATE_TOKEN, EMPLOYER_KEY, new_token, token_hash
from shared.events import types
from shared.events.envelope import new_event
from shared.events.match_found import match_events
from shared.registration_codes import grouped, new_code

FAIR = "fair-khulna"


@dataclass
class FairWorld:
    """What the events said: employer keys, candidate tokens and codes, by id."""

    service: object
    employer_keys: dict[str, str] = field(default_factory=dict)
    candidate_tokens: dict[str, str] = field(default_factory=dict)
    codes: dict[str, str] = field(default_factory=dict)

    def send(self, event_type: str, data: dict, occurred_at: str | None = None) -> None:
        """Deliver one event to fairday's handler."""
        envelope = new_event(event_type, data, producer="test")
        if occurred_at:
            envelope = replace(envelope, occurred_at=occurred_at)
        handle_event(self.service, envelope)

    def employer(self, employer_id: str, name: str) -> str:
        """Register an employer; returns its API key."""
        key = new_token(EMPLOYER_KEY)
        self.employer_keys[employer_id] = key
        self.send(types.EMPLOYER_REGISTERED, {"employer_id": employer_id, "name": name, "key_hash": token_hash(key)})
        return key

    def posting(self, posting_id: str, employer_id: str, employer: str, title: str, stall: str | None = None, fair_id: str = FAIR):
        """Publish a posting at the fair."""
        self.send(types.POSTING_PUBLISHED, {"posting_id": posting_id, "employer_id": employer_id, "fair_id": fair_id, "employer": employer,
                                            "title": title, "description": title, "stall": stall})

    def cv(self, cv_id: str, name: str, *, district: str = "Khulna", institution: str | None = "Khulna University",
           language: str = "en", fair_id: str = FAIR, occurred_at: str | None = None) -> str:
        """Hand in a CV with a fresh registration code and register its candidate; returns the grouped code."""
        code = grouped(new_code())
        token = new_token(CANDIDATE_TOKEN)
        self.codes[cv_id], self.candidate_tokens[cv_id] = code, token
        self.send(types.CV_RECEIVED, {"cv_id": cv_id, "fair_id": fair_id, "text": "secret CV text", "location": district,
                                      "language_pref": language, "candidate_token_hash": token_hash(token),
                                      "registration_code": code, "institution": institution}, occurred_at)
        self.send(types.CANDIDATE_REGISTERED, {"cv_id": cv_id, "name": name, "phone": "+8801711234567", "email": None,
                                               "language_pref": language, "fair_id": fair_id, "registration_code": code,
                                               "candidate_token_hash": token_hash(token)})
        return code

    def match(self, posting_id: str, cv_id: str, score: float) -> None:
        """The matcher found this CV for this posting (its match.found of version 2, as it publishes them)."""
        self.ranking([(posting_id, cv_id, score)])

    def ranking(self, matches: list[tuple[str, str, float]]) -> None:
        """The matcher ranked a document: its new matches, (posting, cv, score) best first, in one event."""
        for envelope in match_events([{"posting_id": posting_id, "cv_id": cv_id, "score": score, "posting_title": "t",
                                       "employer": "e", "explanation": {}} for posting_id, cv_id, score in matches],
                                     producer="matcher", correlation_id=None):
            handle_event(self.service, envelope)
