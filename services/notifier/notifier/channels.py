"""Choosing how to reach a candidate: only by a channel they consented to, SMS first.

Most candidates read SMS before email, so with both consents a notice goes by SMS; email when
only it is consented (and the address can be sent to); nothing without a consented channel.
"""

from __future__ import annotations

from dataclasses import dataclass

from shared.email_address import check_email_address

NO_CONSENT = "the candidate consented to no channel"


@dataclass(frozen=True)
class Route:
    """Where a notice goes (``channel`` and ``recipient``), or, when both are None, why it cannot go."""

    channel: str | None
    recipient: str | None
    unreachable_because: str | None = None


def choose_channel(contact) -> Route:
    """Route a contact row by its consents: SMS to its phone, else email to a sendable address, else why not."""
    by_sms, by_email = bool(contact.get("notify_by_sms")), bool(contact.get("notify_by_email"))
    if not (by_sms or by_email):
        return Route(None, None, NO_CONSENT)
    if by_sms and contact["phone"]:
        return Route("sms", contact["phone"])
    problems = []
    if by_email and contact["email"]:
        try:
            return Route("email", check_email_address(contact["email"]))
        except ValueError as exc:
            problems.append(f"the candidate's email address {exc}")
    missing = [what for what, wanted in (("email", by_email), ("phone", by_sms)) if wanted and not contact[what]]
    if missing:
        who = "they" if problems else "the candidate"
        problems.append(f"{who} gave no {' or '.join(missing)}")
    return Route(None, None, ", and ".join(problems))
