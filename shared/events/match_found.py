"""``match.found`` in its two versions, for the matcher that writes it and the services that read it.

Version 1 carries one match as its data. Version 2 (``MatchesFound``) carries the new matches of
one ranking as ``matches``, at most ``MATCHES_PER_EVENT`` of them: a CV ranked against the postings
(or a posting against the CVs) is one message on the bus and one event for each consumer to claim
and apply, instead of one per match. The matcher writes version 2; consumers read both with
``matches_in``, so events of version 1 still in a queue or an outbox from before the upgrade are
applied as before. Upgrade the consumers (notifier, fairday) before the matcher.

A match's ``explanation`` in the event is its summary (``explanation_summary``): the skills it
matched, half matched and missed, their Bengali labels and the strongest shared terms, what
consumers word notices with. The whole explanation (components, weights, shared concepts, evidence
per skill) stays in the matcher, which serves it with the match (``GET /api/v1/postings/<id>/matches``):
it was about six times the size of the rest of the event, paid for by every consumer.
"""

from __future__ import annotations

import json

from shared.events import types
from shared.events.envelope import Envelope, new_event
from shared.events.schemas import MATCHES_PER_EVENT


#: The parts of an explanation a ``match.found`` carries (see the module's docstring).
SUMMARY_KEYS = ("matched_skills", "partial_skills", "missing_skills", "skill_labels_bn", "top_terms")


def explanation_summary(explanation: dict) -> dict:
    """The parts of a match's explanation an event carries (``SUMMARY_KEYS``, those it has)."""
    return {key: explanation[key] for key in SUMMARY_KEYS if key in explanation}


def matches_in(envelope: Envelope) -> list[dict]:
    """The matches a ``match.found`` event carries, each with the fields of version 1's data."""
    return envelope.data["matches"] if envelope.version >= 2 else [envelope.data]


def match_events(matches: list[dict], *, producer: str, correlation_id: str | None) -> list[Envelope]:
    """Version-2 ``match.found`` events for one ranking's new ``matches`` (in their order), as few as fit."""
    return [
        new_event(types.MATCH_FOUND, {"matches": matches[start:start + MATCHES_PER_EVENT]}, producer=producer,
                  correlation_id=correlation_id, version=2)
        for start in range(0, len(matches), MATCHES_PER_EVENT)
    ]


def payload_without_cv(payload: str, cv_id: str) -> str | None:
    """A stored ``match.found`` (its wire JSON) without the matches of ``cv_id``: None when none is left.

    Erasing a candidate removes their matches from events not yet forgotten; a version-2 event of a
    posting's ranking also holds other candidates' matches, which stay.
    """
    event = json.loads(payload)
    if event.get("version", 1) < 2:
        return None if event["data"].get("cv_id") == cv_id else payload
    kept = [match for match in event["data"]["matches"] if match.get("cv_id") != cv_id]
    if not kept:
        return None
    if len(kept) == len(event["data"]["matches"]):
        return payload
    event["data"]["matches"] = kept
    return json.dumps(event, ensure_ascii=False)
