"""``make demo`` from start to end: the sample fair is matched and notified, then its fair day played and its funnel printed."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.e2e.conftest import free_port

pytestmark = pytest.mark.e2e


def test_the_demo_plays_a_fair_day_and_prints_its_funnel(tmp_path):
    env = {**os.environ, "JOBMATCH_VAR_DIR": str(tmp_path / "var"), "JOBMATCH_BROKER_URL": ""}
    for service in ("intake", "matcher", "notifier", "fairday"):
        env[f"{service.upper()}_PORT"] = str(free_port())
    env.pop("JOBMATCH_ADMIN_TOKEN", None)
    run = subprocess.run([sys.executable, "-m", "deploy.demo"], env=env, capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    out = run.stdout
    assert re.search(r"checks in 30 candidates", out)
    assert re.search(r"registered 30 → checked_in 30 → queued \d+ → interviewed 4 → shortlisted 3 → offered 2 → hired 1", out), out[-1500:]
    assert "jobs created (offers and hires recorded): 2" in out
    assert re.search(r"fair_offer\s+jobmatch: .* (offers you a job|চাকরির প্রস্তাব)", out)
