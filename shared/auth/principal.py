"""The caller of a request: a role and, for employers and candidates, whose credential it is."""

from __future__ import annotations

from dataclasses import dataclass

OPERATOR = "operator"
EMPLOYER = "employer"
CANDIDATE = "candidate"
#: Fair-scoped gate staff (fair day): ``subject`` is the fair's id.
VOLUNTEER = "volunteer"
ANONYMOUS = "anonymous"
#: ``allow(ANYONE)``: a route every caller may use, with or without a credential.
ANYONE = "anyone"
ROLES = (OPERATOR, EMPLOYER, CANDIDATE, VOLUNTEER)


@dataclass(frozen=True)
class Principal:
    """Who is calling: ``role``, and ``subject`` (an employer id, a CV id, a volunteer's fair id) for the others."""

    role: str
    subject: str | None = None

    def is_employer(self, employer_id: str | None) -> bool:
        """True when the caller is the employer ``employer_id``."""
        return self.role == EMPLOYER and employer_id is not None and self.subject == employer_id

    def is_candidate(self, cv_id: str | None) -> bool:
        """True when the caller holds the token of CV ``cv_id``."""
        return self.role == CANDIDATE and cv_id is not None and self.subject == cv_id

    def is_volunteer_at(self, fair_id: str | None) -> bool:
        """True when the caller is a volunteer of fair ``fair_id``."""
        return self.role == VOLUNTEER and fair_id is not None and self.subject == fair_id

    @property
    def is_operator(self) -> bool:
        """True for the operator."""
        return self.role == OPERATOR


NOBODY = Principal(ANONYMOUS)
