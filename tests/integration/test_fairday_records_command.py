"""``python -m fairday export`` on the venue laptop and ``import`` (twice) on the central deployment: the same funnel."""

from __future__ import annotations

import subprocess
import sys

from fairday.app import create_app
from tests.integration.fair_world import FAIR, FairWorld
from tests.integration.service_builders import OPERATOR, bearer, fairday_service


def _fairday(database: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "fairday", *args], env={"FAIRDAY_DATABASE_URL": database, "PATH": "/usr/bin:/bin"},
                          capture_output=True, text=True, timeout=120, check=False)


def test_a_fair_moved_by_the_command_line_twice_has_the_same_funnel(tmp_path):
    venue_db, central_db = f"sqlite:///{tmp_path / 'venue.sqlite3'}", f"sqlite:///{tmp_path / 'central.sqlite3'}"
    world = FairWorld(fairday_service(venue_db))
    key = world.employer("e1", "Bhairab Contact")
    world.posting("p1", "e1", "Bhairab Contact", "Call centre agent", stall="12")
    world.cv("c1", "রাকিব হাসান", language="bn")
    world.match("p1", "c1", 0.7)
    venue = create_app(world.service).test_client()
    venue.post(f"/api/v1/fairs/{FAIR}/employers/e1/presence", json={}, headers=OPERATOR)
    venue.post(f"/api/v1/fairs/{FAIR}/checkins", json={"code": world.codes["c1"]}, headers=OPERATOR)
    assert venue.post("/api/v1/interviews", json={"cv_id": "c1", "posting_id": "p1", "rating": 4, "outcome": "hired_on_the_spot"},
                      headers=bearer(key)).status_code == 201
    exported = _fairday(venue_db, "export", "--fair", FAIR, str(tmp_path / "fair.jsonl"))
    assert exported.returncode == 0, exported.stderr
    assert "রাকিব হাসান" in (tmp_path / "fair.jsonl").read_text(encoding="utf-8")
    first = _fairday(central_db, "import", str(tmp_path / "fair.jsonl"))
    second = _fairday(central_db, "import", str(tmp_path / "fair.jsonl"))
    assert first.returncode == second.returncode == 0, (first.stderr, second.stderr)
    assert "1 interviews" in first.stderr and "0 interviews" in second.stderr
    central = create_app(fairday_service(central_db)).test_client()
    here = venue.get(f"/api/v1/fairs/{FAIR}/funnel", headers=OPERATOR).get_json()
    assert central.get(f"/api/v1/fairs/{FAIR}/funnel", headers=OPERATOR).get_json() == here
    assert here["totals"]["hired"] == 1


def test_a_broken_file_imports_nothing_and_says_which_line(tmp_path):
    central_db = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    (tmp_path / "bad.jsonl").write_text('{"table": "presence", "row": {"id": "x", "fair_id": "f", "employer_id": "e", '
                                        '"at": "2026-12-05T09:00:00+00:00"}}\nnot json\n', encoding="utf-8")
    answer = _fairday(central_db, "import", str(tmp_path / "bad.jsonl"))
    assert answer.returncode == 1 and "line 2: not JSON" in answer.stderr
    central = create_app(fairday_service(central_db)).test_client()
    assert central.get("/api/v1/fairs/f/export", headers=OPERATOR).get_data() == b""
