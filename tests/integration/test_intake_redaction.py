"""Intake publishes a CV's text for matching without the candidate's name, contact or identity lines."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from intake import tables
from intake.app import create_app
from tests.integration.service_builders import bearer, intake_service

TEXT = (
    "CURRICULUM VITAE\n"
    "Md. Tahsin Ara\n"
    "Email: TAHSIN.ARA@Gmail.com | Mobile: ০১৭১১-২৩৪৫৬৭ | +880 1711 234567\n"
    "I, Tahsin Ara, worked two years as an inbound call centre agent at Rupsha BPO, Khulna. "
    "Tahsin's team handled 150 calls a day in the CRM; তাহসিনের কাজ ছিল গ্রাহক সেবা।\n"
    "Father's Name: Abdul Karim\n"
    "Date of Birth: 12 March, 1998\n"
    "Religion: Islam\n"
    "NID: 19952694123456789\n"
    "Skills: customer service, CRM, MS Excel\n"
)
CV = {
    "name": "Md. Tahsin Ara (তাহসিন আরা)",
    "email": "tahsin.ara@gmail.com",
    "phone": "01711-234567",
    "language_pref": "en",
    "text": TEXT,
    "skills": ["customer service"],
    "location": "Khulna",
}


@pytest.fixture
def service(tmp_path):
    service = intake_service(f"sqlite:///{tmp_path / 'intake.sqlite3'}")
    yield service
    service.engine.dispose()


def _published(service, event_type: str) -> dict:
    with service.engine.connect() as conn:
        payloads = conn.execute(select(tables.outbox.c.payload).where(tables.outbox.c.event_type == event_type)
                                .order_by(tables.outbox.c.seq)).scalars().all()
    return json.loads(payloads[-1])["data"]


def test_the_published_cv_text_names_no_one_and_the_stored_cv_keeps_its_text(service):
    client = create_app(service).test_client()
    response = client.post("/api/v1/cvs", json=CV)
    assert response.status_code == 201, response.get_json()
    published = _published(service, "cv.received")["text"]
    lowered = published.casefold()
    for gone in ("tahsin", "তাহসিন", "gmail", "১৭১১", "1711", "234567", "19952694123456789", "karim", "1998",
                 "march", "religion", "islam"):
        assert gone not in lowered, gone
    assert "ara" not in re.findall(r"\w+", lowered)
    for kept in ("inbound call centre agent at Rupsha BPO, Khulna", "150 calls a day in the CRM", "গ্রাহক সেবা",
                 "Skills: customer service, CRM, MS Excel"):
        assert kept in published
    token = bearer(response.get_json()["candidate_token"])
    assert client.get(f"/api/v1/cvs/{response.get_json()['id']}", headers=token).get_json()["text"] == TEXT.strip()
    assert _published(service, "candidate.registered")["name"] == CV["name"]


def test_a_corrected_cv_is_published_redacted_and_shares_contact_only_with_consent(service):
    client = create_app(service).test_client()
    created = client.post("/api/v1/cvs", json=CV).get_json()
    assert _published(service, "cv.received")["shared_contact"] is None
    token = bearer(created["candidate_token"])
    changed = client.patch(f"/api/v1/cvs/{created['id']}", json={"text": TEXT + "Call me on 01711-234567.\n",
                                                                  "share_with_employers": True}, headers=token)
    assert changed.status_code == 200, changed.get_json()
    updated = _published(service, "cv.updated")
    assert "234567" not in updated["text"] and "tahsin" not in updated["text"].casefold()
    assert updated["shared_contact"] == {"name": CV["name"], "email": CV["email"], "phone": "+8801711234567"}
    client.patch(f"/api/v1/cvs/{created['id']}", json={"share_with_employers": False}, headers=token)
    assert _published(service, "cv.updated")["shared_contact"] is None
