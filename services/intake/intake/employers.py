"""Employer accounts: registered by the operator, each with an API key of which only the hash is kept."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.engine import Engine

from intake import tables
from intake.clock import utc_now
from intake.config import SERVICE
from intake.errors import UnknownEmployer
from shared.auth.tokens import EMPLOYER_KEY, new_token, token_hash
from shared.db.outbox import add_to_outbox
from shared.events import types
from shared.events.envelope import new_event
from shared.phone import normalise_bd_phone


def register_employer(engine: Engine, employer: dict, correlation_id: str | None = None) -> tuple[dict, str]:
    """Store an employer and its employer.registered event; return the row and its API key (not stored)."""
    api_key = new_token(EMPLOYER_KEY)
    row = dict(employer, id=str(uuid.uuid4()), key_hash=token_hash(api_key), created_at=utc_now())
    if row.get("phone"):
        row["phone"] = normalise_bd_phone(row["phone"])
    with engine.begin() as conn:
        conn.execute(tables.employers.insert().values(**row))
        event = new_event(
            types.EMPLOYER_REGISTERED,
            {"employer_id": row["id"], "name": row["name"], "key_hash": row["key_hash"], "email": row.get("email")},
            producer=SERVICE,
            correlation_id=correlation_id,
        )
        add_to_outbox(conn, tables.outbox, event)
    return row, api_key


def employer_name(conn, employer_id: str) -> str:
    """The name of employer ``employer_id``; UnknownEmployer when there is none."""
    name = conn.execute(select(tables.employers.c.name).where(tables.employers.c.id == employer_id)).scalar_one_or_none()
    if name is None:
        raise UnknownEmployer(employer_id)
    return name
