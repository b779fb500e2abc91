"""The end-to-end benchmark's CPU per CV by process group, from two reads of /proc."""

import os
from pathlib import Path

import pytest

from benchmarks import process_cpu


def reads(first: dict, second: dict, groups: dict, seconds: float = 10.0, busy: float = 15.0):
    before = {"at": 100.0, "busy": 50.0, "processes": first, "groups": groups}
    after = {"at": 100.0 + seconds, "busy": 50.0 + busy, "processes": second, "groups": groups}
    return before, after


def test_cpu_per_item_by_group_counts_new_processes_whole_and_ended_ones_not_at_all():
    first = {1: ("python", 5.0), 2: ("postgres", 1.0), 3: ("beam.smp", 2.0), 4: ("python", 9.0), 9: ("postgres", 3.0)}
    second = {
        1: ("python", 6.0),  # the matcher: 1 s
        2: ("postgres", 1.5), 5: ("postgres", 0.5),  # a backend started meanwhile: all of its 0.5 s
        3: ("beam.smp", 2.5),
        4: ("python", 9.2),  # this client
        6: ("kworker/u8:1-writeback", 0.4), 7: ("kworker/0:2-events", 0.1),
        8: ("sshd", 0.01),  # under 2%: "other"
    }  # 9 ended: not counted
    before, after = reads(first, second, {1: "matcher", 4: "client"})
    spent = process_cpu.spent(before, after, count=100)
    ms = spent["cpu_ms_per_item"]
    assert ms == pytest.approx({"matcher": 10.0, "postgresql": 10.0, "rabbitmq": 5.0, "kernel workers": 5.0,
                                "client": 2.0, "other": 0.1})
    assert list(ms.values()) == sorted(ms.values(), reverse=True)  # largest first
    assert spent["cpu_ms_per_item_total"] == pytest.approx(32.1)
    assert spent["machine_busy_share"] == pytest.approx(15.0 / (10.0 * (os.cpu_count() or 1)))


def test_nothing_to_say_without_both_reads_or_items():
    before, after = reads({}, {}, {})
    assert process_cpu.spent(None, after, 10) is None and process_cpu.spent(before, None, 10) is None
    assert process_cpu.spent(before, after, 0) is None


@pytest.mark.skipif(not Path("/proc/stat").is_file(), reason="needs Linux /proc")
def test_a_real_read_sees_this_process_spend_cpu():
    groups = {os.getpid(): "this test"}
    before = process_cpu.snapshot(groups)
    sum(i * i for i in range(2_000_000))  # some CPU of our own
    spent = process_cpu.spent(before, process_cpu.snapshot(groups), 1)
    assert spent["cpu_ms_per_item"].get("this test", 0) > 0
