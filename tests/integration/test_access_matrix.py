"""Who may call what, on every service: every route × {no credential, a wrong one, another
employer, another candidate, the owner, the operator, a fair day volunteer} → the status each must get.

The routes come from each app's URL map, so a route added without a row here fails the first
test. Each cell runs on a fresh world (intake, matcher, notifier and fairday in-process on SQLite, the
events intake and the matcher outbox delivered to the consumers' own handlers), so a cell that
closes a posting or erases a CV cannot change what the next one sees.
"""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import select

from intake import tables as intake_tables
from intake.app import create_app as intake_app
from matcher import tables as matcher_tables
from matcher.app import create_app as matcher_app
from fairday.app import create_app as fairday_app
from fairday.handlers import handle_event as fairday_handle
from matcher.handlers import handle_event as matcher_handle
from notifier.app import create_app as notifier_app
from notifier.handlers import handle_event as notifier_handle
from notifier.links import mint_link, unsubscribe_token
from shared.bus.topology import Topology
from shared.events import types
from shared.events.envelope import parse_event
from tests.integration.service_builders import (
    OPERATOR,
    bearer,
    fairday_service,
    intake_service,
    matcher_service,
    memory_bus,
    notifier_service,
)
from tests.system_packages import require_noto_fonts

CALLERS = ("none", "wrong", "other_employer", "other_candidate", "owner", "operator", "volunteer")
WRONG = bearer("jm_emp_" + "x" * 43)
CV = {
    "name": "Nusrat Jahan",
    "email": "nusrat@example.com",
    "language_pref": "en",
    "text": "Two years as an inbound call centre agent: customer service, CRM tickets, Bangla and English.",
    "skills": ["customer service", "CRM"],
    "notify_by_email": True,
    "share_with_employers": True,
}
SHEET = "name,phone,language_pref,text\nSumaiya Akter,01612345678,en,Data entry and typing.\n".encode()
POSTING = {
    "title": "Call centre agent",
    "description": "Inbound customer service in Bangla and English; CRM tickets.",
    "skills": ["customer service", "CRM"],
}

# (service, method, rule) -> {caller: status}; "owner" is absent where a route has no owner.
# A volunteer's token is known only to fairday: everywhere else it is as unknown as a wrong one.
_NOBODY = {"none": 401, "wrong": 401, "volunteer": 401}
_OPERATOR_ONLY = {**_NOBODY, "other_employer": 403, "other_candidate": 403, "operator": 200}
_ANY_CREDENTIAL = {**_NOBODY, "other_employer": 200, "other_candidate": 200, "operator": 200}
_OWNER_OR_OPERATOR = {**_NOBODY, "other_employer": 404, "other_candidate": 404, "owner": 200, "operator": 200}
_OPERATOR_ONLY_RESOURCE = {**_NOBODY, "other_employer": 404, "other_candidate": 404, "operator": 200}
_PROBE = {caller: 200 for caller in ("none", "other_employer", "other_candidate", "operator")}
MATRIX = {
    ("intake", "GET", "/healthz"): _PROBE,
    ("intake", "GET", "/readyz"): _PROBE,
    ("intake", "POST", "/api/v1/fairs"): {**_OPERATOR_ONLY, "operator": 201},
    ("intake", "GET", "/api/v1/fairs"): {**_ANY_CREDENTIAL, "none": 200},  # fairs are public
    ("intake", "GET", "/api/v1/fairs/<fair_id>"): {**_ANY_CREDENTIAL, "none": 200},
    ("intake", "POST", "/api/v1/employers"): {**_OPERATOR_ONLY, "operator": 201},
    ("intake", "GET", "/api/v1/employers"): _OPERATOR_ONLY,
    ("intake", "GET", "/api/v1/employers/<employer_id>"): _OWNER_OR_OPERATOR,
    ("intake", "POST", "/api/v1/postings"): {**_NOBODY, "other_employer": 201, "other_candidate": 403, "operator": 201},
    ("intake", "GET", "/api/v1/postings"): {**_NOBODY, "other_employer": 200, "other_candidate": 403, "owner": 200, "operator": 200},
    ("intake", "GET", "/api/v1/postings/<posting_id>"): _OWNER_OR_OPERATOR,
    ("intake", "PATCH", "/api/v1/postings/<posting_id>"): _OWNER_OR_OPERATOR,
    ("intake", "POST", "/api/v1/postings/<posting_id>/close"): _OWNER_OR_OPERATOR,
    ("intake", "POST", "/api/v1/cvs"): {"none": 201, "wrong": 401, "other_employer": 201, "other_candidate": 201, "operator": 201},
    ("intake", "GET", "/api/v1/cvs/<cv_id>"): _OWNER_OR_OPERATOR,
    ("intake", "PATCH", "/api/v1/cvs/<cv_id>"): _OWNER_OR_OPERATOR,
    ("intake", "DELETE", "/api/v1/cvs/<cv_id>"): {**_OWNER_OR_OPERATOR, "owner": 204, "operator": 204},
    ("intake", "POST", "/api/v1/cvs/<cv_id>/withdraw"): _OWNER_OR_OPERATOR,
    ("intake", "POST", "/api/v1/cvs/<cv_id>/verify"): _OWNER_OR_OPERATOR,
    # Employers need the grant from their own posting's shortlist (test_cv_files_for_employers).
    ("intake", "GET", "/api/v1/cvs/<cv_id>/file"): _OWNER_OR_OPERATOR,
    ("intake", "POST", "/api/v1/fairs/<fair_id>/imports"): {**_OPERATOR_ONLY_RESOURCE, "operator": 202},
    ("intake", "GET", "/api/v1/imports/<import_id>"): _OPERATOR_ONLY_RESOURCE,
    ("intake", "GET", "/api/v1/imports/<import_id>/report.csv"): _OPERATOR_ONLY_RESOURCE,
    # Open to anyone, but only the code sent to the CV's contact applies a held change: without it, 422 for all.
    ("intake", "POST", "/api/v1/cvs/<cv_id>/confirm-change"): {
        "none": 422, "wrong": 401, "other_employer": 422, "other_candidate": 422, "owner": 422, "operator": 422
    },
    ("intake", "GET", "/api/v1/stats"): _OPERATOR_ONLY,
    ("intake", "GET", "/api/v1/fairs/<fair_id>/summary"): _OPERATOR_ONLY_RESOURCE,
    ("matcher", "GET", "/api/v1/fairs/<fair_id>/summary"): _OPERATOR_ONLY_RESOURCE,
    ("notifier", "GET", "/api/v1/fairs/<fair_id>/summary"): _OPERATOR_ONLY_RESOURCE,
    ("matcher", "GET", "/healthz"): _PROBE,
    ("matcher", "GET", "/readyz"): _PROBE,
    ("matcher", "GET", "/api/v1/postings/<posting_id>/matches"): _OWNER_OR_OPERATOR,
    ("matcher", "GET", "/api/v1/cvs/<cv_id>/matches"): _OWNER_OR_OPERATOR,
    ("matcher", "GET", "/api/v1/stats"): _OPERATOR_ONLY,
    ("notifier", "GET", "/healthz"): _PROBE,
    ("notifier", "GET", "/readyz"): _PROBE,
    ("notifier", "GET", "/api/v1/notifications"): {**_ANY_CREDENTIAL, "owner": 200},
    ("notifier", "GET", "/api/v1/stats"): _OPERATOR_ONLY,
    # Employers' webhooks: only employers register; each sees and changes its own (the operator all).
    ("notifier", "POST", "/api/v1/webhooks"): {**_NOBODY, "other_employer": 201, "other_candidate": 403, "owner": 201,
                                               "operator": 403},
    ("notifier", "GET", "/api/v1/webhooks"): {**_NOBODY, "other_employer": 200, "other_candidate": 403, "owner": 200,
                                              "operator": 200},
    ("notifier", "DELETE", "/api/v1/webhooks/<webhook_id>"): {**_OWNER_OR_OPERATOR, "owner": 204, "operator": 204},
    ("notifier", "POST", "/api/v1/webhooks/<webhook_id>/enable"): _OWNER_OR_OPERATOR,
    ("notifier", "GET", "/api/v1/webhooks/<webhook_id>/deliveries"): _OWNER_OR_OPERATOR,
    # The links in messages work for whoever holds them: the token or code is the credential.
    ("notifier", "GET", "/api/v1/unsubscribe/<token>"): {**_ANY_CREDENTIAL, "none": 200},
    ("notifier", "POST", "/api/v1/unsubscribe/<token>"): {**_ANY_CREDENTIAL, "none": 200},
    ("notifier", "POST", "/api/v1/links/<code>"): {**_ANY_CREDENTIAL, "none": 200},
    # Fair day: volunteers work the gate of their fair only; stalls see their own queue and interviews.
    ("fairday", "GET", "/healthz"): {**_PROBE, "volunteer": 200},
    ("fairday", "GET", "/readyz"): {**_PROBE, "volunteer": 200},
    ("fairday", "POST", "/api/v1/fairs/<fair_id>/volunteers"): {**_OPERATOR_ONLY_RESOURCE, "operator": 201, "volunteer": 404},
    ("fairday", "POST", "/api/v1/fairs/<fair_id>/checkins"): {**_OPERATOR_ONLY_RESOURCE, "operator": 201, "volunteer": 201},
    ("fairday", "GET", "/api/v1/fairs/<fair_id>/codes/<registration_code>"): {**_OPERATOR_ONLY_RESOURCE, "volunteer": 200},
    ("fairday", "POST", "/api/v1/fairs/<fair_id>/employers/<employer_id>/presence"): {**_OWNER_OR_OPERATOR, "volunteer": 200},
    ("fairday", "GET", "/api/v1/fairs/<fair_id>/stalls/<employer_id>/queue"): {**_OWNER_OR_OPERATOR, "volunteer": 404},
    ("fairday", "POST", "/api/v1/fairs/<fair_id>/stalls/<employer_id>/calls"): {**_OWNER_OR_OPERATOR, "owner": 201, "operator": 201,
                                                                              "volunteer": 404},
    ("fairday", "GET", "/api/v1/fairs/<fair_id>/stalls/<employer_id>/interviews"): {**_OWNER_OR_OPERATOR, "volunteer": 404},
    ("fairday", "POST", "/api/v1/calls/<call_id>/no-show"): {**_OWNER_OR_OPERATOR, "volunteer": 404},
    # Only a stall records an interview, for its own posting (another employer's: 404).
    ("fairday", "POST", "/api/v1/interviews"): {**_NOBODY, "other_employer": 404, "other_candidate": 403, "owner": 201,
                                                 "operator": 403, "volunteer": 403},
    ("fairday", "GET", "/api/v1/interviews/<interview_id>"): {**_OWNER_OR_OPERATOR, "volunteer": 404},
    ("fairday", "GET", "/api/v1/interviews/<interview_id>/letter.pdf"): {**_OWNER_OR_OPERATOR, "volunteer": 404},
    ("fairday", "GET", "/api/v1/candidates/<cv_id>/fair-day"): {**_OWNER_OR_OPERATOR, "volunteer": 404},
    ("fairday", "GET", "/api/v1/fairs/<fair_id>/funnel"): {**_OPERATOR_ONLY_RESOURCE, "volunteer": 404},
    ("fairday", "GET", "/api/v1/fairs/<fair_id>/funnel.csv"): {**_OPERATOR_ONLY_RESOURCE, "volunteer": 404},
    ("fairday", "GET", "/api/v1/fairs/<fair_id>/export"): {**_OPERATOR_ONLY_RESOURCE, "volunteer": 404},
    ("fairday", "POST", "/api/v1/imports"): {**_OPERATOR_ONLY, "volunteer": 403},
    ("fairday", "GET", "/api/v1/stats"): {**_OPERATOR_ONLY, "volunteer": 403},
    ("fairday", "GET", "/api/v1/volunteers/me"): {**_NOBODY, "other_employer": 403, "other_candidate": 403, "operator": 403,
                                                   "volunteer": 200},
    ("fairday", "GET", "/api/v1/fairs/<fair_id>/stalls"): {**_OPERATOR_ONLY_RESOURCE, "volunteer": 200},
}


class World:
    """Intake, matcher and notifier wired in-process, with two employers, a posting each, two candidates."""

    def __init__(self, tmp_path):
        bus = memory_bus()
        self.intake = intake_service(f"sqlite:///{tmp_path / 'intake.sqlite3'}", bus=bus)
        self.matcher = matcher_service(tmp_path)
        self.notifier = notifier_service(tmp_path)
        self.fairday = fairday_service(f"sqlite:///{tmp_path / 'fairday.sqlite3'}")
        self.apps = {"intake": intake_app(self.intake), "matcher": matcher_app(self.matcher), "notifier": notifier_app(self.notifier),
                     "fairday": fairday_app(self.fairday)}
        self.clients = {name: app.test_client() for name, app in self.apps.items()}
        op = self.clients["intake"]
        self.fair = self._ok(op.post("/api/v1/fairs", json={"name": "Khulna BPO Summit", "division": "Khulna"}, headers=OPERATOR))
        self.owner_employer = self._ok(op.post("/api/v1/employers", json={"name": "Rupsha Digital"}, headers=OPERATOR))
        self.other_employer = self._ok(op.post("/api/v1/employers", json={"name": "Bhairab Contact"}, headers=OPERATOR))
        self.posting = self._ok(op.post("/api/v1/postings", json=dict(POSTING, fair_id=self.fair["id"]), headers=self.key("owner_employer")))
        self._ok(op.post("/api/v1/postings", json=dict(POSTING, fair_id=self.fair["id"]), headers=self.key("other_employer")))
        as_form = {**{k: str(v).lower() if isinstance(v, bool) else v for k, v in CV.items() if k != "text"},
                   "fair_id": self.fair["id"], "file": (io.BytesIO(CV["text"].encode()), "cv.txt")}
        self.owner_cv = self._ok(op.post("/api/v1/cvs", data=as_form, content_type="multipart/form-data"))
        imported = op.post(f"/api/v1/fairs/{self.fair['id']}/imports", headers=OPERATOR, content_type="multipart/form-data",
                           data={"sheet": (io.BytesIO(SHEET), "fair.csv")})
        assert imported.status_code == 202, imported.get_json()
        self.import_id = imported.get_json()["id"]
        self.other_cv = self._ok(op.post("/api/v1/cvs", json=dict(CV, fair_id=self.fair["id"], email="rakib@example.com", phone="01812345678")))
        self.deliver()
        self.webhook_id = self._ok(self.clients["notifier"].post(
            "/api/v1/webhooks", json={"url": "https://hooks.example.org/jobmatch"}, headers=self.key("owner_employer")))["id"]
        with self.notifier.engine.begin() as conn:
            self.link_code = mint_link(conn, self.owner_cv["id"])
        self._fair_day()

    def _fair_day(self) -> None:
        """The owner employer present with a second posting, the owner CV checked in, called and interviewed for that posting."""
        fd, fair_id, owner = self.clients["fairday"], self.fair["id"], self.owner_employer["id"]
        self.second_posting = second = self._ok(self.clients["intake"].post("/api/v1/postings", json=dict(POSTING, fair_id=fair_id, title="Team lead"),
                                                      headers=self.key("owner_employer")))
        self.deliver()
        self.volunteer_token = self._ok(fd.post(f"/api/v1/fairs/{fair_id}/volunteers", headers=OPERATOR))["token"]
        self._ok(fd.post(f"/api/v1/fairs/{fair_id}/employers/{owner}/presence", json={"stall": "12"}, headers=OPERATOR))
        self._ok(fd.post(f"/api/v1/fairs/{fair_id}/checkins", json={"code": self.owner_cv["registration_code"]}, headers=OPERATOR))
        self.call_id = self._ok(fd.post(f"/api/v1/fairs/{fair_id}/stalls/{owner}/calls", json={"cv_id": self.owner_cv["id"]},
                                        headers=self.key("owner_employer")))["id"]
        self.interview_id = self._ok(fd.post("/api/v1/interviews", headers=self.key("owner_employer"), json={
            "cv_id": self.owner_cv["id"], "posting_id": second["id"], "rating": 4, "outcome": "offer"}))["id"]

    @staticmethod
    def _ok(response) -> dict:
        assert response.status_code == 201, response.get_json()
        return response.get_json()

    def key(self, who: str) -> dict:
        return bearer(getattr(self, who)["api_key"])

    def headers(self, caller: str, owner: str | None) -> dict:
        """The Authorization header of ``caller``; ``owner`` names the resource owner's role."""
        return {
            "none": {},
            "wrong": WRONG,
            "other_employer": self.key("other_employer"),
            "other_candidate": bearer(self.other_cv["candidate_token"]),
            "owner": self.key("owner_employer") if owner == "employer" else bearer(self.owner_cv["candidate_token"]),
            "operator": OPERATOR,
            "volunteer": bearer(self.volunteer_token),
        }[caller]

    def deliver(self) -> None:
        """Hand every outboxed event to the consumers bound to its type (each applies it once)."""
        handlers = {"matcher": (matcher_handle, self.matcher), "notifier": (notifier_handle, self.notifier),
                    "fairday": (fairday_handle, self.fairday)}
        bound = {spec: set(Topology(memory_bus()).spec(spec).event_types) for spec in handlers}
        for engine, outbox in ((self.intake.engine, intake_tables.outbox), (self.matcher.engine, matcher_tables.outbox)):
            for envelope in _outboxed(engine, outbox):
                for consumer, (handle, service) in handlers.items():
                    if envelope.type in bound[consumer]:
                        handle(service, envelope)

    def verification_code(self) -> str:
        registered = [e for e in _outboxed(self.intake.engine, intake_tables.outbox) if e.type == types.CANDIDATE_REGISTERED]
        return next(e.data["verification_code"] for e in registered if e.data["cv_id"] == self.owner_cv["id"])

    def close(self) -> None:
        for service in (self.intake, self.matcher, self.notifier, self.fairday):
            service.engine.dispose()


def _outboxed(engine, outbox) -> list:
    with engine.connect() as conn:
        return [parse_event(payload) for payload in conn.execute(select(outbox.c.payload).order_by(outbox.c.seq)).scalars()]


def _route_rows(app, service: str) -> set[tuple[str, str, str]]:
    rows = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint in ("static", "metrics") or rule.endpoint.startswith("api-docs"):
            continue
        rows |= {(service, method, rule.rule) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return rows


@pytest.fixture
def world(tmp_path):
    world = World(tmp_path)
    yield world
    world.close()


def test_every_route_of_every_service_has_a_row(world):
    routes = set().union(*(_route_rows(app, name) for name, app in world.apps.items()))
    assert routes == set(MATRIX), f"routes without a row: {routes - set(MATRIX)}; rows without a route: {set(MATRIX) - routes}"


def _request(world: World, service: str, method: str, rule: str) -> tuple[str, dict | None, str | None]:
    """The path, body and owner role for one route of the world."""
    owner = "candidate" if "<cv_id>" in rule else "employer"
    path = (
        rule.replace("<fair_id>", world.fair["id"])
        .replace("<employer_id>", world.owner_employer["id"])
        .replace("<posting_id>", world.posting["id"])
        .replace("<cv_id>", world.owner_cv["id"])
        .replace("<import_id>", world.import_id)
        .replace("<webhook_id>", world.webhook_id)
        .replace("<token>", unsubscribe_token(world.notifier.link_key, "cv", world.owner_cv["id"]))
        .replace("<code>", world.link_code)
        .replace("<registration_code>", world.owner_cv["registration_code"])
        .replace("<call_id>", world.call_id)
        .replace("<interview_id>", world.interview_id)
    )
    bodies = {
        "/api/v1/fairs": {"name": "Rajshahi BPO Summit", "division": "Rajshahi"},
        "/api/v1/employers": {"name": "Padma Outsourcing"},
        "/api/v1/postings": dict(POSTING, employer_id=world.owner_employer["id"]),
        "/api/v1/postings/<posting_id>": {"title": "Senior call centre agent"},
        "/api/v1/cvs": dict(CV, email=None, phone="01912345678"),
        "/api/v1/cvs/<cv_id>": {"skills": ["customer service", "CRM", "typing"]},
        "/api/v1/cvs/<cv_id>/verify": {"code": world.verification_code()},
        "/api/v1/cvs/<cv_id>/confirm-change": {"code": "000000"},
        "/api/v1/webhooks": {"url": "https://hooks.example.org/jobmatch"},
        "/api/v1/fairs/<fair_id>/checkins": {"code": world.other_cv["registration_code"]},
        "/api/v1/fairs/<fair_id>/stalls/<employer_id>/calls": {"cv_id": world.owner_cv["id"]},
        "/api/v1/interviews": {"cv_id": world.owner_cv["id"], "posting_id": world.posting["id"], "rating": 3, "outcome": "shortlisted"},
    }
    body = bodies.get(rule, {}) if method in ("POST", "PATCH") else None
    return path, body, owner


CELLS = [(row, caller) for row, expected in MATRIX.items() for caller in CALLERS if caller in expected]


@pytest.mark.parametrize("row, caller", CELLS, ids=[f"{s}-{m}-{r}-{c}" for (s, m, r), c in CELLS])
def test_each_caller_gets_the_status_of_its_cell(world, row, caller):
    service, method, rule = row
    if rule.endswith("letter.pdf"):
        require_noto_fonts()
    path, body, owner = _request(world, service, method, rule)
    headers = world.headers(caller, owner)
    if rule == "/api/v1/postings" and method == "POST" and caller != "operator":
        body = POSTING  # an employer posts as itself; only the operator names the employer
    if service == "fairday" and rule == "/api/v1/imports":
        response = world.clients[service].post(path, data=b"", headers=headers)
    elif rule.endswith("/imports"):
        form = {"sheet": (io.BytesIO(SHEET), "fair.csv")}
        response = world.clients[service].post(path, data=form, headers=headers, content_type="multipart/form-data")
    else:
        response = world.clients[service].open(path, method=method, json=body, headers=headers)
    assert response.status_code == MATRIX[row][caller], response.get_data(as_text=True)[:300]


def test_lists_show_each_caller_only_what_it_may_see(world):
    intake, notifier = world.clients["intake"], world.clients["notifier"]
    own = {p["id"] for p in intake.get("/api/v1/postings", headers=world.key("owner_employer")).get_json()["postings"]}
    assert own == {world.posting["id"], world.second_posting["id"]}
    everyone = {p["id"] for p in intake.get("/api/v1/postings", headers=OPERATOR).get_json()["postings"]}
    assert len(everyone) == 3 and own < everyone

    def notified(headers, **query):
        answer = notifier.get("/api/v1/notifications", headers=headers, query_string=query).get_json()["notifications"]
        return {n["cv_id"] for n in answer}

    assert notified(OPERATOR) == {world.owner_cv["id"], world.other_cv["id"]}
    assert notified(bearer(world.owner_cv["candidate_token"])) == {world.owner_cv["id"]}
    assert notified(bearer(world.owner_cv["candidate_token"]), cv_id=world.other_cv["id"]) == set()
    assert notified(world.key("owner_employer")) == set()


def test_cv_files_for_employers_need_the_grant_from_their_own_shortlist(world):
    intake, matcher = world.clients["intake"], world.clients["matcher"]
    shortlist = matcher.get(f"/api/v1/postings/{world.posting['id']}/matches", headers=world.key("owner_employer")).get_json()
    [entry] = [m for m in shortlist["matches"] if m["cv_id"] == world.owner_cv["id"]]
    assert entry["contact"] is not None and entry["file_grant"]
    path = f"/api/v1/cvs/{world.owner_cv['id']}/file"
    fetched = intake.get(path, query_string={"grant": entry["file_grant"]}, headers=world.key("owner_employer"))
    assert fetched.status_code == 200 and fetched.data == CV["text"].encode()
    assert fetched.headers["Content-Disposition"] == "attachment; filename=cv.txt"
    # The grant is the posting's employer's alone, for this CV alone, and only while the candidate consents.
    assert intake.get(path, query_string={"grant": entry["file_grant"]}, headers=world.key("other_employer")).status_code == 404
    other_cv = f"/api/v1/cvs/{world.other_cv['id']}/file"
    assert intake.get(other_cv, query_string={"grant": entry["file_grant"]}, headers=world.key("owner_employer")).status_code == 404
    tampered = entry["file_grant"][:-1] + ("0" if entry["file_grant"][-1] != "0" else "1")
    assert intake.get(path, query_string={"grant": tampered}, headers=world.key("owner_employer")).status_code == 404
    as_operator = matcher.get(f"/api/v1/postings/{world.posting['id']}/matches", headers=OPERATOR).get_json()
    assert all(m["file_grant"] is None for m in as_operator["matches"])  # the operator reads files directly
    owner = bearer(world.owner_cv["candidate_token"])
    assert intake.patch(f"/api/v1/cvs/{world.owner_cv['id']}", json={"share_with_employers": False}, headers=owner).status_code == 200
    assert intake.get(path, query_string={"grant": entry["file_grant"]}, headers=world.key("owner_employer")).status_code == 404
