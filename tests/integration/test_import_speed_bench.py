"""The bulk-import benchmark runs (a short version of `make bench`'s) and imports every row it offers."""

from __future__ import annotations

from benchmarks import import_speed


def test_the_import_benchmark_imports_every_row_and_reports_both_rates(tmp_path):
    result = import_speed.measure(f"sqlite:///{tmp_path / 'bench.sqlite3'}", rows=150)
    assert result["counts"] == {"accepted": 150, "duplicate": 0, "rejected": 0}
    assert result["import_cvs_per_s"] > 0 and result["raw_rows_per_s"] > 0
    assert result["ratio"] == result["import_cvs_per_s"] / result["raw_rows_per_s"]


def test_the_benchmark_sheet_has_bengali_and_english_rows():
    text = import_speed.sheet(4).decode("utf-8")
    assert "কল সেন্টারে" in text and "call centre" in text
