"""Per-resource access inside a route: a resource the caller may not see answers 404."""

from flask import abort

from shared.auth.grants import grant_allows
from shared.auth.principal import EMPLOYER, Principal
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


def may_read_file(principal: Principal, cv: dict, grant: str | None, admin_token: str | None) -> bool:
    """Whether ``principal`` may download CV ``cv``'s file.

    Its candidate and the operator may. An employer may only with a grant the matcher gave it in
    the shortlist of its own posting (``shared.auth.grants``), while the candidate still consents
    to share with employers and the CV is active.
    """
    if principal.is_operator or principal.is_candidate(cv["id"]):
        return True
    return (
        principal.role == EMPLOYER
        and bool(cv["share_with_employers"])
        and cv["status"] == "active"
        and grant_allows(admin_token, grant, cv["id"], principal.subject)
    )
