"""The Idempotency-Key header on POST: the same key from the same caller on the same path within 24 hours
gets the first answer again instead of a second effect."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

from flask import Flask, Response, g, request
from flask_smorest import Blueprint
from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from intake import tables
from intake.clock import utc_now
from shared.http.access import current_principal
from shared.http.problems import problem

HEADER = "Idempotency-Key"
REPLAYED_HEADER = "Idempotent-Replayed"
WINDOW = timedelta(hours=24)
MAX_KEY_LENGTH = 255
#: OpenAPI: every POST documents the header (``@idempotent`` under its route line).
idempotent = Blueprint.doc(
    parameters=[
        {
            "in": "header",
            "name": HEADER,
            "required": False,
            "description": "The same key from the same caller on the same path within 24 hours gets the first "
            "answer again (with Idempotent-Replayed: true) instead of a second effect.",
            "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": "^[ -~]+$"},
        }
    ]
)
# Shown once when created, never stored: a replay answers without them.
SECRET_FIELDS = ("candidate_token", "api_key")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _caller() -> str:
    principal = current_principal()
    return f"{principal.role}:{principal.subject or ''}"


def _valid_key(key: str) -> bool:
    return 0 < len(key) <= MAX_KEY_LENGTH and key.isascii() and key.isprintable()


def install_idempotency(app: Flask, engine: Engine) -> None:
    """Answer a repeated POST with its stored first answer; store the first 2xx answer of each new key.

    A first request reserves its key before it runs: the same key arriving while it runs gets 409,
    the same key with a different body 422. A request that fails (not 2xx) frees its key.
    """
    t = tables.idempotency_keys

    @app.before_request
    def _replay_or_reserve():
        key = request.headers.get(HEADER)
        if request.method != "POST" or key is None or request.url_rule is None:
            return None
        if not _valid_key(key):
            return problem(422, "Invalid request", f"{HEADER} must be 1-{MAX_KEY_LENGTH} printable ASCII characters.",
                           errors={HEADER: ["Invalid key."]})
        claim = {"caller": _caller(), "path_hash": _sha256(request.path.encode("utf-8", "surrogatepass")), "key": key}
        request_hash = _sha256(request.get_data())
        mine = (t.c.caller == claim["caller"], t.c.path_hash == claim["path_hash"], t.c.key == key)
        try:
            with engine.begin() as conn:
                conn.execute(delete(t).where(*mine, t.c.created_at < utc_now() - WINDOW))
                stored = conn.execute(select(t).where(*mine)).mappings().first()
                if stored is None:
                    g.idempotency_claim = conn.execute(
                        t.insert().values(**claim, request_hash=request_hash, created_at=utc_now())
                    ).inserted_primary_key[0]
                    return None
        except IntegrityError:
            return problem(409, "Conflict", f"A request with this {HEADER} is still running; retry later.")
        if stored["request_hash"] != request_hash:
            return problem(422, "Invalid request", f"This {HEADER} was used with a different request.",
                           errors={HEADER: ["Used with a different request."]})
        if stored["status"] is None:
            return problem(409, "Conflict", f"A request with this {HEADER} is still running; retry later.")
        replay = Response(stored["body"], status=stored["status"], content_type="application/json")
        replay.headers[REPLAYED_HEADER] = "true"
        if stored["location"]:
            replay.headers["Location"] = stored["location"]
        return replay

    @app.after_request
    def _store_answer(response: Response):
        claim_id = g.pop("idempotency_claim", None)
        if claim_id is None:
            return response
        with engine.begin() as conn:
            if 200 <= response.status_code < 300 and response.is_json:
                body = response.get_json()
                if isinstance(body, dict):
                    body = {k: v for k, v in body.items() if k not in SECRET_FIELDS}
                resource = (request.view_args or {}).get("cv_id") or (body.get("id") if isinstance(body, dict) else None)
                conn.execute(update(t).where(t.c.id == claim_id).values(
                    status=response.status_code, body=json.dumps(body, ensure_ascii=False),
                    location=response.headers.get("Location"), resource_id=resource,
                ))
            else:
                conn.execute(delete(t).where(t.c.id == claim_id))
        return response


def forget_expired_keys(engine: Engine) -> int:
    """Delete stored answers older than the 24-hour window; return how many."""
    t = tables.idempotency_keys
    with engine.begin() as conn:
        return conn.execute(delete(t).where(t.c.created_at < utc_now() - WINDOW)).rowcount
