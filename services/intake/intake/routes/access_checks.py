"""Per-resource access inside a route: a resource the caller may not see answers 404."""

from flask import abort

from shared.http.access import current_principal


def visible_cv(row: dict | None, cv_id: str) -> dict:
    """``row`` when the caller is the operator or the CV's candidate; else 404."""
    principal = current_principal()
    if row is None or not (principal.is_operator or principal.is_candidate(row["id"])):
        abort(404, f"No CV with id {cv_id}.")
    return row


def visible_posting(row: dict | None, posting_id: str) -> dict:
    """``row`` when the caller is the operator or the posting's employer; else 404."""
    principal = current_principal()
    if row is None or not (principal.is_operator or principal.is_employer(row["employer_id"])):
        abort(404, f"No posting with id {posting_id}.")
    return row


def visible_employer(row: dict | None, employer_id: str) -> dict:
    """``row`` when the caller is the operator or that employer; else 404."""
    principal = current_principal()
    if row is None or not (principal.is_operator or principal.is_employer(row["id"])):
        abort(404, f"No employer with id {employer_id}.")
    return row
