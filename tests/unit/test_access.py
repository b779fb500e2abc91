"""Bearer credentials and each route's access rule (shared.auth, shared.http.access) on a small app."""

from __future__ import annotations

import pytest
from flask import Flask

from shared.auth.principal import ANYONE, CANDIDATE, EMPLOYER, OPERATOR, VOLUNTEER
from shared.auth.settings import AuthSettings
from shared.auth.tokens import CANDIDATE_TOKEN, EMPLOYER_KEY, VOLUNTEER_TOKEN, new_token, token_hash, token_kind
from shared.config import ConfigError
from shared.http.access import allow, current_principal, install_access
from shared.http.problems import register_problem_handlers

ADMIN = "operator-secret-0123456789"
EMPLOYER_KEY_1 = new_token(EMPLOYER_KEY)
CANDIDATE_1 = new_token(CANDIDATE_TOKEN)


class Lookup:
    def employer_with_key(self, key_hash):
        return "emp-1" if key_hash == token_hash(EMPLOYER_KEY_1) else None

    def cv_with_token(self, hash_):
        return "cv-1" if hash_ == token_hash(CANDIDATE_1) else None


@pytest.fixture
def client():
    app = Flask("access")
    register_problem_handlers(app)
    install_access(app, AuthSettings(ADMIN), Lookup())

    @app.get("/open")
    @allow(ANYONE)
    def open_route():
        return {"role": current_principal().role}

    @app.get("/fairs")
    @allow(OPERATOR, EMPLOYER)
    def fairs():
        p = current_principal()
        return {"role": p.role, "subject": p.subject}

    @app.get("/cvs/<cv_id>")
    @allow(OPERATOR, CANDIDATE)
    def cv(cv_id):
        return {"cv": cv_id}

    @app.get("/forgotten")
    def forgotten():
        return {"leak": True}

    return app.test_client()


def _bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_tokens_have_a_kind_and_only_their_hash_is_kept():
    token = new_token(EMPLOYER_KEY)
    assert token_kind(token) == EMPLOYER_KEY and token_kind(new_token(CANDIDATE_TOKEN)) == CANDIDATE_TOKEN
    assert token_kind("jm_emp_short") is None and token_kind("Bearer x") is None
    assert len(token_hash(token)) == 64 and token not in token_hash(token)
    assert new_token(EMPLOYER_KEY) != token


def test_each_role_is_resolved_from_its_credential(client):
    assert client.get("/fairs", headers=_bearer(ADMIN)).get_json() == {"role": OPERATOR, "subject": None}
    assert client.get("/fairs", headers=_bearer(EMPLOYER_KEY_1)).get_json() == {"role": EMPLOYER, "subject": "emp-1"}
    assert client.get("/open", headers=_bearer(CANDIDATE_1)).get_json() == {"role": CANDIDATE}
    assert client.get("/open").get_json() == {"role": "anonymous"}


def test_no_credential_is_401_with_a_challenge_and_a_wrong_one_is_401_everywhere(client):
    response = client.get("/fairs")
    assert response.status_code == 401 and response.headers["WWW-Authenticate"].startswith("Bearer")
    for bad in (new_token(EMPLOYER_KEY), new_token(CANDIDATE_TOKEN), ADMIN + "x", "nonsense", ""):
        assert client.get("/fairs", headers=_bearer(bad)).status_code == 401
        assert client.get("/open", headers=_bearer(bad)).status_code in (200, 401)
    assert client.get("/fairs", headers={"Authorization": f"Basic {ADMIN}"}).status_code == 401


def test_a_role_the_route_does_not_admit_gets_404_on_a_resource_and_403_elsewhere(client):
    assert client.get("/cvs/cv-1", headers=_bearer(EMPLOYER_KEY_1)).status_code == 404
    assert client.get("/fairs", headers=_bearer(CANDIDATE_1)).status_code == 403
    assert client.get("/cvs/cv-1", headers=_bearer(CANDIDATE_1)).status_code == 200


def test_a_route_without_a_rule_is_closed_to_everyone(client):
    for headers in ({}, _bearer(ADMIN), _bearer(EMPLOYER_KEY_1)):
        assert client.get("/forgotten", headers=headers).status_code == 401


def test_without_an_admin_token_operator_calls_are_refused():
    app = Flask("no-admin")
    register_problem_handlers(app)
    install_access(app, AuthSettings(None), Lookup())

    @app.get("/fairs")
    @allow(OPERATOR)
    def fairs():
        return {}

    assert app.test_client().get("/fairs", headers=_bearer(ADMIN)).status_code == 401


def test_the_admin_token_comes_from_the_environment_and_must_be_long():
    assert AuthSettings.from_env({"JOBMATCH_ADMIN_TOKEN": ADMIN}).admin_token == ADMIN
    assert AuthSettings.from_env({}).admin_token is None
    assert ADMIN not in repr(AuthSettings(ADMIN))
    with pytest.raises(ConfigError):
        AuthSettings.from_env({"JOBMATCH_ADMIN_TOKEN": "short"})


VOLUNTEER_1 = new_token(VOLUNTEER_TOKEN)


class LookupWithVolunteers(Lookup):
    def volunteer_fair(self, hash_):
        return "fair-1" if hash_ == token_hash(VOLUNTEER_1) else None


def _gate_app(lookup):
    app = Flask("gate")
    register_problem_handlers(app)
    install_access(app, AuthSettings(ADMIN), lookup)

    @app.post("/fairs/<fair_id>/checkins")
    @allow(OPERATOR, VOLUNTEER)
    def check_in(fair_id):
        p = current_principal()
        return {"role": p.role, "subject": p.subject, "own_fair": p.is_volunteer_at(fair_id)}

    @app.get("/cvs/<cv_id>")
    @allow(OPERATOR, CANDIDATE)
    def cv(cv_id):
        return {"cv": cv_id}

    return app.test_client()


def test_a_volunteer_token_names_its_fair_where_the_service_issues_them():
    assert token_kind(VOLUNTEER_1) == VOLUNTEER_TOKEN and VOLUNTEER_1.startswith("jm_vol_")
    client = _gate_app(LookupWithVolunteers())
    assert client.post("/fairs/fair-1/checkins", headers=_bearer(VOLUNTEER_1)).get_json() == {
        "role": VOLUNTEER, "subject": "fair-1", "own_fair": True}
    assert client.post("/fairs/fair-2/checkins", headers=_bearer(VOLUNTEER_1)).get_json()["own_fair"] is False
    assert client.get("/cvs/cv-1", headers=_bearer(VOLUNTEER_1)).status_code == 404
    assert client.post("/fairs/fair-1/checkins", headers=_bearer(new_token(VOLUNTEER_TOKEN))).status_code == 401


def test_a_volunteer_token_is_unknown_to_a_service_without_volunteers(client):
    assert client.get("/fairs", headers=_bearer(VOLUNTEER_1)).status_code == 401
