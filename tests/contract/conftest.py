"""Each service's app in-process (SQLite, in-memory bus) and its OpenAPI document for schemathesis."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from intake.app import create_app as create_intake_app
from matcher.app import create_app as create_matcher_app
from notifier.app import create_app as create_notifier_app
from tests.integration.service_builders import intake_service, matcher_service, notifier_service

OPENAPI_PATH = "/api/v1/openapi.json"
# make test runs a short budget per operation; make fuzz sets JOBMATCH_FUZZ_EXAMPLES higher.
FUZZ_SETTINGS = settings(
    max_examples=int(os.environ.get("JOBMATCH_FUZZ_EXAMPLES", "25")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=os.environ.get("JOBMATCH_FUZZ_SEED") is None,
)


@pytest.fixture
def intake_app(tmp_path):
    service = intake_service(f"sqlite:///{tmp_path / 'intake.sqlite3'}", anon_rate_limit="1000/second")
    yield create_intake_app(service)
    service.engine.dispose()


@pytest.fixture
def matcher_app(tmp_path):
    service = matcher_service(tmp_path)
    yield create_matcher_app(service)
    service.engine.dispose()


@pytest.fixture
def notifier_app(tmp_path):
    service = notifier_service(tmp_path)
    yield create_notifier_app(service)
    service.engine.dispose()


def fuzz_every_operation(app, headers: dict | None = None) -> list[str]:
    """Run schemathesis over every operation of ``app``'s own document; return the operations run.

    Each generated request is sent in-process and its answer checked against the document
    (status, content type, headers, body schema) and for a server error; requests that fit the
    document and requests that break it are both sent. The first failure raises, shrunk by
    hypothesis to a small reproducing request. A request that fits the document may still get a
    documented 422: the document cannot say which of all strings is a Bengali district or a
    mobile number, so schemathesis' "valid data is accepted" check is left out. ``headers`` (a
    credential) go with every request; without one, routes that need a credential answer 401.
    """
    schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, app)
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @FUZZ_SETTINGS
        # Fixed headers are part of every generated case: negative cases never drop the credential.
        @given(case=st.one_of(operation.as_strategy(mode, headers=headers) for mode in GenerationMode))
        def answers_within_contract(case):
            case.call_and_validate(excluded_checks=[positive_data_acceptance])

        answers_within_contract()
        labels.append(operation.label)
    return labels
