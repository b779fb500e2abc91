"""Each service's app in-process (SQLite, in-memory bus) and its OpenAPI document for schemathesis."""

from __future__ import annotations

import os

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import ignored_auth, positive_data_acceptance

from fairday.app import create_app as create_fairday_app
from fairday.handlers import handle_event as handle_fairday_event
from intake.app import create_app as create_intake_app
from matcher.app import create_app as create_matcher_app
from matcher.handlers import handle_event as handle_matcher_event
from notifier.app import create_app as create_notifier_app
from notifier.handlers import handle_event as handle_notifier_event
from shared.auth.tokens import CANDIDATE_TOKEN, EMPLOYER_KEY, new_token, token_hash
from shared.events import types
from shared.events.envelope import new_event
from tests.integration.service_builders import ADMIN_TOKEN as ADMIN
from tests.integration.service_builders import fairday_service, intake_service, matcher_service, notifier_service

OPENAPI_PATH = "/api/v1/openapi.json"
# Schemathesis' list of answers that reject schema-violating data, plus 413: a body over the size
# limit is refused before it is parsed, which is the rejection the services promise.
REJECTIONS = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429", "5xx"]
CONFIG = SchemathesisConfig.from_dict({"checks": {"negative_data_rejection": {"expected-statuses": REJECTIONS}}})
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


EMPLOYER_KEY_IN_EVENTS = new_token(EMPLOYER_KEY)
FAIR_CODE = "K7M-4XRP"
CANDIDATE_TOKEN_IN_EVENTS = new_token(CANDIDATE_TOKEN)
_EMPLOYER = {"employer_id": "e1", "name": "Rupsha Digital", "key_hash": token_hash(EMPLOYER_KEY_IN_EVENTS)}
_POSTING = {"posting_id": "p1", "employer_id": "e1", "fair_id": None, "employer": "Rupsha Digital",
            "title": "Call centre agent", "description": "Inbound customer service.", "skills": ["customer service"],
            "location": None}
_CV = {"cv_id": "c1", "fair_id": None, "text": "Two years of inbound customer service in a call centre.",
       "skills": ["customer service"], "location": None, "language_pref": "en",
       "candidate_token_hash": token_hash(CANDIDATE_TOKEN_IN_EVENTS)}
_CONTACT = {"cv_id": "c1", "name": "Nusrat Jahan", "email": "nusrat@example.com", "phone": None, "language_pref": "en",
            "fair_name": None, "candidate_token_hash": token_hash(CANDIDATE_TOKEN_IN_EVENTS), "notify_by_email": True,
            "contact_verified": True}


def _apply(handle, service, events) -> None:
    for kind, data in events:
        handle(service, new_event(kind, data, producer="contract-test"))


@pytest.fixture
def matcher_app(tmp_path):
    """A matcher that knows employer e1 (EMPLOYER_KEY_IN_EVENTS), its posting p1 and CV c1 (CANDIDATE_TOKEN_IN_EVENTS)."""
    service = matcher_service(tmp_path)
    _apply(handle_matcher_event, service,
           [(types.EMPLOYER_REGISTERED, _EMPLOYER), (types.POSTING_PUBLISHED, _POSTING), (types.CV_RECEIVED, _CV)])
    yield create_matcher_app(service)
    service.engine.dispose()


@pytest.fixture
def notifier_app(tmp_path):
    """A notifier that knows employer e1 and the candidate of CV c1, with one notice queued."""
    service = notifier_service(tmp_path)
    match = {"posting_id": "p1", "cv_id": "c1", "score": 0.5, "posting_title": "Call centre agent",
             "employer": "Rupsha Digital", "explanation": {}}
    _apply(handle_notifier_event, service,
           [(types.EMPLOYER_REGISTERED, _EMPLOYER), (types.CANDIDATE_REGISTERED, _CONTACT), (types.MATCH_FOUND, match)])
    yield create_notifier_app(service)
    service.engine.dispose()


@pytest.fixture
def fairday_app(tmp_path):
    """A fairday that knows employer e1, its posting p1 at fair f1, CV c1 (code ``FAIR_CODE``) and their match, c1 checked in."""
    service = fairday_service(f"sqlite:///{tmp_path / 'fairday.sqlite3'}")
    match = {"posting_id": "p1", "cv_id": "c1", "score": 0.5, "posting_title": "Call centre agent",
             "employer": "Rupsha Digital", "explanation": {}}
    _apply(handle_fairday_event, service,
           [(types.EMPLOYER_REGISTERED, _EMPLOYER), (types.POSTING_PUBLISHED, dict(_POSTING, fair_id="f1", stall="12")),
            (types.CV_RECEIVED, dict(_CV, fair_id="f1", registration_code=FAIR_CODE)), (types.CANDIDATE_REGISTERED, _CONTACT),
            (types.MATCH_FOUND, match)])
    app = create_fairday_app(service)
    client = app.test_client()
    assert client.post("/api/v1/fairs/f1/checkins", json={"code": FAIR_CODE}, headers={"Authorization": f"Bearer {ADMIN}"}).status_code == 201
    yield app
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
    With a credential, schemathesis takes the fixed Authorization header for generated data and
    its "auth is enforced" check would fault every success, so that check runs only without one
    (tests/integration/test_access_matrix.py checks every route with every kind of caller).
    """
    excluded = [positive_data_acceptance] + ([ignored_auth] if headers else [])
    schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, app, config=CONFIG)
    labels = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @FUZZ_SETTINGS
        # Fixed headers are part of every generated case: negative cases never drop the credential.
        @given(case=st.one_of(operation.as_strategy(mode, headers=headers) for mode in GenerationMode))
        def answers_within_contract(case):
            case.call_and_validate(excluded_checks=excluded)

        answers_within_contract()
        labels.append(operation.label)
    return labels


def call_within_contract(app, method: str, path: str, headers: dict, **path_parameters):
    """Call one documented operation with given path parameters and check the answer against the document."""
    schema = schemathesis.openapi.from_wsgi(OPENAPI_PATH, app, config=CONFIG)
    case = schema[path][method].Case(path_parameters=path_parameters, headers=headers)
    return case.call_and_validate(excluded_checks=[positive_data_acceptance, ignored_auth])
