"""CPU seconds used by the processes of one machine, by group, read from ``/proc`` (Linux only).

``snapshot(groups)`` reads every process's user + system time and the machine's busy time;
``spent(before, after, count)`` turns two snapshots into CPU milliseconds per item by group,
and the share of the machine's cores that was busy. ``groups`` names some processes by pid
(the services a run started, this process); the rest fall into "postgresql" and "rabbitmq" by
their command name, the kernel's worker threads (file system writes, for one) as "kernel workers",
or under their own command name, the smallest summed up as "other". A
process that ended between the two reads is not counted.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_SMALL = 0.02  # processes of other names below this share of the CPU are summed up as "other"
_BY_NAME = {"postgres": "postgresql", "beam.smp": "rabbitmq", "erl_child_setup": "rabbitmq", "epmd": "rabbitmq"}


def _process_times() -> dict[int, tuple[str, float]]:
    """pid: (command name, CPU seconds so far), for every process that can be read."""
    out = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # ended meanwhile, or not ours to read
            continue
        name = stat[stat.index("(") + 1 : stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2 :].split()
        out[int(entry.name)] = (name, (int(fields[11]) + int(fields[12])) / _TICKS)  # utime, stime
    return out


def _machine_busy() -> float:
    """Seconds every core spent busy so far: user, nice, system, irq and softirq (not idle, I/O wait or
    time the hypervisor gave other machines)."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    return (sum(values[:7]) - values[3] - values[4]) / _TICKS


def snapshot(groups: dict[int, str]) -> dict | None:
    """CPU so far per process and for the machine, with ``groups`` (pid: group); None without ``/proc``."""
    if not Path("/proc/stat").is_file():
        return None
    return {"at": time.monotonic(), "busy": _machine_busy(), "processes": _process_times(), "groups": dict(groups)}


def spent(before: dict | None, after: dict | None, count: int) -> dict | None:
    """CPU milliseconds per item (``count`` items) by group between two snapshots, and the busy share."""
    if before is None or after is None or count <= 0:
        return None
    by_group: dict[str, float] = {}
    for pid, (name, seconds) in after["processes"].items():
        then = before["processes"].get(pid)
        earlier = then[1] if then is not None and then[0] == name else 0.0  # 0: started after the first read
        group = after["groups"].get(pid) or _BY_NAME.get(name) or ("kernel workers" if name.startswith("kworker") else name)
        by_group[group] = by_group.get(group, 0.0) + seconds - earlier
    total = sum(by_group.values())
    for group in [g for g, s in by_group.items() if s < _SMALL * total and g not in after["groups"].values()]:
        by_group["other"] = by_group.get("other", 0.0) + by_group.pop(group)
    elapsed = after["at"] - before["at"]
    cores = os.cpu_count() or 1
    return {
        "seconds": elapsed,
        "cores": cores,
        "machine_busy_share": (after["busy"] - before["busy"]) / (elapsed * cores) if elapsed > 0 else None,
        "cpu_ms_per_item": {group: 1000 * s / count for group, s in sorted(by_group.items(), key=lambda kv: -kv[1])},
        "cpu_ms_per_item_total": 1000 * sum(by_group.values()) / count,
    }
