"""Intake publishes a CV's text for matching without the candidate's name, contact or identity lines."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select

from intake import tables
from intake.app import create_app
from intake.bootstrap import build
from intake.config import IntakeConfig
from shared.bus.settings import BusSettings
from shared.config import HttpSettings

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
    service = build(
        IntakeConfig(
            database_url=f"sqlite:///{tmp_path / 'intake.sqlite3'}",
            http=HttpSettings("127.0.0.1", 0),
            bus=BusSettings(url="memory://", transport_options={"polling_interval": 0.05}),
        )
    )
    yield service
    service.engine.dispose()


def _published(service, event_type: str) -> dict:
    with service.engine.connect() as conn:
        payload = conn.execute(select(tables.outbox.c.payload).where(tables.outbox.c.event_type == event_type)).scalar_one()
    return json.loads(payload)["data"]


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
    assert client.get(f"/api/v1/cvs/{response.get_json()['id']}").get_json()["text"] == TEXT.strip()
    assert _published(service, "candidate.registered")["name"] == CV["name"]
