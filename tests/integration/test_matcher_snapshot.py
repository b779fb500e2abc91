"""Matcher restarts read the index back from its snapshot file: only documents changed since are profiled
again, the index is the database's, an erasure deletes the file at once, and a foreign or broken file is ignored."""

from __future__ import annotations

import logging
import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from matcher import index_snapshot
from matcher.config import MatcherConfig
from matcher.handlers import handle_event
from matcher.index_snapshot import SnapshotWriter
from matcher.ranking import profile_batch
from shared.config import ConfigError
from shared.events import types
from shared.events.envelope import new_event
from tests.integration.service_builders import matcher_service
from tests.servers import free_port, log_lines_until

POSTINGS = [
    {"posting_id": "p1", "fair_id": None, "employer": "Bhairab Contact", "title": "কল সেন্টার এজেন্ট",
     "description": "ইনবাউন্ড কল সেন্টারে গ্রাহক সেবা, বাংলা ও ইংরেজিতে কথা বলা", "skills": ["গ্রাহক সেবা"],
     "location": "Jashore"},
    {"posting_id": "p2", "fair_id": None, "employer": "Pixel Lab", "title": "Graphic designer",
     "description": "Photoshop retouching and clipping path for e-commerce photos", "skills": ["Photoshop"],
     "location": "Khulna"},
]
CVS = [
    {"cv_id": "c1", "fair_id": None, "language_pref": "bn", "skills": ["গ্রাহক সেবা"], "location": "যশোর",
     "text": "আমি দুই বছর কল সেন্টারে গ্রাহক সেবা দিয়েছি, বাংলা ও ইংরেজিতে কথা বলি"},
    {"cv_id": "c2", "fair_id": None, "language_pref": "en", "skills": ["Photoshop"], "location": "Khulna",
     "text": "Graphic designer: clipping path and photo retouching in Photoshop"},
    {"cv_id": "c3", "fair_id": None, "language_pref": "en", "skills": ["customer service", "MS Excel"],
     "location": "Dhaka", "text": "Inbound call centre agent, customer service কল সেন্টার, data entry in Excel"},
    {"cv_id": "cv-erasable-7f3a", "fair_id": None, "language_pref": "en", "skills": ["customer service"],
     "location": "Jashore", "text": "Customer service and complaint handling on night shifts"},
]


def _apply(service, kind, data):
    handle_event(service, new_event(kind, data, producer="test"))


def _stocked(tmp_path, snapshot):
    service = matcher_service(tmp_path, snapshot=snapshot)
    for posting in POSTINGS:
        _apply(service, types.POSTING_PUBLISHED, posting)
    for cv in CVS:
        _apply(service, types.CV_RECEIVED, cv)
    return service


def _rankings(service):
    """Every ranking either way, as (other id, score) pairs."""
    index = service.index
    out = {}
    for kind, rank in (("posting", index.rank_cvs_for_posting), ("cv", index.rank_postings_for_cv)):
        for entry in index._rows.entries(kind):
            out[kind, entry.id] = [(m.posting_id, m.cv_id, m.score) for m in rank(entry.id, include_excluded=True)]
    return out


@pytest.fixture
def profiled(monkeypatch):
    """The ids of the documents a start-up profiles (start-up profiles in bulk)."""
    seen = []
    build = profile_batch.build_profile

    def recording(doc, lexicon, *, blind=True):
        seen.append(doc.id)
        return build(doc, lexicon, blind=blind)

    monkeypatch.setattr(profile_batch, "build_profile", recording)
    return seen


def test_a_restart_profiles_only_what_changed_while_it_was_down_and_holds_what_the_database_holds(tmp_path, profiled):
    path = tmp_path / "matcher-index.snapshot"
    first = _stocked(tmp_path, path)
    SnapshotWriter(first, first.snapshot, interval=300).check()
    assert path.exists() and stat.S_IMODE(path.stat().st_mode) == 0o600
    profiled.clear()

    meanwhile = matcher_service(tmp_path)  # another replica, without a snapshot, changes the database
    _apply(meanwhile, types.CV_UPDATED, dict(CVS[1], text="Now a call centre agent: customer service in Bangla"))
    _apply(meanwhile, types.CV_WITHDRAWN, {"cv_id": "c3"})
    _apply(meanwhile, types.CV_RECEIVED, dict(CVS[2], cv_id="c5", location="Khulna"))
    _apply(meanwhile, types.POSTING_UPDATED, dict(POSTINGS[0], location="Khulna"))
    _apply(meanwhile, types.POSTING_CLOSED, {"posting_id": "p2"})
    profiled.clear()

    restarted = matcher_service(tmp_path, snapshot=path)

    assert sorted(profiled) == ["c2", "c5", "p1"]
    assert ("cv", "c3") not in restarted.index and ("posting", "p2") not in restarted.index
    assert not path.exists()  # it held documents that are gone: deleted at once
    profiled.clear()
    full = matcher_service(tmp_path)  # no snapshot: every document profiled
    assert sorted(profiled) == ["c1", "c2", "c5", "cv-erasable-7f3a", "p1"]
    assert _rankings(restarted) == _rankings(full)

    SnapshotWriter(restarted, restarted.snapshot, interval=300).check()  # saved again, current
    profiled.clear()
    again = matcher_service(tmp_path, snapshot=path)
    assert profiled == []
    assert _rankings(again) == _rankings(full)


def test_an_erasure_deletes_the_snapshot_at_once_and_the_next_one_leaves_the_cv_out(tmp_path):
    path = tmp_path / "matcher-index.snapshot"
    service = _stocked(tmp_path, path)
    writer = SnapshotWriter(service, service.snapshot, interval=300)
    writer.check()
    assert b"cv-erasable-7f3a" in path.read_bytes()

    _apply(service, types.CANDIDATE_ERASED, {"cv_id": "cv-erasable-7f3a"})
    writer.check()  # within the interval: nothing saved, but the file holding the erased CV is gone
    assert not path.exists()

    writer.close()  # at shutdown: saved
    assert path.exists() and b"cv-erasable-7f3a" not in path.read_bytes()


def test_the_writer_saves_when_the_index_changed_at_most_every_interval_and_at_shutdown(tmp_path, monkeypatch):
    path = tmp_path / "matcher-index.snapshot"
    service = _stocked(tmp_path, path)
    saves = []
    save = service.snapshot.save
    monkeypatch.setattr(service.snapshot, "save", lambda index: (saves.append(index.writes), save(index)))
    writer = SnapshotWriter(service, service.snapshot, interval=300)

    writer.check()
    writer.check()  # nothing changed since
    assert len(saves) == 1
    _apply(service, types.CV_RECEIVED, dict(CVS[0], cv_id="c9"))
    writer.check()  # changed, but the interval has not passed
    assert len(saves) == 1
    writer.close()
    assert len(saves) == 2
    writer.close()  # nothing changed since
    assert len(saves) == 2


def test_a_save_leaves_one_file_and_clears_what_a_process_killed_while_saving_left(tmp_path):
    path = tmp_path / "matcher-index.snapshot"
    service = _stocked(tmp_path, path)
    left = tmp_path / ".matcher-index.snapshot.4242.tmp"
    left.write_bytes(b"half a snapshot")
    os.utime(left, (time.time() - 7200, time.time() - 7200))
    recent = tmp_path / ".matcher-index.snapshot.4343.tmp"  # another replica may be saving right now
    recent.write_bytes(b"being written")
    service.snapshot.save(service.index)
    assert sorted(p.name for p in tmp_path.iterdir() if "snapshot" in p.name) == [recent.name, path.name]


def test_a_snapshot_made_by_other_code_is_ignored(tmp_path, profiled, monkeypatch, caplog):
    path = tmp_path / "matcher-index.snapshot"
    first = _stocked(tmp_path, path)
    SnapshotWriter(first, first.snapshot, interval=300).check()
    monkeypatch.setattr(index_snapshot, "code_stamp", lambda: b"0" * 64)
    profiled.clear()

    with caplog.at_level(logging.INFO, logger="matcher.index_snapshot"):
        restarted = matcher_service(tmp_path, snapshot=path)

    assert len(profiled) == 6 and restarted.index.count("cv") == 4
    assert "made by other code" in caplog.text


@pytest.mark.parametrize("damage", ["truncated", "garbage", "empty"])
def test_a_broken_snapshot_is_ignored_and_the_matcher_starts_from_the_database(tmp_path, profiled, caplog, damage):
    path = tmp_path / "matcher-index.snapshot"
    first = _stocked(tmp_path, path)
    SnapshotWriter(first, first.snapshot, interval=300).check()
    content = path.read_bytes()
    path.write_bytes({"truncated": content[: len(content) // 2], "garbage": content[:120] + b"\x80\x05junk" * 50,
                      "empty": b""}[damage])
    profiled.clear()

    with caplog.at_level(logging.INFO, logger="matcher.index_snapshot"):
        restarted = matcher_service(tmp_path, snapshot=path)

    assert len(profiled) == 6 and restarted.index.count("cv") == 4 and restarted.index.count("posting") == 2
    assert _rankings(restarted) == _rankings(matcher_service(tmp_path))


def test_the_snapshot_settings(tmp_path):
    config = MatcherConfig.from_env({"JOBMATCH_VAR_DIR": str(tmp_path)})
    assert config.index_snapshot == tmp_path / "matcher-index.snapshot" and config.index_snapshot_seconds == 300
    config = MatcherConfig.from_env({"JOBMATCH_VAR_DIR": str(tmp_path), "MATCHER_INDEX_SNAPSHOT": "/data/index.snap",
                                     "MATCHER_INDEX_SNAPSHOT_SECONDS": "60"})
    assert str(config.index_snapshot) == "/data/index.snap" and config.index_snapshot_seconds == 60
    assert MatcherConfig.from_env({"JOBMATCH_VAR_DIR": str(tmp_path), "MATCHER_INDEX_SNAPSHOT": "off"}).index_snapshot is None
    for bad in ("0", "-5", "nan", "soon"):
        with pytest.raises(ConfigError, match="MATCHER_INDEX_SNAPSHOT_SECONDS"):
            MatcherConfig.from_env({"JOBMATCH_VAR_DIR": str(tmp_path), "MATCHER_INDEX_SNAPSHOT_SECONDS": bad})


def _serve_until(env, wanted: str) -> list[str]:
    """Run ``python -m matcher`` until a log line holds ``wanted``, then SIGTERM it; its log lines."""
    process = subprocess.Popen([sys.executable, "-m", "matcher"], env=env, stderr=subprocess.PIPE, text=True)
    try:
        lines = log_lines_until(process, wanted)
    finally:
        process.send_signal(signal.SIGTERM)
        _, rest = process.communicate(timeout=60)
    assert any(wanted in line for line in lines), "".join(lines)
    assert process.returncode == 0, "".join(lines) + rest
    return lines + rest.splitlines()


def test_the_matcher_process_saves_its_snapshot_and_its_next_start_reads_it_back(tmp_path):
    _stocked(tmp_path, None).engine.dispose()  # the database the process serves: 2 postings, 4 CVs
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JOBMATCH_", "MATCHER_"))}
    env.update(JOBMATCH_VAR_DIR=str(tmp_path / "var"), MATCHER_DATABASE_URL=f"sqlite:///{tmp_path / 'matcher.sqlite3'}",
               MATCHER_PORT=str(free_port()), JOBMATCH_LOG_FORMAT="text")
    snapshot = tmp_path / "var" / "matcher-index.snapshot"

    first = _serve_until(env, "index snapshot saved: 6 documents")  # a first start saves soon after loading
    assert any("0 read from the snapshot" in line for line in first), "".join(first)
    assert snapshot.exists()

    second = _serve_until(env, "listening on")
    assert any("2 postings, 4 CVs (6 read from the snapshot), 0 skipped" in line for line in second), "\n".join(second)

