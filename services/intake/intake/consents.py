"""A candidate's three consents, each stored with the time it was last stated."""

from __future__ import annotations

from datetime import datetime

CONSENTS = ("share_with_employers", "notify_by_sms", "notify_by_email")


def stated_consents(given: dict, now: datetime) -> dict:
    """Column values for a new CV: each consent as given (False unless given), stamped when given."""
    values = {}
    for name in CONSENTS:
        stated = given.get(name)
        values[name] = bool(stated)
        values[f"{name}_at"] = now if stated is not None else None
    return values


def changed_consents(row: dict, changes: dict, now: datetime) -> dict:
    """Column updates for the consents in ``changes`` that differ from ``row``."""
    values = {}
    for name in CONSENTS:
        if changes.get(name) is not None and bool(changes[name]) != row[name]:
            values[name] = bool(changes[name])
            values[f"{name}_at"] = now
    return values


def consents_view(row: dict) -> dict:
    """``{consent: {"given": bool, "at": datetime | None}}`` as answered to the candidate."""
    return {name: {"given": bool(row[name]), "at": row[f"{name}_at"]} for name in CONSENTS}
