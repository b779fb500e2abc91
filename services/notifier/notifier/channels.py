"""Choosing how to reach a candidate: email when they gave one we can send to, else SMS."""

from __future__ import annotations

from dataclasses import dataclass

from shared.email_address import check_email_address


@dataclass(frozen=True)
class Route:
    """Where a notice goes (``channel`` and ``recipient``), or, when both are None, why it cannot go."""

    channel: str | None
    recipient: str | None
    unreachable_because: str | None = None


def choose_channel(contact) -> Route:
    """Route a contact row: a sendable email first, else the phone, else the reason neither works."""
    email_problem = None
    if contact["email"]:
        try:
            return Route("email", check_email_address(contact["email"]))
        except ValueError as exc:
            email_problem = f"the candidate's email address {exc}"
    if contact["phone"]:
        return Route("sms", contact["phone"])
    if email_problem:
        return Route(None, None, f"{email_problem}, and they gave no phone")
    return Route(None, None, "the candidate gave no email or phone")
