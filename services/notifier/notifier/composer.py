"""Turning a claimed message row into its text: codes, candidates' digests, fair-day messages and employers' digests."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from notifier import tables
from notifier.digests import WENT_OUT
from notifier.fair_day_messages import Stall, compose_call_notice, compose_offer_notice, compose_stalls_notice
from notifier.links import mint_link, unsubscribe_token
from notifier.message_kinds import CODE_KINDS, FAIR_DAY_KINDS, FIRST_MESSAGE_KINDS
from notifier.messages import (
    DigestItem,
    EmployerDigestPosting,
    Notice,
    compose_digest,
    compose_employer_digest,
    compose_verification_notice,
)
from notifier.policy import SendingPolicy


@dataclass(frozen=True)
class Composed:
    """A message and what the email adds: ``headers`` (List-Unsubscribe) and the postings it names."""

    notice: Notice
    headers: dict
    posting_ids: tuple[str, ...] = ()


class Composer:
    """Composes messages in the claim's transaction (it reads matches and mints link codes)."""

    def __init__(self, policy: SendingPolicy, portal_url: str, public_url: str, key: bytes):
        self.policy = policy
        self.portal_url = portal_url
        self.public_url = public_url
        self.key = key

    def compose(self, conn, row) -> Composed | None:
        """The message for ``row`` (a notification with its contact's name and language), or None when there is nothing to tell."""
        if row["kind"] in CODE_KINDS:
            notice = compose_verification_notice(row["language_pref"], row["channel"], row["verification_code"] or "", row["kind"],
                                                 registration_code=row.get("registration_code"))
            return Composed(notice, {})
        if row["kind"] in FAIR_DAY_KINDS:
            return self._fair_day(conn, row)
        if row["kind"] == "employer_digest":
            return self._employer_digest(conn, row)
        return self._digest(conn, row)

    def _unsubscribe(self, audience: str, subject_id: str) -> tuple[str, dict]:
        url = f"{self.public_url}/api/v1/unsubscribe/{unsubscribe_token(self.key, audience, subject_id)}"
        return url, {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}

    def _digest(self, conn, row) -> Composed | None:
        m, p = tables.matches.c, tables.postings.c
        carried = conn.execute(
            select(m.posting_id, m.posting_title, m.employer, m.reasons, p.stall, p.fair_name, p.fair_venue, p.fair_starts_on)
            .select_from(tables.matches.outerjoin(tables.postings, tables.postings.c.id == m.posting_id))
            .where(m.notice_id == row["id"], m.status == "announced")
            .order_by(m.score.desc(), m.posting_id)
        ).all()
        if not carried:
            return None
        language = row["language_pref"]
        shown = carried[: self.policy.digest_size]
        items = [
            DigestItem(
                posting_title=c.posting_title, employer=c.employer, skills=_skills(c.reasons or {}, language),
                stall=c.stall, fair_name=c.fair_name, fair_venue=c.fair_venue, fair_date=c.fair_starts_on,
            )
            for c in shown
        ]
        link = self._private_link(conn, row["cv_id"])
        headers, unsubscribe = {}, None
        if row["channel"] == "email":
            unsubscribe, headers = self._unsubscribe("cv", row["cv_id"])
        notice = compose_digest(language, row["channel"], row["name"], items, more=len(carried) - len(shown),
                                link=link, unsubscribe=unsubscribe, registration_code=_first_message_code(conn, row))
        return Composed(notice, headers, tuple(c.posting_id for c in carried))

    def _private_link(self, conn, cv_id: str) -> str:
        """A new short link to the candidate's private page on the portal."""
        return f"{self.portal_url}/l/{mint_link(conn, cv_id)}"

    def _fair_day(self, conn, row) -> Composed | None:
        """The fair-day message its stored facts tell, or None when they are gone."""
        facts = row["facts"]
        if not facts:
            return None
        language, channel, name = row["language_pref"], row["channel"], row["name"]
        if row["kind"] == "fair_stalls":
            notice = compose_stalls_notice(language, channel, name, [_stall(s) for s in facts["stalls"]])
        elif row["kind"] == "fair_call":
            notice = compose_call_notice(language, channel, name, _stall(facts))
        else:
            notice = compose_offer_notice(language, channel, name, _stall(facts), hired=facts["hired"], letter=facts["letter"],
                                          link=self._private_link(conn, row["cv_id"]))
        return Composed(notice, {})

    def _employer_digest(self, conn, row) -> Composed | None:
        m = tables.matches.c
        carried = conn.execute(
            select(m.posting_id, m.posting_title, m.cv_id, m.score, m.reasons)
            .where(m.employer_notice_id == row["id"]).order_by(m.posting_id, m.score.desc())
        ).all()
        if not carried:
            return None
        postings: dict[str, EmployerDigestPosting] = {}
        for c in carried:
            posting = postings.setdefault(c.posting_id, EmployerDigestPosting(c.posting_id, c.posting_title, []))
            posting.candidates.append((c.cv_id[:8], c.score, tuple((c.reasons or {}).get("skills", []))))
        e = tables.employers.c
        name = conn.execute(select(e.name).where(e.id == row["employer_id"])).scalar() or ""
        unsubscribe, headers = self._unsubscribe("employer", row["employer_id"])
        notice = compose_employer_digest(name, list(postings.values()), portal_url=self.portal_url, unsubscribe=unsubscribe)
        return Composed(notice, headers, tuple(postings))


def _first_message_code(conn, row) -> str | None:
    """The contact's registration code when no message that tells it went out before this one, else None."""
    n = tables.notifications.c
    told = conn.execute(
        select(n.id).where(n.cv_id == row["cv_id"], n.id != row["id"], n.kind.in_(FIRST_MESSAGE_KINDS), n.status.in_(WENT_OUT))
        .limit(1)
    ).first()
    return None if told else row.get("registration_code")


def _stall(facts: dict) -> Stall:
    """A stall as a fair-day message's facts keep it."""
    return Stall(employer=facts.get("employer") or "", stall=facts.get("stall"), title=facts.get("title"))


def _skills(reasons: dict, language: str) -> tuple[str, ...]:
    """The skills that made a match, in the candidate's language where a Bengali label is known."""
    skills = reasons.get("skills") or []
    if language == "bn":
        labels = reasons.get("skills_bn") or {}
        return tuple(labels.get(s) or s for s in skills)
    return tuple(skills)
