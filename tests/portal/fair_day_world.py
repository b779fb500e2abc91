"""A small fair behind the portal, made through the services' own APIs: three employers with a posting and a stall each,
candidates of three kinds (and two whom no posting wants), a volunteer token; events delivered to every service."""

from __future__ import annotations

from dataclasses import dataclass, field

import requests

from tests.integration.service_builders import OPERATOR, bearer

EMPLOYERS = (
    ("Bhairab Contact", "12", {"title": "Call centre agent", "skills": ["customer service", "CRM"],
                               "description": "Inbound call centre agent: customer service on the phone in Bangla and English, CRM tickets."}),
    ("Rupsha Data", "7", {"title": "Data entry operator", "skills": ["data entry", "MS Excel", "typing"],
                          "description": "Data entry and typing in MS Excel: accurate, fast Bangla and English typing."}),
    ("Padma Creative", "3", {"title": "Graphic designer", "skills": ["Photoshop", "clipping path"],
                             "description": "Photo editing with Photoshop: clipping path and retouching for online shops."}),
)
KINDS = {
    "call": ("Inbound call centre agent for two years: customer service on the phone, CRM tickets, Bangla and English.",
             ["customer service", "CRM"]),
    "both": ("Call centre customer service and data entry: CRM tickets, typing and MS Excel sheets, Bangla and English.",
             ["customer service", "data entry", "MS Excel"]),
    "data": ("Data entry operator: fast typing, MS Excel sheets and data entry for an office.", ["data entry", "MS Excel", "typing"]),
    "design": ("Photo editing in Photoshop for three years: clipping path and retouching.", ["Photoshop", "clipping path"]),
    "cook": ("রান্নাঘরে বাবুর্চির সহকারী: ভাত, ডাল ও মাছের তরকারি রান্না।", ["রান্না"]),
}
DISTRICTS = ("Khulna", "Jashore", "Satkhira")
INSTITUTIONS = ("KUET", "Jashore University of Science and Technology")


@dataclass
class FairDay:
    """The fair's ids, keys and codes, as the services answered them."""

    stack: object
    fair: dict
    employers: dict = field(default_factory=dict)  # name -> {"id", "key", "posting", "stall"}
    cvs: list = field(default_factory=list)  # {"id", "code", "token", "name", "kind", "district"}
    volunteer: str = ""

    def api(self, service: str, method: str, path: str, **kwargs) -> requests.Response:
        """One call to a service's API."""
        return requests.request(method, self.stack.servers[service].url + path, timeout=30, **kwargs)

    def funnel(self) -> dict:
        """fairday's funnel of the fair, as the operator reads it."""
        return self.api("fairday", "GET", f"/api/v1/fairs/{self.fair['id']}/funnel", headers=OPERATOR).json()


def make_fair_day(stack, kinds: list[str], name: str = "খুলনা বিপিও সামিট") -> FairDay:
    """The fair, its three employers and postings, one CV per entry of ``kinds`` and a volunteer; all delivered."""
    world = FairDay(stack, requests.post(stack.servers["intake"].url + "/api/v1/fairs", headers=OPERATOR, timeout=30,
                                         json={"name": name, "division": "Khulna"}).json())
    for employer, stall, posting in EMPLOYERS:
        made = world.api("intake", "POST", "/api/v1/employers", json={"name": employer}, headers=OPERATOR).json()
        published = world.api("intake", "POST", "/api/v1/postings", headers=bearer(made["api_key"]),
                              json={**posting, "fair_id": world.fair["id"], "stall": stall})
        assert published.status_code == 201, published.text
        world.employers[employer] = {"id": made["id"], "key": made["api_key"], "posting": published.json(), "stall": stall}
    for i, kind in enumerate(kinds):
        text, skills = KINDS[kind]
        district = DISTRICTS[i % len(DISTRICTS)]
        answer = world.api("intake", "POST", "/api/v1/cvs", headers=OPERATOR, json={
            "name": f"Candidate {i + 1:02d}", "phone": f"0171{i:07d}", "language_pref": "bn" if i % 2 else "en",
            "fair_id": world.fair["id"], "text": text, "skills": skills, "location": district,
            "institution": INSTITUTIONS[i % len(INSTITUTIONS)], "notify_by_sms": True})
        assert answer.status_code == 201, answer.text
        cv = answer.json()
        world.cvs.append({"id": cv["id"], "code": cv["registration_code"], "token": cv["candidate_token"],
                          "name": f"Candidate {i + 1:02d}", "kind": kind, "district": district, "phone": f"0171{i:07d}"})
    stack.settle()
    world.volunteer = world.api("fairday", "POST", f"/api/v1/fairs/{world.fair['id']}/volunteers", headers=OPERATOR).json()["token"]
    return world
