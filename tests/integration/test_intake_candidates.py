"""A candidate's CV: token, consents, verification, changes, withdrawal and duplicates, each with its events."""

from __future__ import annotations

from sqlalchemy import select, update

from intake import tables, verification

CV = {"name": "Nusrat Jahan", "email": "nusrat@example.com", "phone": "01712345678", "language_pref": "en",
      "text": "Two years as an inbound call centre agent.", "skills": ["customer service"]}


def _code_for(callers, cv_id: str) -> str:
    """The code the notifier would send: the one in the CV's latest candidate event."""
    return [e for e in callers.events("candidate.registered", "candidate.updated") if e["cv_id"] == cv_id][-1]["verification_code"]


def test_a_cv_gets_a_token_once_consents_as_given_and_events_with_the_token_hash(callers):
    cv, token = callers.candidate({**CV, "notify_by_sms": True, "share_with_employers": False})
    assert cv["candidate_token"].startswith("jm_cand_")
    consents = cv["consents"]
    assert consents["notify_by_sms"]["given"] is True and consents["notify_by_sms"]["at"]
    assert consents["share_with_employers"] == {"given": False, "at": consents["notify_by_sms"]["at"]}
    assert consents["notify_by_email"] == {"given": False, "at": None}
    registered, received = callers.events("candidate.registered", "cv.received")
    assert registered["candidate_token_hash"] == received["candidate_token_hash"]
    assert len(registered["candidate_token_hash"]) == 64 and cv["candidate_token"] not in str(registered)
    assert registered["notify_by_sms"] is True and registered["notify_by_email"] is False
    assert registered["contact_verified"] is False and len(registered["verification_code"]) == 6
    assert received["shared_contact"] is None
    read = callers.anonymous.get(f"/api/v1/cvs/{cv['id']}", headers=token).get_json()
    assert "candidate_token" not in read and read["status"] == "active"


def test_sharing_with_employers_puts_the_contact_in_cv_received(callers):
    callers.candidate({**CV, "share_with_employers": True})
    assert callers.events("cv.received")[0]["shared_contact"] == {"name": CV["name"], "email": CV["email"], "phone": "+8801712345678"}


def test_a_cv_from_the_operator_is_verified_and_gets_no_code(callers):
    created = callers.operator.post("/api/v1/cvs", json=CV).get_json()
    assert created["contact_verified"] is True
    registered = callers.events("candidate.registered")[0]
    assert registered["contact_verified"] is True and registered["verification_code"] is None


def test_the_right_code_verifies_the_contact_once(callers):
    cv, token = callers.candidate(CV)
    path = f"/api/v1/cvs/{cv['id']}/verify"
    wrong = "000000" if _code_for(callers, cv["id"]) != "000000" else "111111"
    refused = callers.anonymous.post(path, json={"code": wrong}, headers=token)
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"code"}
    assert callers.anonymous.post(path, json={"code": "12ab"}, headers=token).status_code == 422
    done = callers.anonymous.post(path, json={"code": _code_for(callers, cv["id"])}, headers=token)
    assert done.status_code == 200 and done.get_json()["contact_verified"] is True
    assert callers.anonymous.post(path, json={"code": "999999"}, headers=token).status_code == 200  # already verified
    assert callers.events("candidate.verified") == [{"type": "candidate.verified", "cv_id": cv["id"]}]


def test_five_wrong_codes_lock_the_candidate_out_but_not_the_desk(callers):
    cv, token = callers.candidate(CV)
    code = _code_for(callers, cv["id"])
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    path = f"/api/v1/cvs/{cv['id']}/verify"
    assert [callers.anonymous.post(path, json={"code": wrong}, headers=token).status_code for _ in range(5)] == [422] * 5
    locked = callers.anonymous.post(path, json={"code": code}, headers=token)
    assert locked.status_code == 429 and locked.content_type == "application/problem+json"
    assert callers.operator.post(path, json={"code": code}).get_json()["contact_verified"] is True


def test_the_code_is_stored_only_as_a_hash(callers):
    cv, _ = callers.candidate(CV)
    with callers.service.engine.connect() as conn:
        stored = conn.execute(select(tables.cvs.c.verification_code_hash)).scalar_one()
    assert stored == verification.code_hash(cv["id"], _code_for(callers, cv["id"]))


def test_a_patch_corrects_the_cv_and_tells_matcher_and_notifier_what_changed(callers):
    cv, token = callers.candidate(CV)
    path = f"/api/v1/cvs/{cv['id']}"
    text_only = callers.anonymous.patch(path, json={"text": "Three years as an inbound agent."}, headers=token)
    assert text_only.status_code == 200 and text_only.get_json()["text"] == "Three years as an inbound agent."
    assert [e["type"] for e in callers.events()][2:] == ["cv.updated"]
    consent = callers.anonymous.patch(path, json={"notify_by_email": True}, headers=token).get_json()
    assert consent["consents"]["notify_by_email"]["given"] is True
    assert callers.events("candidate.updated")[-1]["notify_by_email"] is True
    withdrawn = callers.anonymous.patch(path, json={"notify_by_email": False}, headers=token).get_json()
    assert withdrawn["consents"]["notify_by_email"]["given"] is False
    assert callers.events("candidate.updated")[-1]["notify_by_email"] is False
    before = len(callers.events())
    assert callers.anonymous.patch(path, json={"notify_by_email": False}, headers=token).status_code == 200
    assert len(callers.events()) == before, "a change to nothing publishes nothing"


def test_a_candidate_who_changes_their_phone_verifies_it_again(callers):
    cv, token = callers.candidate(CV)
    path = f"/api/v1/cvs/{cv['id']}"
    callers.anonymous.post(f"{path}/verify", json={"code": _code_for(callers, cv["id"])}, headers=token)
    changed = callers.anonymous.patch(path, json={"phone": "০১৮১২৩৪৫৬৭৮"}, headers=token).get_json()
    assert changed["phone"] == "+8801812345678" and changed["contact_verified"] is False
    updated = callers.events("candidate.updated")[-1]
    assert updated["phone"] == "+8801812345678" and updated["contact_verified"] is False and len(updated["verification_code"]) == 6
    by_desk = callers.operator.patch(path, json={"phone": "01912345678"}).get_json()
    assert by_desk["contact_verified"] is True


def test_withdrawal_is_published_once(callers):
    cv, token = callers.candidate(CV)
    for _ in range(2):
        response = callers.anonymous.post(f"/api/v1/cvs/{cv['id']}/withdraw", headers=token)
        assert response.status_code == 200 and response.get_json()["status"] == "withdrawn"
    assert callers.events("cv.withdrawn") == [{"type": "cv.withdrawn", "cv_id": cv["id"]}]


PERSONAL = {"name", "email", "phone", "text", "skills", "location", "consents", "candidate_token"}


def _fair(callers) -> dict:
    return callers.operator.post("/api/v1/fairs", json={"name": "Khulna BPO Summit", "division": "Khulna"}).get_json()


def test_the_same_cv_again_at_the_same_fair_is_the_stored_one_and_shows_a_stranger_nothing_personal(callers):
    fair = _fair(callers)
    first, _ = callers.candidate({**CV, "fair_id": fair["id"]})
    again = callers.anonymous.post("/api/v1/cvs", json={**CV, "fair_id": fair["id"], "email": None})  # same phone
    body = again.get_json()
    assert again.status_code == 200 and body["id"] == first["id"] and body["change"] == "none"
    assert not PERSONAL & set(body), body
    assert [e["type"] for e in callers.events()] == ["candidate.registered", "cv.received"]
    other_fair = callers.anonymous.post("/api/v1/cvs", json=CV)
    assert other_fair.status_code == 201 and other_fair.get_json()["id"] != first["id"]
    with callers.service.engine.begin() as conn:
        conn.execute(update(tables.cvs).values(status="withdrawn"))
    assert callers.anonymous.post("/api/v1/cvs", json={**CV, "fair_id": fair["id"]}).status_code == 201


def test_a_changed_text_from_its_candidate_or_the_operator_updates_the_cv(callers):
    fair = _fair(callers)
    first, token = callers.candidate({**CV, "fair_id": fair["id"]})
    changed = callers.anonymous.post("/api/v1/cvs", json={**CV, "fair_id": fair["id"], "phone": None, "text": "Now a team lead."},
                                     headers=token)
    assert changed.status_code == 200 and changed.get_json()["text"] == "Now a team lead."
    assert changed.get_json()["change"] == "updated"
    desk = callers.operator.post("/api/v1/cvs", json={**CV, "fair_id": fair["id"], "text": "Team lead, 3 years."})
    assert desk.status_code == 200 and desk.get_json()["id"] == first["id"] and desk.get_json()["text"] == "Team lead, 3 years."
    assert [e["type"] for e in callers.events()] == ["candidate.registered", "cv.received", "cv.updated", "cv.updated"]


def _change_code(callers, cv_id: str) -> str:
    sent = [e for e in callers.events("candidate.updated") if e["cv_id"] == cv_id and e["code_purpose"] == "change"]
    return sent[-1]["verification_code"]


def test_a_changed_text_from_a_stranger_waits_for_the_code_sent_to_the_stored_contact(callers):
    fair = _fair(callers)
    first, old_token = callers.candidate({**CV, "fair_id": fair["id"]})
    hostile = {**CV, "fair_id": fair["id"], "name": "Someone Else", "email": None, "text": "Spam, spam, spam."}
    held = callers.anonymous.post("/api/v1/cvs", json=hostile)
    body = held.get_json()
    assert held.status_code == 202 and body["id"] == first["id"] and body["change"] == "awaiting_confirmation"
    assert not PERSONAL & set(body), body
    stored = callers.operator.get(f"/api/v1/cvs/{first['id']}").get_json()
    assert stored["text"] == CV["text"] and stored["name"] == CV["name"]
    assert "cv.updated" not in [e["type"] for e in callers.events()]
    code_event = callers.events("candidate.updated")[-1]
    assert code_event["phone"] == "+8801712345678" and code_event["code_purpose"] == "change"  # the stored contact
    again = callers.anonymous.post("/api/v1/cvs", json={**hostile, "text": "More spam."})
    assert again.status_code == 202 and again.get_json()["change"] == "already_awaiting_confirmation"
    assert len(callers.events("candidate.updated")) == 1  # no second code: re-submissions cannot flood a phone

    path = f"/api/v1/cvs/{first['id']}/confirm-change"
    code = _change_code(callers, first["id"])
    wrong = "000000" if code != "000000" else "111111"
    refused = callers.anonymous.post(path, json={"code": wrong})
    assert refused.status_code == 422 and set(refused.get_json()["errors"]) == {"code"}
    unknown = callers.anonymous.post("/api/v1/cvs/no-such-cv/confirm-change", json={"code": wrong})
    assert unknown.status_code == 422 and unknown.get_json()["errors"] == refused.get_json()["errors"]
    bengali_digits = code.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    done = callers.anonymous.post(path, json={"code": bengali_digits})
    assert done.status_code == 200, done.get_json()
    confirmed = done.get_json()
    assert confirmed["text"] == "Spam, spam, spam." and confirmed["contact_verified"] is True
    assert confirmed["name"] == CV["name"]  # only the content changes, never the contact
    new_token = {"Authorization": f"Bearer {confirmed['candidate_token']}"}
    assert callers.anonymous.get(f"/api/v1/cvs/{first['id']}", headers=new_token).status_code == 200
    assert callers.anonymous.get(f"/api/v1/cvs/{first['id']}", headers=old_token).status_code == 401
    updated = callers.events("cv.updated")[-1]
    assert updated["candidate_token_hash"] == callers.events("candidate.updated")[-1]["candidate_token_hash"]
    assert updated["candidate_token_hash"] != callers.events("cv.received")[0]["candidate_token_hash"]
    assert callers.anonymous.post(path, json={"code": code}).status_code == 422  # used once


def test_five_wrong_codes_discard_a_held_change(callers):
    fair = _fair(callers)
    first, _ = callers.candidate({**CV, "fair_id": fair["id"]})
    callers.anonymous.post("/api/v1/cvs", json={**CV, "fair_id": fair["id"], "text": "Spam."})
    path = f"/api/v1/cvs/{first['id']}/confirm-change"
    code = _change_code(callers, first["id"])
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(5):
        assert callers.anonymous.post(path, json={"code": wrong}).status_code == 422
    assert callers.anonymous.post(path, json={"code": code}).status_code == 422
    assert callers.operator.get(f"/api/v1/cvs/{first['id']}").get_json()["text"] == CV["text"]