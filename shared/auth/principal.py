"""The caller of a request: a role and, for employers and candidates, whose credential it is."""

from __future__ import annotations

from dataclasses import dataclass

OPERATOR = "operator"
EMPLOYER = "employer"
CANDIDATE = "candidate"
ANONYMOUS = "anonymous"
#: ``allow(ANYONE)``: a route every caller may use, with or without a credential.
ANYONE = "anyone"
ROLES = (OPERATOR, EMPLOYER, CANDIDATE)


@dataclass(frozen=True)
class Principal:
    """Who is calling: ``role``, and ``subject`` (an employer id or a CV id) for employers and candidates."""

    role: str
    subject: str | None = None

    def is_employer(self, employer_id: str | None) -> bool:
        """True when the caller is the employer ``employer_id``."""
        return self.role == EMPLOYER and employer_id is not None and self.subject == employer_id

    def is_candidate(self, cv_id: str | None) -> bool:
        """True when the caller holds the token of CV ``cv_id``."""
        return self.role == CANDIDATE and cv_id is not None and self.subject == cv_id

    @property
    def is_operator(self) -> bool:
        """True for the operator."""
        return self.role == OPERATOR


NOBODY = Principal(ANONYMOUS)
