"""Each service's summary of one fair (the organiser's funnel): exact counts, and nothing from another fair."""

from __future__ import annotations

import io

import requests

from tests.integration.service_builders import OPERATOR, bearer

PHOTO = "Photo editing in Photoshop: clipping path and retouching, two years."


def _call(stack, service, method, path, **kwargs):
    return requests.request(method, stack.servers[service].url + path, timeout=10, **kwargs)


def test_each_service_counts_its_part_of_one_fair_only(stack):
    fairs = [_call(stack, "intake", "POST", "/api/v1/fairs", json={"name": n, "division": "Khulna"}, headers=OPERATOR).json()
             for n in ("Khulna BPO Summit", "Jessore IT Fair")]
    fair, other = fairs[0]["id"], fairs[1]["id"]
    keys = [_call(stack, "intake", "POST", "/api/v1/employers", json={"name": n}, headers=OPERATOR).json()["api_key"]
            for n in ("Rupsha Digital", "Bhairab Contact")]
    posting = {"title": "Photo editor", "description": PHOTO, "skills": ["Photoshop", "clipping path", "AutoCAD"]}
    p1 = _call(stack, "intake", "POST", "/api/v1/postings", json={**posting, "fair_id": fair}, headers=bearer(keys[0])).json()
    _call(stack, "intake", "POST", "/api/v1/postings", json={**posting, "fair_id": fair, "title": "Retoucher"}, headers=bearer(keys[1]))
    _call(stack, "intake", "POST", f"/api/v1/postings/{p1['id']}/close", headers=bearer(keys[0]))
    _call(stack, "intake", "POST", "/api/v1/postings", json={**posting, "fair_id": other}, headers=bearer(keys[1]))
    cv = {"language_pref": "en", "text": PHOTO, "skills": ["Photoshop"], "notify_by_sms": True}
    _call(stack, "intake", "POST", "/api/v1/cvs", json={**cv, "name": "Kiosk One", "phone": "01711000001", "fair_id": fair,
                                                        "location": "Khulna", "institution": "KUET"})
    _call(stack, "intake", "POST", "/api/v1/cvs", json={**cv, "name": "Desk Two", "phone": "01711000002", "fair_id": fair,
                                                        "location": "সোনাডাঙ্গা, খুলনা"}, headers=OPERATOR)
    _call(stack, "intake", "POST", "/api/v1/cvs", data={"name": "File Three", "phone": "01711000003", "language_pref": "en",
                                                        "fair_id": fair}, files={"file": ("cv.txt", PHOTO.encode())})
    _call(stack, "intake", "POST", "/api/v1/cvs", json={**cv, "name": "Elsewhere", "phone": "01711000009", "fair_id": other},
          headers=OPERATOR)
    sheet = f"name,phone,language_pref,location,university,text\nSheet Four,01711000004,en,Jessore,KUET,{PHOTO}\n".encode()
    imported = _call(stack, "intake", "POST", f"/api/v1/fairs/{fair}/imports", headers=OPERATOR,
                     files={"sheet": ("fair.csv", io.BytesIO(sheet))})
    assert imported.status_code == 202
    stack.intake.imports.run_waiting()
    stack.settle()

    intake = _call(stack, "intake", "GET", f"/api/v1/fairs/{fair}/summary", headers=OPERATOR).json()
    assert intake["cvs"] == {"total": 4, "active": 4, "withdrawn": 0,
                             "by_channel": {"kiosk": 2, "desk": 1, "import": 1},
                             "by_source": {"typed": 3, "pdf": 0, "docx": 0, "text": 1},
                             "by_extraction": {"ok": 4, "needs_review": 0},
                             "by_district": {"Khulna": 2, "Jashore": 1, "unknown": 1},  # by district, however typed
                             "by_institution": {"KUET": 2}}
    assert intake["postings"]["total"] == 2 and intake["postings"]["open"] == 1 and intake["postings"]["closed"] == 1
    assert sorted(e["employer"] for e in intake["postings"]["by_employer"]) == ["Bhairab Contact", "Rupsha Digital"]
    assert intake["imports"] == {"total": 1, "running": 0, "done": 1}

    matcher = _call(stack, "matcher", "GET", f"/api/v1/fairs/{fair}/summary", headers=OPERATOR).json()
    assert matcher["cvs"] == {"indexed": 4, "matched": 4}
    assert matcher["postings"] == {"open": 1, "closed": 1}
    assert matcher["matches"]["total"] == sum(p["matches"] for p in matcher["matches"]["by_posting"]) > 0
    missing = {s["skill"]: s for s in matcher["top_missing_skills"]}
    assert "AutoCAD" in missing and missing["AutoCAD"]["candidates"] == 4 and missing["AutoCAD"]["postings"] >= 1

    notifier = _call(stack, "notifier", "GET", f"/api/v1/fairs/{fair}/summary", headers=OPERATOR).json()
    # The desk and the import vouch for theirs; only the desk's consented to messages, and got one digest.
    assert notifier["candidates"] == {"total": 4, "verified": 2, "told": 1}
    assert notifier["notifications"]["by_kind"].get("digest") == 1
    assert notifier["notifications"]["by_kind"].get("verification") == 2  # kiosk and file: a code each, by SMS
    assert notifier["notifications"]["by_channel"]["sms"]["sent"] >= 2

    elsewhere = _call(stack, "intake", "GET", f"/api/v1/fairs/{other}/summary", headers=OPERATOR).json()
    assert elsewhere["cvs"]["total"] == 1 and elsewhere["postings"]["total"] == 1
    assert _call(stack, "notifier", "GET", f"/api/v1/fairs/{other}/summary", headers=OPERATOR).json()["candidates"]["total"] == 1
    assert _call(stack, "intake", "GET", "/api/v1/fairs/nope/summary", headers=OPERATOR).status_code == 404


def test_the_page_benchmark_times_every_page_against_a_bare_round_trip(tmp_path):
    from benchmarks import page_speed

    results = page_speed.measure(cvs=40, count=2, scratch=tmp_path)
    assert {"round trip (intake /healthz)", "kiosk", "candidate page", "shortlist", "organiser dashboard"} <= set(results)
    assert all(p50 > 0 and p95 >= p50 for p50, p95 in results.values())
