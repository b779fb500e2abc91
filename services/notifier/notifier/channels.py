"""Choosing how to reach a candidate: email when they gave one, else SMS."""

from __future__ import annotations


def choose_channel(contact) -> tuple[str, str] | None:
    """Return ``(channel, recipient)`` for a contact row, or None when it has no address."""
    if contact["email"]:
        return "email", contact["email"]
    if contact["phone"]:
        return "sms", contact["phone"]
    return None
