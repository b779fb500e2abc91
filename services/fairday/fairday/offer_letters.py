"""An interview's appointment letter: its employer, post, candidate and date, in the candidate's language first."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from fairday.clock import as_utc
from fairday.letters import offer_letter_pdf
from shared.registration_codes import grouped

# A fair's letters are dated by the venue's calendar.
VENUE_ZONE = ZoneInfo("Asia/Dhaka")


def letter_for(interview: dict, cv: dict) -> bytes:
    """The PDF letter of an offer or hire on the spot recorded in ``interview`` for the CV ``cv``."""
    code = cv["registration_code"]
    return offer_letter_pdf(
        candidate_name=cv["name"] or "",
        employer=interview["employer"],
        post=interview["title"],
        date=as_utc(interview["at"]).astimezone(VENUE_ZONE).date(),
        language=cv["language_pref"] if cv["language_pref"] in ("bn", "en") else "en",
        reference=grouped(code) if code else interview["id"][:8],
        outcome=interview["outcome"],
    )
