"""``make demo``: load the sample Khulna-division fair, wait for matching and notifications, print them, then play its fair day.

Uses the running system if intake answers on its port (then JOBMATCH_ADMIN_TOKEN must be its
operator token); otherwise starts its own stack with state under ``var/demo`` (fresh each run),
with JOBMATCH_ADMIN_TOKEN or a random one, and stops it afterwards. The operator creates the fair
and one employer account per employer; each employer posts its vacancies with its own API key;
the operator enters the CVs at the desk (so their contacts count as verified), each with consent
to be notified by the channels it gives and to share its contact with employers; four of them
are handed in as files (two PDFs, two DOCX, one of them in Bengali), read by intake. Then the fair
day (``demo_fair_day``): three employers at their stalls, every candidate checked in at the gate,
two stalls calling and interviewing, and the organiser's funnel.
"""

from __future__ import annotations

import email
import email.policy
import json
import os
import secrets
import shutil
import sys
import time
from pathlib import Path

from deploy.demo_files import cv_as_docx, cv_as_pdf
from deploy.demo_fair_day import play_fair_day, print_fair_day_messages, print_funnel
from deploy.local_stack import SERVICES, is_up, request_form, request_json, service_url, stack_from_env

SAMPLE = Path(__file__).parent / "demo" / "khulna_fair.json"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEADLINE_SECONDS = 90


def post(url: str, body: dict, token: str) -> dict:
    """POST with ``token`` and return the created resource; exit with the problem text on failure."""
    status, payload = request_json("POST", url, body, token=token)
    if status != 201:
        sys.exit(f"demo: POST {url} answered {status}: {json.dumps(payload, ensure_ascii=False)}")
    return payload


def wait_until(what: str, predicate, deadline: float):
    """Poll ``predicate`` until it returns something truthy; exit if the deadline passes."""
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    sys.exit(f"demo: timed out waiting for {what}")


def consents(cv: dict) -> dict:
    """The demo candidate's consents: notices by each channel they gave, contact shared with employers."""
    return {"notify_by_email": bool(cv.get("email")), "notify_by_sms": bool(cv.get("phone")), "share_with_employers": True}


def load_fair(urls: dict, sample: dict, token: str) -> tuple[dict, dict, dict, dict]:
    """Post the fair, its employers, postings and CVs; return (fair, postings by key, cvs by key, API keys by employer id)."""
    intake = urls["intake"]
    fair = post(f"{intake}/api/v1/fairs", sample["fair"], token)
    keys = {}
    for name in dict.fromkeys(p["employer"] for p in sample["postings"]):
        keys[name] = post(f"{intake}/api/v1/employers", {"name": name}, token)["api_key"]
    postings = {
        p["key"]: post(f"{intake}/api/v1/postings",
                       {k: v for k, v in p.items() if k not in ("key", "employer")} | {"fair_id": fair["id"]}, keys[p["employer"]])
        for p in sample["postings"]
    }
    cvs = {}
    as_files = file_forms(sample["cvs"])
    for c in sample["cvs"]:
        fields = {k: v for k, v in c.items() if k != "key"} | {"fair_id": fair["id"]} | consents(c)
        if c["key"] in as_files:
            cvs[c["key"]] = post_file(f"{intake}/api/v1/cvs", fields, as_files[c["key"]], token)
        else:
            cvs[c["key"]] = post(f"{intake}/api/v1/cvs", fields, token)
    by_id = {p["employer_id"]: keys[p["employer"]] for p in postings.values()}
    return fair, postings, cvs, by_id


def file_forms(sample_cvs: list[dict]) -> dict[str, tuple[str, bytes, str]]:
    """The first two English CVs as PDF files and the next two CVs as DOCX files, by key."""
    files = {}
    english = [c for c in sample_cvs if c["language_pref"] == "en"]
    for c in english[:2]:
        pdf = cv_as_pdf(c["text"])
        if pdf is not None:
            files[c["key"]] = (f"{c['key']}-cv.pdf", pdf, "application/pdf")
    rest = [c for c in sample_cvs if c["key"] not in files]
    bengali = [c for c in rest if c["language_pref"] == "bn"][:1]
    for c in (bengali + [c for c in rest if c not in bengali])[:2]:
        files[c["key"]] = (f"{c['key']}-cv.docx", cv_as_docx(c["text"], c["name"]), DOCX)
    return files


def post_file(url: str, fields: dict, file: tuple[str, bytes, str], token: str) -> dict:
    """Hand in a CV as a file; exit with the problem text on failure."""
    form = {k: v for k, v in fields.items() if k != "text" and v is not None}
    status, payload = request_form(url, form, file, token=token)
    if status != 201:
        sys.exit(f"demo: POST {url} with {file[0]} answered {status}: {json.dumps(payload, ensure_ascii=False)}")
    return payload


def settled(urls: dict, postings: dict, cvs: dict, token: str, digests_sent: bool = True) -> bool:
    """True once every document is indexed and every published match reached the notifier and, when
    ``digests_sent``, went out in a delivered digest (else: is kept for one)."""
    for kind, docs in (("postings", postings), ("cvs", cvs)):
        for doc in docs.values():
            if request_json("GET", f"{urls['matcher']}/api/v1/{kind}/{doc['id']}/matches?limit=1", token=token)[0] != 200:
                return False
    intake = request_json("GET", f"{urls['intake']}/api/v1/stats", token=token)[1]
    matcher = request_json("GET", f"{urls['matcher']}/api/v1/stats", token=token)[1]
    notifier = request_json("GET", f"{urls['notifier']}/api/v1/stats", token=token)[1]
    by_status, kept = notifier["notifications"], notifier["matches"]
    unfinished = sum(by_status.get(s, 0) for s in ("queued", "deferred", "sending")) + kept.get("waiting", 0)
    return (
        intake["outbox_backlog"] == 0
        and matcher["outbox_backlog"] == 0
        and sum(kept.values()) == matcher["matches_published"]
        and (unfinished == 0 or not digests_sent)
    )


def report(urls: dict, sample: dict, postings: dict, cvs: dict, token: str) -> None:
    """Print each posting's top matches and the notifications sent to the demo's candidates."""
    key_of = {cv["id"]: key for key, cv in cvs.items()}
    names = {c["key"]: c["name"] for c in sample["cvs"]}
    print("\nTop matches per posting")
    for key, posting in postings.items():
        print(f"\n  [{key}] {posting['title']} — {posting['employer']}")
        _, ranked = request_json("GET", f"{urls['matcher']}/api/v1/postings/{posting['id']}/matches?limit=3", token=token)
        for m in ranked["matches"]:
            cv_key = key_of.get(m["cv_id"], "?")
            skills = ", ".join(m["explanation"].get("matched_skills", [])) or "-"
            print(f"     {m['rank']}. {cv_key:<4} {names.get(cv_key, ''):<28} score {m['score']:.3f}  skills: {skills}")
    print("\nDigests (one message per candidate, best matches first)")
    sent = 0
    for key, cv in cvs.items():
        _, log = request_json("GET", f"{urls['notifier']}/api/v1/notifications?cv_id={cv['id']}", token=token)
        for n in log["notifications"]:
            carried = [next((k for k, p in postings.items() if p["id"] == m["posting_id"]), "?") for m in n["matches"]]
            parts = f"{n['parts']} part(s)" if n["parts"] else ""
            print(f"  {key:<4} {n['channel'] or '-':<5} {n['recipient'] or '-':<28} {n['status']:<9} {parts:<10} "
                  f"{', '.join(carried)}")
            sent += n["status"] == "sent"
    print(f"\n{len(postings)} postings, {len(cvs)} CVs, {sent} messages sent; their text is in the notifier's outbox directory.")


def show_samples(outbox: Path) -> None:
    """Print a Bengali SMS, an English SMS and an email from the outbox as the candidate reads them."""
    texts = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(outbox.glob("*.sms.json"))]
    for article, language, pick in (("A", "Bengali", lambda t: any("\u0980" <= ch <= "\u09ff" for ch in t)),
                                    ("An", "English", str.isascii)):
        sms = next((s for s in texts if pick(s["body"])), None)
        if sms:
            print(f"\n{article} {language} SMS ({sms['segments']} part(s), {len(sms['body'])} characters):\n  {sms['body']}")
    mail = next(iter(sorted(outbox.glob("*.eml"))), None)
    if mail:
        message = email.message_from_bytes(mail.read_bytes(), policy=email.policy.default)
        body = message.get_body(("plain",)).get_content().replace("\r\n", "\n")
        print(f"\nAn email (also as HTML; List-Unsubscribe: {message['List-Unsubscribe']}):\n  Subject: {message['Subject']}\n  "
              + body.strip().replace("\n", "\n  "))


def main() -> int:
    """Run the demo; exit 0 when everything was matched and notified."""
    sample = json.loads(SAMPLE.read_text(encoding="utf-8"))
    services = SERVICES + ("fairday",)
    urls = {s: service_url(s) for s in services}
    token = os.environ.get("JOBMATCH_ADMIN_TOKEN")
    stack = None
    if is_up(urls["intake"]):
        if not token:
            sys.exit("demo: intake is running; set JOBMATCH_ADMIN_TOKEN to its operator token")
        print(f"demo: using the running system at {urls['intake']}")
    else:
        token = token or secrets.token_urlsafe(32)
        stack = stack_from_env()
        var = Path(stack.env["JOBMATCH_VAR_DIR"]) / "demo"
        shutil.rmtree(var, ignore_errors=True)
        # A short digest window and no quiet hours, so the demo's digests go out while it waits.
        stack = stack_from_env({"JOBMATCH_VAR_DIR": str(var), "JOBMATCH_ADMIN_TOKEN": token,
                                "NOTIFIER_DIGEST_WINDOW_SECONDS": "3", "NOTIFIER_QUIET_HOURS": ""})
        print(f"demo: starting intake, matcher, notifier and fairday (state in {var})")
        for service in services:
            stack.start(service)
        stack.wait_ready(services)
        urls = {s: stack.url(s) for s in services}
    try:
        fair, postings, cvs, keys = load_fair(urls, sample, token)
        print(f"demo: loaded '{fair['name']}' ({fair['division']}): {len(postings)} postings, {len(cvs)} CVs")
        handed_in = {key: cv["source"] for key, cv in cvs.items() if cv["source"] != "typed"}
        print("demo: handed in as files: " + ", ".join(f"{key} ({source})" for key, source in handed_in.items()))
        deadline = time.monotonic() + DEADLINE_SECONDS
        own = stack is not None
        if not own:
            print("demo: digests go out after the running notifier's NOTIFIER_DIGEST_WINDOW_SECONDS; not waiting for them")
        wait_until("matching and notifications", lambda: settled(urls, postings, cvs, token, digests_sent=own), deadline)
        report(urls, sample, postings, cvs, token)
        if own:
            show_samples(Path(stack.env["JOBMATCH_VAR_DIR"]) / "outbox")
        matches = request_json("GET", f"{urls['matcher']}/api/v1/stats", token=token)[1]["matches_published"]
        funnel, offered = play_fair_day(urls["fairday"], fair, postings, cvs, keys, matches, token, time.monotonic() + DEADLINE_SECONDS)
        if own and offered:
            print_fair_day_messages(urls["notifier"], offered[0], Path(stack.env["JOBMATCH_VAR_DIR"]) / "outbox", token,
                                    time.monotonic() + DEADLINE_SECONDS)
        print_funnel(funnel)
    finally:
        if stack is not None:
            stack.stop_all()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
