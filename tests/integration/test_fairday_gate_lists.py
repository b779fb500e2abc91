"""What the gate page asks fairday: whose fair a volunteer token is, and the fair's stalls with who is present."""

from __future__ import annotations

from tests.integration.fair_world import FAIR
from tests.integration.service_builders import OPERATOR, bearer
from tests.integration.test_fairday_flow import fair  # noqa: F401  (the fixture: three employers, two present)


def test_a_volunteer_token_says_its_fair_and_nothing_else_answers_as_one(fair):  # noqa: F811
    assert fair.client.get("/api/v1/volunteers/me", headers=fair.volunteer).json == {"fair_id": FAIR}
    assert fair.client.get("/api/v1/volunteers/me", headers=OPERATOR).status_code == 403
    assert fair.client.get("/api/v1/volunteers/me", headers=bearer(fair.employer_keys["e1"])).status_code == 403
    assert fair.client.get("/api/v1/volunteers/me", headers=bearer("jm_vol_" + "x" * 43)).status_code == 401


def test_the_gate_lists_the_fairs_stalls_with_who_is_present_for_its_own_volunteers_only(fair):  # noqa: F811
    listed = fair.client.get(f"/api/v1/fairs/{FAIR}/stalls", headers=fair.volunteer)
    assert listed.status_code == 200
    assert [(s["employer"], s["stall"], s["present"]) for s in listed.json["stalls"]] == [
        ("Absent Ltd", "3", False), ("Bhairab Contact", "12", True), ("Rupsha Data", "7", True)]
    assert fair.client.get(f"/api/v1/fairs/{FAIR}/stalls", headers=OPERATOR).json == listed.json
    assert fair.client.get("/api/v1/fairs/other-fair/stalls", headers=fair.volunteer).status_code == 404
    assert fair.client.get(f"/api/v1/fairs/{FAIR}/stalls", headers=bearer(fair.employer_keys["e1"])).status_code == 404
    moved = fair.client.post(f"/api/v1/fairs/{FAIR}/employers/e3/presence", json={"stall": "4A"}, headers=fair.volunteer)
    assert moved.status_code == 201
    absent = next(s for s in fair.client.get(f"/api/v1/fairs/{FAIR}/stalls", headers=fair.volunteer).json["stalls"]
                  if s["employer_id"] == "e3")
    assert (absent["stall"], absent["present"]) == ("4A", True)
