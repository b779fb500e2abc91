"""The fair day pages (gate, stall, interview, funnel, the candidate's fair day) driven as a browser would, in Bengali and English."""

from __future__ import annotations

import csv
import io
import re

import pytest

from portal.upstream import Answer
from tests.integration.service_builders import ADMIN_TOKEN, OPERATOR, bearer
from tests.portal.fair_day_world import make_fair_day
from tests.system_packages import require_noto_fonts


def _csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def _signed_in(stack, token: str, lang: str = "bn"):
    """A browser-like client signed in with ``token`` (and its language cookie set)."""
    client = stack.app().test_client()
    page = client.get(f"/signin?lang={lang}")
    signed = client.post("/signin", data={"csrf_token": _csrf(page), "token": token})
    assert signed.status_code == 302, signed.get_data(as_text=True)[:300]
    client.landing = signed.headers["Location"]
    return client


def _post(client, page_path: str, action: str, **form):
    """Send a form of the page at ``page_path`` (its CSRF token included)."""
    return client.post(action, data={"csrf_token": _csrf(client.get(page_path)), **form})


@pytest.fixture
def fair_day(stack):
    """Two call-centre candidates, one for both call centre and data entry, one for design, one nobody wants."""
    return make_fair_day(stack, ["call", "both", "call", "design", "cook"])


def _gate(world) -> str:
    return f"/fairs/{world.fair['id']}/gate"


def _stall(world, employer: str) -> str:
    return f"/fairs/{world.fair['id']}/stalls/{world.employers[employer]['id']}"


def _present_everyone(world, volunteer) -> None:
    for employer in world.employers.values():
        answer = _post(volunteer, _gate(world), f"{_gate(world)}/presence", employer_id=employer["id"], stall=employer["stall"])
        assert answer.status_code == 200


def test_a_volunteer_signs_in_to_their_fairs_gate_marks_a_stall_present_and_checks_a_candidate_in_in_bengali(stack, fair_day):
    volunteer = _signed_in(stack, fair_day.volunteer)
    assert volunteer.landing.endswith(_gate(fair_day))
    gate = volunteer.get(_gate(fair_day))
    text = gate.get_data(as_text=True)
    assert gate.status_code == 200 and 'lang="bn"' in text and "নিবন্ধন কোড" in text and "উপস্থিত চিহ্নিত করুন" in text
    assert 'id="scan"' in text and "/static/gate-scan.js" in text and "script-src 'self'" in gate.headers["Content-Security-Policy"]
    marked = _post(volunteer, _gate(fair_day), f"{_gate(fair_day)}/presence",
                   employer_id=fair_day.employers["Bhairab Contact"]["id"], stall="12")
    assert "Bhairab Contact স্টল ১২-এ উপস্থিত।" in marked.get_data(as_text=True)

    cv = fair_day.cvs[0]
    typed = cv["code"].lower().replace("-", " ")
    checked = _post(volunteer, _gate(fair_day), f"{_gate(fair_day)}/checkins", code=typed)
    page = checked.get_data(as_text=True)
    assert checked.status_code == 200 and "চেক-ইন হয়েছে" in page and cv["code"] in page
    assert re.search(r'id="initial">C<', page) and re.search(r'id="district">Khulna<', page)
    assert "স্টল ১২: Bhairab Contact — Call centre agent" in page
    assert cv["name"] not in page and cv["phone"] not in page and "CRM tickets" not in page
    again = _post(volunteer, _gate(fair_day), f"{_gate(fair_day)}/checkins", code=cv["code"])
    assert "আগেই চেক-ইন হয়েছে" in again.get_data(as_text=True)
    unknown = _post(volunteer, _gate(fair_day), f"{_gate(fair_day)}/checkins", code="AAA-AAAA")
    assert unknown.status_code == 404 and "এই কোডের কোনো সিভি নেই" in unknown.get_data(as_text=True)


def test_the_gate_speaks_english_too_and_asks_intake_for_nothing_but_the_fairs_name(stack, fair_day):
    calls = []
    upstream = stack.portal_service.upstream
    original = upstream.call

    def recorded(service, method, path, **kwargs):
        calls.append((service, method, path, kwargs.get("token")))
        return original(service, method, path, **kwargs)

    upstream.call = recorded
    volunteer = _signed_in(stack, fair_day.volunteer, lang="en")
    _present_everyone(fair_day, volunteer)
    checked = _post(volunteer, _gate(fair_day), f"{_gate(fair_day)}/checkins", code=fair_day.cvs[1]["code"])
    page = checked.get_data(as_text=True)
    assert "Checked in" in page and "Send them to these stalls" in page and "Stall 7: Rupsha Data — Data entry operator" in page
    asked_intake = {(method, path, token) for service, method, path, token in calls if service == "intake"}
    assert asked_intake == {("GET", f"/api/v1/fairs/{fair_day.fair['id']}", None)}
    assert all(service in ("intake", "fairday") for service, *_ in calls)


CALLERS = ("anonymous", "volunteer", "other_volunteer", "owner", "other_employer", "candidate", "other_candidate", "operator")
_SIGN_IN = {"anonymous": 302}
_NOBODY_ELSE = dict.fromkeys(CALLERS, 404) | _SIGN_IN
# page -> the status each caller gets (a page the caller may not see is 404; anonymous is sent to sign in where one helps).
MATRIX = {
    "/fairs/{fair}/gate": {**_NOBODY_ELSE, "volunteer": 200, "operator": 200},
    "/fairs/{fair}/stall": {**_NOBODY_ELSE, "owner": 302, "other_employer": 302},
    "/fairs/{fair}/stalls/{owner}": {**_NOBODY_ELSE, "owner": 200, "operator": 200},
    "/fairs/{fair}/stalls/{owner}/interview?cv_id={cv}": {**_NOBODY_ELSE, "owner": 200},
    "/fairs/{fair}/stalls/{owner}/letters/none.pdf": _NOBODY_ELSE,
    "/organiser/fairs/{fair}/fair-day": {**_NOBODY_ELSE, "operator": 200},
    "/organiser/fairs/{fair}/fair-day.csv": {**_NOBODY_ELSE, "operator": 200},
    "/organiser/fairs/{fair}": {**_NOBODY_ELSE, "operator": 200},
    "/employer/": {**_NOBODY_ELSE, "owner": 200, "other_employer": 200, "operator": 200},
    "/me/{cv}": {**_NOBODY_ELSE, "anonymous": 404, "candidate": 200},
    "/me/{cv}/letters/none.pdf": {**_NOBODY_ELSE, "anonymous": 404},
}


def test_who_may_open_each_fair_day_page(stack, fair_day):
    _checked_in(fair_day, 0)
    other_fair = fair_day.api("fairday", "POST", "/api/v1/fairs/another-fair/volunteers", headers=OPERATOR).json()["token"]
    owner, other = fair_day.employers["Bhairab Contact"], fair_day.employers["Rupsha Data"]
    tokens = {"volunteer": fair_day.volunteer, "other_volunteer": other_fair, "owner": owner["key"], "other_employer": other["key"],
              "candidate": fair_day.cvs[0]["token"], "other_candidate": fair_day.cvs[1]["token"], "operator": ADMIN_TOKEN}
    client = stack.app().test_client()
    wrong = []
    for page, expected in MATRIX.items():
        path = page.format(fair=fair_day.fair["id"], owner=owner["id"], cv=fair_day.cvs[0]["id"])
        for caller in CALLERS:
            answer = client.get(path, headers=bearer(tokens[caller]) if caller in tokens else {})
            if answer.status_code != expected[caller]:
                wrong.append((page, caller, answer.status_code, expected[caller]))
            if caller in ("volunteer", "other_volunteer", "other_employer", "other_candidate"):
                assert fair_day.cvs[0]["name"] not in answer.get_data(as_text=True)
    assert wrong == []


@pytest.mark.parametrize("path", ["/fairs/{fair}/stalls/{owner}", "/organiser/fairs/{fair}/fair-day", "/me/{cv}", "/employer/"])
def test_a_signed_in_volunteer_is_refused_like_one_sending_the_token(stack, fair_day, path):
    url = path.format(fair=fair_day.fair["id"], owner=fair_day.employers["Bhairab Contact"]["id"], cv=fair_day.cvs[0]["id"])
    assert _signed_in(stack, fair_day.volunteer).get(url).status_code == 404


def test_a_volunteer_of_one_fair_cannot_open_another_fairs_gate(stack, fair_day):
    other = fair_day.api("intake", "POST", "/api/v1/fairs", json={"name": "Jashore IT Fair", "division": "Khulna"}, headers=OPERATOR).json()
    assert _signed_in(stack, fair_day.volunteer).get(f"/fairs/{other['id']}/gate").status_code == 404
    bearer_client = stack.app().test_client()
    assert bearer_client.get(f"/fairs/{other['id']}/gate", headers=bearer(fair_day.volunteer)).status_code == 404
    refused = bearer_client.post(f"/fairs/{other['id']}/gate/checkins", data={"code": fair_day.cvs[0]["code"]},
                                 headers=bearer(fair_day.volunteer))
    assert refused.status_code == 404
    assert fair_day.funnel()["totals"]["checked_in"] == 0


def test_a_wrong_volunteer_token_does_not_sign_in(stack):
    client = stack.app().test_client()
    refused = client.post("/signin", data={"csrf_token": _csrf(client.get("/signin")), "token": "jm_vol_" + "x" * 43})
    assert refused.status_code == 401


def _checked_in(world, *indexes) -> None:
    volunteer = _signed_in(world.stack, world.volunteer)
    _present_everyone(world, volunteer)
    for i in indexes:
        assert _post(volunteer, _gate(world), f"{_gate(world)}/checkins", code=world.cvs[i]["code"]).status_code == 200


def test_an_employer_sees_its_own_stall_only_calls_interviews_and_is_told_when_another_stall_called_first(stack, fair_day):
    _checked_in(fair_day, 0, 1, 2, 3)
    bhairab = _signed_in(stack, fair_day.employers["Bhairab Contact"]["key"], lang="en")
    mine = bhairab.get(f"/fairs/{fair_day.fair['id']}/stall")
    assert mine.status_code == 302 and mine.headers["Location"].endswith(_stall(fair_day, "Bhairab Contact"))
    assert bhairab.get(_stall(fair_day, "Rupsha Data")).status_code == 404
    page = bhairab.get(_stall(fair_day, "Bhairab Contact"))
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Stall 12" in text
    assert f'http-equiv="refresh" content="5; url={_stall(fair_day, "Bhairab Contact")}"' in text  # back to the bare queue
    references = re.findall(r'data-reference="([^"]+)" data-status="waiting"', text)
    assert set(references) == {fair_day.cvs[i]["code"] for i in (0, 1, 2)}  # the designer is not in this queue
    assert references[-1] == fair_day.cvs[1]["code"]  # the call-centre-and-data candidate matches least
    assert all(cv["name"] not in text and cv["phone"] not in text for cv in fair_day.cvs)

    rupsha = _signed_in(stack, fair_day.employers["Rupsha Data"]["key"], lang="bn")
    both = fair_day.cvs[1]
    called = _post(rupsha, _stall(fair_day, "Rupsha Data"), f"{_stall(fair_day, 'Rupsha Data')}/calls", cv_id=both["id"])
    assert called.status_code == 303 and "done=called" in called.headers["Location"]
    busy = _post(bhairab, _stall(fair_day, "Bhairab Contact"), f"{_stall(fair_day, 'Bhairab Contact')}/calls", cv_id=both["id"])
    assert busy.status_code == 303
    told = bhairab.get(busy.headers["Location"]).get_data(as_text=True)
    assert "Called by another stall" in told and 'data-status="busy_elsewhere"' in told

    nxt = _post(bhairab, _stall(fair_day, "Bhairab Contact"), f"{_stall(fair_day, 'Bhairab Contact')}/calls")
    shown = bhairab.get(nxt.headers["Location"]).get_data(as_text=True)
    first = references[0]
    assert f"Called {first}" in shown and re.search(rf'class="reference">{first}</strong>', shown)
    first_cv = next(cv for cv in fair_day.cvs if cv["code"] == first)
    form = bhairab.get(f"{_stall(fair_day, 'Bhairab Contact')}/interview?cv_id={first_cv['id']}")
    assert form.status_code == 200 and "4 – excellent" in form.get_data(as_text=True) and 'maxlength="500"' in form.get_data(as_text=True)
    incomplete = bhairab.post(f"{_stall(fair_day, 'Bhairab Contact')}/interview",
                              data={"csrf_token": _csrf(form), "cv_id": first_cv["id"], "note": "x"})
    assert incomplete.status_code == 422 and "Choose one." in incomplete.get_data(as_text=True)
    saved = bhairab.post(f"{_stall(fair_day, 'Bhairab Contact')}/interview", data={
        "csrf_token": _csrf(form), "cv_id": first_cv["id"], "rating": "4", "outcome": "offer", "note": "Clear English, calm on the phone."})
    assert saved.status_code == 303 and "done=interviewed" in saved.headers["Location"]
    after = bhairab.get(saved.headers["Location"]).get_data(as_text=True)
    assert "Interview saved." in after and "offered a job" in after and "Appointment letter" in after
    assert re.search(rf'data-reference="{first}" data-status="interviewed"', after)

    no_show_call = _post(rupsha, _stall(fair_day, "Rupsha Data"), f"{_stall(fair_day, 'Rupsha Data')}/calls")
    assert "done=nobody" in no_show_call.headers["Location"] or "done=called" in no_show_call.headers["Location"]
    call_id = fair_day.api("fairday", "GET", f"/api/v1/fairs/{fair_day.fair['id']}/stalls/{fair_day.employers['Rupsha Data']['id']}/queue",
                           headers=bearer(fair_day.employers["Rupsha Data"]["key"])).json()["called"][0]["call_id"]
    gone = _post(rupsha, _stall(fair_day, "Rupsha Data"), f"{_stall(fair_day, 'Rupsha Data')}/calls/{call_id}/no-show")
    assert "আসেননি হিসেবে চিহ্নিত" in rupsha.get(gone.headers["Location"]).get_data(as_text=True)


def test_an_employer_cannot_act_at_another_stall(stack, fair_day):
    _checked_in(fair_day, 0)
    rupsha = _signed_in(stack, fair_day.employers["Rupsha Data"]["key"], lang="en")
    other = _stall(fair_day, "Bhairab Contact")
    own = _stall(fair_day, "Rupsha Data")
    refused = _post(rupsha, own, f"{other}/calls", cv_id=fair_day.cvs[0]["id"])
    assert rupsha.get(refused.headers["Location"]).status_code == 404
    assert rupsha.get(f"{other}/interview?cv_id={fair_day.cvs[0]['id']}").status_code == 404
    assert fair_day.funnel()["totals"]["interviewed"] == 0


def test_the_candidate_sees_their_check_in_place_in_the_queue_outcome_and_letter_link(stack, fair_day):
    _checked_in(fair_day, 0, 2)
    later = fair_day.cvs[2]
    visitor = stack.app().test_client()
    visitor.get(f"/me/{later['id']}?t={later['token']}")
    page = visitor.get(f"/me/{later['id']}?lang=bn").get_data(as_text=True)  # an English speaker switches to Bengali
    assert 'lang="bn"' in page and "মেলায় আমার দিন" in page and "খুলনা বিপিও সামিট-এ চেক-ইন হয়েছে" in page
    ahead = fair_day.api("fairday", "GET", f"/api/v1/candidates/{later['id']}/fair-day", headers=bearer(later["token"])).json()
    [place] = ahead["queues"]
    assert f"স্টল ১২-এ (Call centre agent) আপনার আগে {'১' if place['ahead'] == 1 else '০'} জন" in page

    bhairab = bearer(fair_day.employers["Bhairab Contact"]["key"])
    fair_day.api("fairday", "POST", f"/api/v1/fairs/{fair_day.fair['id']}/stalls/{fair_day.employers['Bhairab Contact']['id']}/calls",
                 json={"cv_id": later["id"]}, headers=bhairab)
    called = visitor.get(f"/me/{later['id']}").get_data(as_text=True)
    assert "এখন স্টল ১২-এ (Call centre agent) আপনার পালা" in called
    made = fair_day.api("fairday", "POST", "/api/v1/interviews", headers=bhairab, json={
        "cv_id": later["id"], "posting_id": fair_day.employers["Bhairab Contact"]["posting"]["id"], "rating": 3, "outcome": "offer"}).json()
    offered = visitor.get(f"/me/{later['id']}").get_data(as_text=True)
    assert "Bhairab Contact — Call centre agent: <strong>চাকরির প্রস্তাব</strong>" in offered
    letter_path = f"/me/{later['id']}/letters/{made['id']}.pdf"
    assert letter_path in offered
    require_noto_fonts()
    letter = visitor.get(letter_path)
    assert letter.status_code == 200 and letter.mimetype == "application/pdf" and letter.data.startswith(b"%PDF")
    missing = visitor.get(f"/me/{later['id']}/letters/no-such-interview.pdf")
    assert missing.status_code == 404 and "পাওয়া যায়নি" in missing.get_data(as_text=True)
    assert stack.app().test_client().get(letter_path).status_code == 404  # not signed in as them


def test_a_letter_fairday_gives_passes_through_as_a_pdf(stack, fair_day):
    cv = fair_day.cvs[0]
    upstream = stack.portal_service.upstream
    original = upstream.call

    def with_letters(service, method, path, **kwargs):
        if service == "fairday" and path.endswith("/letter.pdf"):
            if kwargs.get("token") != cv["token"]:
                return Answer(404, {}, b"", {"Content-Type": "application/problem+json"})
            return Answer(200, {}, b"%PDF-1.7 letter", {"Content-Type": "application/pdf"})
        return original(service, method, path, **kwargs)

    upstream.call = with_letters
    visitor = stack.app().test_client()
    visitor.get(f"/me/{cv['id']}?t={cv['token']}")
    letter = visitor.get(f"/me/{cv['id']}/letters/i-1.pdf")
    assert letter.status_code == 200 and letter.mimetype == "application/pdf" and letter.data == b"%PDF-1.7 letter"
    assert "attachment" in letter.headers["Content-Disposition"]
    stranger = stack.app().test_client()
    other = fair_day.cvs[1]
    stranger.get(f"/me/{other['id']}?t={other['token']}")
    assert stranger.get(f"/me/{other['id']}/letters/i-1.pdf").status_code == 404


def test_the_operators_funnel_page_counts_each_stage_with_charts_groups_and_csv(stack, fair_day):
    _checked_in(fair_day, 0, 1, 3, 4)
    bhairab = bearer(fair_day.employers["Bhairab Contact"]["key"])
    fair_day.api("fairday", "POST", "/api/v1/interviews", headers=bhairab, json={
        "cv_id": fair_day.cvs[0]["id"], "posting_id": fair_day.employers["Bhairab Contact"]["posting"]["id"], "rating": 4,
        "outcome": "hired_on_the_spot"})
    organiser = _signed_in(stack, ADMIN_TOKEN)
    path = f"/organiser/fairs/{fair_day.fair['id']}/fair-day"
    page = organiser.get(path)
    text = page.get_data(as_text=True)
    counts = dict(re.findall(r'class="number[^"]*" data-stage="([a-z_]+)" data-count="(\d+)"', text))
    assert counts == {"registered": "5", "checked_in": "4", "queued": "3", "interviewed": "1", "shortlisted": "1", "offered": "1",
                      "hired": "1", "jobs_created": "1"}
    assert "মেলার দিনের হিসাব" in text and "নিয়োগ পেয়েছেন" in text and "সৃষ্ট চাকরি" in text and "<svg" in text
    by_employer = organiser.get(path + "?by=employer").get_data(as_text=True)
    row = re.search(r'<tr data-group="%s">(.*?)</tr>' % fair_day.employers["Bhairab Contact"]["id"], by_employer, re.S).group(1)
    assert dict(re.findall(r'data-stage="([a-z_]+)" data-count="(\d+)"', row))["hired"] == "1"
    assert by_employer.count('<svg class="chart"') == 1 + 3
    sheet = organiser.get(f"/organiser/fairs/{fair_day.fair['id']}/fair-day.csv?by=district")
    rows = list(csv.reader(io.StringIO(sheet.get_data(as_text=True))))
    assert sheet.mimetype == "text/csv" and rows[0][0] == "district" and rows[-1] == ["jobs_created", "1"]
    assert organiser.get(path + "?by=phone").status_code == 404
    employer = stack.app().test_client()
    assert employer.get(path, headers=bearer(fair_day.employers["Bhairab Contact"]["key"])).status_code == 404


def test_a_walk_in_at_a_kiosk_run_by_a_volunteer_gets_a_code_and_is_checked_in_at_once(stack, fair_day):
    volunteer = _signed_in(stack, fair_day.volunteer, lang="en")
    kiosk = f"/fairs/{fair_day.fair['id']}/kiosk"
    done = _post(volunteer, kiosk, kiosk, name="Walk In", phone="01812345678", language_pref="en", notify_by_sms="on",
                 text="Inbound call centre agent: customer service on the phone, CRM tickets, Bangla and English.")
    page = done.get_data(as_text=True)
    assert done.status_code == 200, page[:500]
    code = re.search(r'id="registration-code">([A-Z0-9-]+)<', page).group(1)
    assert "Check in at the gate now" in page
    stack.settle()  # the CV reaches fairday over the bus
    checked = volunteer.post(f"{_gate(fair_day)}/checkins", data={"csrf_token": _csrf(done), "code": code})
    result = checked.get_data(as_text=True)
    assert checked.status_code == 200 and 'id="checkin-result"' in result and code in result
    assert "Handed in a CV at the kiosk today" in result
    # A kiosk nobody signed in to shows the code, not the button.
    anonymous = stack.app().test_client()
    plain = _post(anonymous, kiosk, kiosk, name="Second Walk In", phone="01812345679", language_pref="bn",
                  text="ডাটা এন্ট্রি অপারেটর: দ্রুত টাইপিং ও এমএস এক্সেল।")
    assert plain.status_code == 200 and 'id="registration-code"' in plain.get_data(as_text=True)
    assert "এখনই গেটে চেক-ইন করুন" not in plain.get_data(as_text=True)
