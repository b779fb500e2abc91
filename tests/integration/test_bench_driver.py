"""`make bench`'s driver at its smallest setting writes every section with positive numbers (no timing asserts)."""

from __future__ import annotations

import json

from benchmarks.__main__ import main


def test_the_bench_driver_writes_every_section_with_positive_numbers(tmp_path, capsys):
    out = tmp_path / "bench.json"
    assert main(["--quick", "--sizes", "150", "--rounds", "3", "--import-rows", "60", "--page-cvs", "30",
                 "--page-requests", "3", "--broker-cvs", "0", "--cv-postings", "40", "--writes-between", "4",
                 "--no-progress", "--out", str(out)]) == 0
    report = json.loads(out.read_text(encoding="utf-8"))

    assert report["mode"] == "quick" and report["duration_s"] > 0
    machine = report["machine"]
    assert machine["cpu_model"] and machine["logical_cpus"] >= 1 and machine["python"]
    assert set(report["sections"]) == {"index", "import_speed", "page_speed", "broker"}

    size = report["sections"]["index"]["sizes"]["150"]
    for part in ("ours_index", "bm25s_index"):
        assert size[part]["cvs_per_s"] > 0 and size[part]["seconds"] > 0
    assert size["ours_index"]["kib_per_cv"] > 0
    for part in ("ours_rank", "bm25s_rank", "ours_new_posting", "full_refit_new_posting"):
        assert 0 < size[part]["median_ms"] <= size[part]["p95_ms"], part
    assert size["full_refit_rankings_agree"] is True
    assert size["startup"]["cvs_indexed"] == 150 and size["startup"]["skipped"] == 0
    assert size["startup"]["seconds"] > 0
    snapshot = size["startup"]["snapshot"]
    assert snapshot["restart_seconds"] > 0 and snapshot["bytes_per_cv"] > 0 and snapshot["skipped"] == 0
    assert size["index_rate_ratio_ours_to_bm25s"] > 0 and size["new_posting_ratio_refit_to_ours"] > 0
    assert size["compile_seconds"] > 0 and report["sections"]["index"]["cv_against_postings"]["compile_seconds"] > 0
    coming_in = size["while_cvs_come_in"]
    assert coming_in["cv_writes_between"] == 4
    assert coming_in["posting_rank"]["count"] == 3 and coming_in["cv_upsert_and_rank"]["count"] == 12
    for part in ("posting_rank", "cv_upsert_and_rank"):
        assert 0 < coming_in[part]["median_ms"] <= coming_in[part]["p95_ms"], part

    against = report["sections"]["index"]["cv_against_postings"]
    assert against["postings"] == 40
    for part in ("ours_new_cv", "ours_no_write_since", "bm25s_query"):
        assert 0 < against[part]["median_ms"] <= against[part]["p95_ms"], part

    sqlite = report["sections"]["import_speed"]["databases"]["sqlite"]
    assert sqlite["counts"]["accepted"] == 60 and sqlite["ratio"] > 0
    pages = report["sections"]["page_speed"]["pages"]
    assert {"round trip (intake /healthz)", "kiosk", "shortlist", "organiser dashboard"} <= set(pages)
    assert all(page["p95_ms"] > 0 and page["p95_ratio_to_round_trip"] > 0 for page in pages.values())
    assert report["sections"]["broker"] == {"skipped": "not asked for (--broker-cvs 0)"}

    printed = capsys.readouterr().out
    assert "(a) index" in printed and "while CVs come in (4 between" in printed and "written to" in printed
