"""A new CV's registration code, one no other CV has."""

from __future__ import annotations

from sqlalchemy import select

from intake import tables
from shared.registration_codes import new_code


def free_registration_code(conn) -> str:
    """A random code not yet given to a CV (the unique constraint catches a race between two)."""
    while True:
        code = new_code()
        if conn.execute(select(tables.cvs.c.id).where(tables.cvs.c.registration_code == code)).first() is None:
            return code
