"""In-process intake on SQLite or PostgreSQL, with clients for each kind of caller."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from intake import tables
from intake.app import create_app
from shared.config import database_url
from tests.integration.service_builders import bearer, intake_service, operator_client


def _intake(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'intake.sqlite3'}"
    else:
        url = database_url("intake", {"INTAKE_DATABASE_URL": request.getfixturevalue("postgres_url")})
    service = intake_service(url)
    yield service
    service.engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_on_both(request, tmp_path):
    """``url(service)``: a database for ``service`` on SQLite (a file in tmp_path), then on a fresh PostgreSQL."""

    def url(service: str) -> str:
        if request.param == "sqlite":
            return f"sqlite:///{tmp_path / (service + '.sqlite3')}"
        return database_url(service, {f"{service.upper()}_DATABASE_URL": request.getfixturevalue("postgres_url")})

    return url


@pytest.fixture(params=["sqlite"])
def intake(request, tmp_path):
    """A wired intake on SQLite."""
    yield from _intake(request, tmp_path)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def intake_on_both(request, tmp_path):
    """A wired intake on SQLite, then on PostgreSQL."""
    yield from _intake(request, tmp_path)


class Callers:
    """Test clients of one intake app: anonymous, the operator, and helpers to make employers and candidates."""

    def __init__(self, service):
        self.service = service
        self.app = create_app(service)
        self.anonymous = self.app.test_client()
        self.operator = operator_client(self.app)

    def employer(self, name: str = "Rupsha Digital") -> tuple[dict, dict]:
        """Register an employer; return (its account, its Authorization header)."""
        created = self.operator.post("/api/v1/employers", json={"name": name})
        assert created.status_code == 201, created.get_json()
        body = created.get_json()
        return body, bearer(body["api_key"])

    def candidate(self, cv: dict) -> tuple[dict, dict]:
        """Hand in ``cv`` anonymously; return (the CV answer, the candidate's Authorization header)."""
        created = self.anonymous.post("/api/v1/cvs", json=cv)
        assert created.status_code == 201, created.get_json()
        body = created.get_json()
        return body, bearer(body["candidate_token"])

    def events(self, *event_types: str) -> list[dict]:
        """Outboxed events (type and data), oldest first; only ``event_types`` when given."""
        query = select(tables.outbox.c.payload).order_by(tables.outbox.c.seq)
        if event_types:
            query = query.where(tables.outbox.c.event_type.in_(event_types))
        with self.service.engine.connect() as conn:
            return [{"type": e["type"], **e["data"]} for e in map(json.loads, conn.execute(query).scalars())]


@pytest.fixture
def callers(intake) -> Callers:
    return Callers(intake)


@pytest.fixture
def callers_on_both(intake_on_both) -> Callers:
    return Callers(intake_on_both)
