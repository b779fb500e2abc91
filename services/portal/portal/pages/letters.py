"""Appointment letters: fairday's PDF passed through with the caller's own credential, or a clean 404."""

from __future__ import annotations

from urllib.parse import quote

from flask import Response, abort

from portal.pages.context import upstream


def letter_response(token: str | None, interview_id: str) -> Response:
    """The letter of ``interview_id`` as fairday gives it to this caller; 404 when fairday has none for them."""
    answer = upstream().call("fairday", "GET", f"/api/v1/interviews/{quote(interview_id, safe='')}/letter.pdf", token=token)
    if not answer.ok or answer.headers.get("Content-Type", "").split(";")[0].strip() != "application/pdf":
        abort(404)
    name = f"appointment-letter-{interview_id[:8]}.pdf"
    return Response(answer.content, mimetype="application/pdf", headers={"Content-Disposition": f'attachment; filename="{name}"'})
