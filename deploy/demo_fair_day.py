"""``make demo``'s fair day: employers at their stalls, candidates checked in at the gate, calls, interviews, the funnel."""

from __future__ import annotations

import json
import sys
import time
import urllib.request

from deploy.local_stack import request_json

PRESENT = 3  # employers who come to their stalls
OUTCOMES = ("offer", "hired_on_the_spot", "shortlisted", "not_suitable")


def _call(method: str, url: str, body: dict | None, token: str, expect: tuple[int, ...] = (200, 201)) -> dict:
    status, payload = request_json(method, url, body, token=token)
    if status not in expect:
        sys.exit(f"demo: {method} {url} answered {status}: {json.dumps(payload, ensure_ascii=False)}")
    return payload


def play_fair_day(fairday: str, fair: dict, postings: dict, cvs: dict, keys: dict, matches: int, token: str,
                  deadline: float) -> tuple[dict, list[str]]:
    """Play the fair day on ``fairday``'s API (once it has the fair's ``matches``); return the funnel by employer and the CVs offered a job."""
    fair_id = fair["id"]
    employers = list(dict.fromkeys((p["employer_id"], p["employer"]) for p in postings.values()))[:PRESENT]
    print(f"\nFair day at {fair['name']}")
    for stall, (employer_id, name) in enumerate(employers, start=1):
        _call("POST", f"{fairday}/api/v1/fairs/{fair_id}/employers/{employer_id}/presence", {"stall": str(stall)}, token)
        print(f"  stall {stall}: {name} is present")
    volunteer = _call("POST", f"{fairday}/api/v1/fairs/{fair_id}/volunteers", None, token)["token"]
    _wait_for_bus(fairday, fair_id, len(cvs), matches, token, deadline)
    print(f"\n  The gate (a volunteer's token) checks in {len(cvs)} candidates by their registration codes:")
    for key, cv in cvs.items():
        answer = _call("POST", f"{fairday}/api/v1/fairs/{fair_id}/checkins", {"code": cv["registration_code"]}, volunteer)
        stalls = ", ".join(f"stall {s['stall']} ({s['title']})" for s in answer["stalls"]) or "no stall of a present employer matches"
        print(f"    {answer['code']}  {key:<4} visit: {stalls}")
    print("\n  Two stalls call their queues in match order and interview:")
    offered = []
    for (employer_id, name), outcomes in zip(employers[:2], (OUTCOMES[:2], OUTCOMES[2:])):
        for outcome in outcomes:
            called = _call("POST", f"{fairday}/api/v1/fairs/{fair_id}/stalls/{employer_id}/calls", {}, keys[employer_id], expect=(201, 404))
            if "id" not in called:
                break
            _call("POST", f"{fairday}/api/v1/interviews", {"cv_id": called["cv_id"], "posting_id": called["posting_id"], "rating": 3,
                                                           "note": "Demo interview", "outcome": outcome}, keys[employer_id])
            print(f"    stall {called['stall']} ({name}) called {called['reference']} for {called['title']}: {outcome}")
            if outcome == "offer":
                offered.append(called["cv_id"])
    return _call("GET", f"{fairday}/api/v1/fairs/{fair_id}/funnel?by=employer", None, token), offered


def _wait_for_bus(fairday: str, fair_id: str, cvs: int, matches: int, token: str, deadline: float) -> None:
    """Wait until fairday has every CV and match of the fair (it learns them from the bus, beside the notifier)."""
    while time.monotonic() < deadline:
        counts = _exported(fairday, fair_id, token)
        if counts.get("cvs", 0) >= cvs and counts.get("matches", 0) >= matches:
            return
        time.sleep(0.2)
    sys.exit("demo: timed out waiting for fairday to receive the fair's CVs and matches")


def _exported(fairday: str, fair_id: str, token: str) -> dict[str, int]:
    """How many records of each kind fairday holds for the fair (from its export)."""
    request = urllib.request.Request(f"{fairday}/api/v1/fairs/{fair_id}/export", headers={"Authorization": f"Bearer {token}"})
    counts: dict[str, int] = {}
    with urllib.request.urlopen(request, timeout=10) as answer:
        for line in answer:
            table = json.loads(line)["table"]
            counts[table] = counts.get(table, 0) + 1
    return counts


def print_fair_day_messages(notifier: str, cv_id: str, outbox, token: str, deadline: float) -> None:
    """Wait for the offered candidate's three fair-day messages (stalls, turn, offer) and print them as sent."""
    def sent():
        status, answer = request_json("GET", f"{notifier}/api/v1/notifications?cv_id={cv_id}", token=token)
        told = [n for n in answer.get("notifications", []) if n["kind"].startswith("fair_") and n["status"] == "sent"]
        return told if status == 200 and len(told) >= 3 else None

    while time.monotonic() < deadline:
        told = sent()
        if told:
            break
        time.sleep(0.2)
    else:
        sys.exit("demo: timed out waiting for the fair-day messages")
    print("\n  What the candidate offered a job was told, as sent:")
    for n in sorted(told, key=lambda n: n["created_at"]):
        path = outbox / f"{n['id']}.{'sms.json' if n['channel'] == 'sms' else 'eml'}"
        body = json.loads(path.read_text(encoding="utf-8"))["body"] if n["channel"] == "sms" and path.exists() else f"({n['channel']})"
        print(f"    {n['kind']:<12} {body}")


def print_funnel(funnel: dict) -> None:
    """Print the funnel's stages overall and by employer, and the jobs created."""
    stages = funnel["stages"]
    print("\nThe organiser's funnel")
    print("  " + " → ".join(f"{stage} {funnel['totals'][stage]}" for stage in stages))
    print(f"    {'by employer':<34} " + "  ".join(f"{s[:3]:>3}" for s in stages[2:]))
    for group in funnel["groups"]:
        print(f"    {group['label'][:34]:<34} " + "  ".join(f"{group[s]:>3}" for s in stages[2:]))
    print(f"  jobs created (offers and hires recorded): {funnel['jobs_created']}")
