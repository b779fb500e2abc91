"""How fast the portal's pages answer with a fair of many CVs loaded, against a bare round trip in the same run.

``python -m benchmarks.page_speed [--cvs N] [--requests R]`` loads a fair with N typed CVs (through
the bulk import), 20 postings and their matches into intake, the matcher and the notifier on the
embedded defaults (SQLite), serves the three and the portal over HTTP in this process, then times
R requests to each page as its user would open it: the fair list, the kiosk, a candidate's
private page, an employer's shortlist and the organiser's dashboard. It prints p50 and p95 per
page in milliseconds, and each page's p95 as a ratio to the p95 of intake's ``/healthz`` timed
the same way (the cost of one HTTP round trip here).
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from pathlib import Path

import requests

from benchmarks.import_speed import sheet

POSTINGS = [
    ("Call centre agent", "Inbound customer service in Bangla and English; CRM tickets.", ["customer service", "CRM"]),
    ("Data entry operator", "Data entry with MS Excel, typing 40 words a minute.", ["data entry", "MS Excel", "typing"]),
    ("Graphic designer", "Photo editing in Photoshop: clipping path, retouching.", ["Photoshop", "clipping path"]),
    ("Web developer", "PHP and JavaScript for e-commerce sites; MySQL.", ["PHP", "JavaScript", "MySQL"]),
]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def _time(session: requests.Session, url: str, count: int, **kwargs) -> list[float]:
    timings = []
    for _ in range(count):
        started = time.perf_counter()
        answer = session.get(url, timeout=30, **kwargs)
        timings.append((time.perf_counter() - started) * 1000)
        if answer.status_code != 200:
            raise SystemExit(f"{url} answered {answer.status_code}")
    return timings


def measure(cvs: int, count: int, scratch: Path) -> dict[str, tuple[float, float]]:
    """``{page: (p50 ms, p95 ms)}`` with ``cvs`` CVs loaded; ``round trip`` is intake's /healthz."""
    from tests.integration.service_builders import ADMIN_TOKEN, OPERATOR, fairday_service, intake_service, matcher_service, notifier_service
    from tests.portal.conftest import Stack, Served
    from fairday.app import create_app as fairday_app
    from intake.app import create_app as intake_app
    from intake.imports import claim, run_import, start_import
    from matcher.app import create_app as matcher_app
    from notifier.app import create_app as notifier_app
    from portal.bootstrap import build as build_portal
    from portal.config import PortalConfig
    from shared.config import HttpSettings

    intake = intake_service(f"sqlite:///{scratch / 'intake.sqlite3'}")
    matcher, notifier = matcher_service(scratch), notifier_service(scratch)
    fairday = fairday_service(f"sqlite:///{scratch / 'fairday.sqlite3'}")
    servers = {"intake": Served(intake_app(intake)), "matcher": Served(matcher_app(matcher)), "notifier": Served(notifier_app(notifier)),
               "fairday": Served(fairday_app(fairday))}
    config = PortalConfig(http=HttpSettings("127.0.0.1", 0, allowed_hosts=("*",)), upstreams={k: s.url for k, s in servers.items()},
                          public_url="http://127.0.0.1:8003", secret_key=b"b" * 32)
    stack = Stack(intake, matcher, notifier, fairday, servers, build_portal(config), set())
    portal = Served(stack.app())
    try:
        api = requests.Session()
        api.headers.update(OPERATOR)
        fair = api.post(servers["intake"].url + "/api/v1/fairs", json={"name": "Bench fair", "division": "Khulna"}).json()
        key = api.post(servers["intake"].url + "/api/v1/employers", json={"name": "Bench employer"}).json()["api_key"]
        postings = []
        for i in range(20):
            title, description, skills = POSTINGS[i % len(POSTINGS)]
            postings.append(requests.post(servers["intake"].url + "/api/v1/postings", headers={"Authorization": f"Bearer {key}"},
                                          json={"title": f"{title} {i}", "description": description, "skills": skills,
                                                "fair_id": fair["id"]}, timeout=30).json())
        job = start_import(intake.engine, fair["id"], "bench.csv", sheet(cvs), None)
        claim(intake.engine, job["id"])
        run_import(intake.engine, job["id"], max_file_bytes=5 * 1024 * 1024)
        kiosk_cv = requests.post(servers["intake"].url + "/api/v1/cvs", timeout=30, json={
            "name": "Bench Candidate", "phone": "01999000001", "language_pref": "bn", "fair_id": fair["id"],
            "text": "কল সেন্টারে গ্রাহক সেবা, এমএস এক্সেল।", "skills": ["customer service"]}).json()
        for _ in range(3):  # the matcher indexes and ranks; the notifier queues notices (sending them is not timed here)
            stack.deliver()

        browser = requests.Session()  # a candidate who opened their private link
        browser.get(f"{portal.url}/me/{kiosk_cv['id']}?t={kiosk_cv['candidate_token']}", timeout=30)
        employer = {"Authorization": f"Bearer {key}"}
        operator = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
        plain = requests.Session()
        pages = {
            "round trip (intake /healthz)": (plain, f"{servers['intake'].url}/healthz", {}),
            "fair list /": (plain, f"{portal.url}/", {}),
            "kiosk": (plain, f"{portal.url}/fairs/{fair['id']}/kiosk", {}),
            "candidate page": (browser, f"{portal.url}/me/{kiosk_cv['id']}", {}),
            "shortlist": (plain, f"{portal.url}/employer/postings/{postings[0]['id']}", {"headers": employer}),
            "organiser dashboard": (plain, f"{portal.url}/organiser/fairs/{fair['id']}", {"headers": operator}),
        }
        for service in ("intake", "matcher", "notifier"):
            pages[f"  {service} summary (API)"] = (plain, f"{servers[service].url}/api/v1/fairs/{fair['id']}/summary",
                                                   {"headers": operator})
        results = {}
        for name, (session, url, kwargs) in pages.items():
            _time(session, url, 3, **kwargs)  # warm up
            timings = _time(session, url, count, **kwargs)
            results[name] = (statistics.median(timings), _percentile(timings, 0.95))
        return results
    finally:
        portal.close()
        for server in servers.values():
            server.close()


def main(argv: list[str] | None = None) -> int:
    """Print p50/p95 per page and the p95 ratio to a bare round trip."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.page_speed")
    parser.add_argument("--cvs", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args(argv)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory() as scratch:
        results = measure(args.cvs, args.requests, Path(scratch))
    base = results["round trip (intake /healthz)"][1]
    print(f"{args.cvs} CVs, 20 postings, {args.requests} requests per page (embedded SQLite)")
    print(f"{'page':<30} {'p50 ms':>8} {'p95 ms':>8} {'p95 / round trip':>17}")
    for name, (p50, p95) in results.items():
        print(f"{name:<30} {p50:>8.1f} {p95:>8.1f} {p95 / base:>17.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
