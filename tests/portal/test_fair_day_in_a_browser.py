"""A small fair day in a real browser (headless Chromium, Bengali): 3 employers marked present and 20 candidates checked in at
the gate page (the last by the scan button), two stalls calling and interviewing, one offer, a candidate two stalls want called
by one of them only, the operator's funnel page right after every step, the candidates' SMS (one "visit these stalls" each,
the calls, the offer) and the offered candidate's appointment letter opened from their page.

Screenshots of the gate, a stall's queue and the funnel go to ``var/screenshots/`` (copies in ``docs/screenshots/``).
"""

from __future__ import annotations

import json
import re

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from notifier import tables as notifier_tables

from tests.integration.service_builders import ADMIN_TOKEN, OPERATOR, bearer
from tests.portal.browsing import browser, fill, shot, site  # noqa: F401  (fixtures)
from tests.portal.fair_day_world import make_fair_day
from tests.system_packages import require_noto_fonts
from tests.waiting import wait_for

KINDS = ["call"] * 7 + ["both"] * 3 + ["data"] * 4 + ["design"] * 4 + ["cook"] * 2
STAGES = ("registered", "checked_in", "queued", "interviewed", "shortlisted", "offered", "hired", "jobs_created")
# A fake BarcodeDetector that reads the code off any camera frame, so the scan button's own script is what is tested.
FAKE_DETECTOR = """window.BarcodeDetector = class {
  constructor(options) { this.formats = options.formats; }
  async detect(video) { return video.videoWidth > 0 ? [{rawValue: "%s", format: "qr_code"}] : []; }
};"""


def _counts(site, world) -> dict:
    """The numbers on the operator's funnel page, as the page states them."""
    page = requests.get(f"{site.url}/organiser/fairs/{world.fair['id']}/fair-day?lang=en", headers=OPERATOR, timeout=30)
    assert page.status_code == 200
    return {stage: int(count) for stage, count in re.findall(r'class="number[^"]*" data-stage="([a-z_]+)" data-count="(\d+)"', page.text)}


def _expect(site, world, **counts) -> None:
    assert _counts(site, world) == dict(dict.fromkeys(STAGES, 0), **counts)


def _sign_in(browser, site, token: str) -> None:
    browser.delete_all_cookies()
    browser.get(f"{site.url}/signin")
    fill(browser, "token", token)
    browser.find_element(By.ID, "token").send_keys(Keys.ENTER)
    WebDriverWait(browser, 15).until(lambda b: "/signin" not in b.current_url and b.execute_script("return document.readyState") == "complete")


def _until(browser, css: str, text: str, timeout: float = 15) -> str:
    """Wait for an element ``css`` whose text holds ``text`` (on the page the last action opened); returns its text."""
    def found():
        shown = [e.text for e in browser.find_elements(By.CSS_SELECTOR, css)]
        return next((t for t in shown if text in t), None)
    return WebDriverWait(browser, timeout, ignored_exceptions=(Exception,)).until(lambda b: found())


def _click(browser, css: str) -> None:
    """Click ``css`` on the current page (the stall page may refresh itself in between: look it up again)."""
    WebDriverWait(browser, 15, ignored_exceptions=(Exception,)).until(lambda b: b.find_element(By.CSS_SELECTOR, css).click() or True)


def _row(world, reference: str) -> str:
    return f'tr[data-reference="{reference}"]'


def _interview(browser, reference: str, rating: str, outcome: str, note: str) -> None:
    _click(browser, "#called-now .called-entry a.button")
    _until(browser, "h1", reference)
    browser.find_element(By.CSS_SELECTOR, f"label[for=rating-{rating}]").click()
    Select(browser.find_element(By.ID, "outcome")).select_by_value(outcome)
    fill(browser, "note", note)
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda b: "done=interviewed" in b.current_url)


def test_a_small_fair_day_from_the_gate_to_an_offer_with_the_funnel_right_at_every_step(stack, site, browser):
    world = make_fair_day(stack, KINDS)
    fair = world.fair["id"]
    _expect(site, world, registered=20)

    _sign_in(browser, site, world.volunteer)
    assert browser.current_url.endswith(f"/fairs/{fair}/gate")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "bn"
    for name, employer in world.employers.items():
        row = f'tr[data-employer="{employer["id"]}"]'
        stall = browser.find_element(By.CSS_SELECTOR, f"{row} input[name=stall]")
        stall.clear()
        stall.send_keys(employer["stall"])
        browser.find_element(By.CSS_SELECTOR, f"{row} button").click()
        _until(browser, "#present-notice", name)
    assert len(browser.find_elements(By.CSS_SELECTOR, ".stall-list .tag.ok")) == 3

    for i, cv in enumerate(world.cvs[:19]):
        typed = cv["code"].lower().replace("-", " ") if i % 2 else cv["code"]
        fill(browser, "code", typed)
        browser.find_element(By.ID, "code").send_keys(Keys.ENTER)
        result = _until(browser, "#checkin-result", cv["code"])
        assert "চেক-ইন হয়েছে" in result and cv["district"] in result and cv["name"] not in browser.page_source
        if i == 0:
            assert "স্টল ১২: Bhairab Contact — Call centre agent" in result
            shot(browser, "gate-bn")
    _expect(site, world, registered=20, checked_in=19, queued=18)  # the 19th is a cook: no stall wants them
    has_detector = browser.execute_script("return 'BarcodeDetector' in window")
    assert browser.find_element(By.ID, "scan").is_displayed() == has_detector  # typing is the way without one

    last = world.cvs[19]
    script = browser.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": FAKE_DETECTOR % last["code"]})
    browser.get(f"{site.url}/fairs/{fair}/gate")
    _click(browser, "#scan")
    assert "চেক-ইন হয়েছে" in _until(browser, "#checkin-result", last["code"])
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", {"identifier": script["identifier"]})
    _expect(site, world, registered=20, checked_in=20, queued=18)

    bhairab, rupsha = world.employers["Bhairab Contact"], world.employers["Rupsha Data"]
    wanted = [cv for cv in world.cvs if cv["kind"] == "both"]  # in both stalls' queues
    x, elsewhere = wanted[0], wanted[1]
    _sign_in(browser, site, bhairab["key"])
    browser.get(f"{site.url}/fairs/{fair}/stall")
    assert browser.current_url.endswith(f"/fairs/{fair}/stalls/{bhairab['id']}")
    assert len(browser.find_elements(By.CSS_SELECTOR, "table.queue tbody tr")) == 10
    # Rupsha Data calls another of them from its own stall; this page shows it within a refresh or two, untouched.
    called = world.api("fairday", "POST", f"/api/v1/fairs/{fair}/stalls/{rupsha['id']}/calls", json={"cv_id": elsewhere["id"]},
                       headers=bearer(rupsha["key"]))
    assert called.status_code == 201
    WebDriverWait(browser, 20, ignored_exceptions=(Exception,)).until(
        lambda b: b.find_element(By.CSS_SELECTOR, _row(world, elsewhere["code"])).get_attribute("data-status") == "busy_elsewhere")
    _click(browser, f"{_row(world, x['code'])} button.call-this")
    _until(browser, "#stall-notice", x["code"])
    assert x["code"] in browser.find_element(By.ID, "called-now").text
    _expect(site, world, registered=20, checked_in=20, queued=18)

    _sign_in(browser, site, rupsha["key"])
    browser.get(f"{site.url}/fairs/{fair}/stalls/{rupsha['id']}")
    _click(browser, f"{_row(world, x['code'])} button.call-this")
    busy = _until(browser, "#stall-notice", "অন্য স্টল ডেকেছে")
    assert "error" in browser.find_element(By.ID, "stall-notice").get_attribute("class") and busy
    assert browser.find_element(By.CSS_SELECTOR, _row(world, x["code"])).get_attribute("data-status") == "busy_elsewhere"
    shot(browser, "stall-bn", 800)
    _click(browser, "#call-next")
    _until(browser, "#stall-notice", "ডাকা হয়েছে")
    entries = browser.find_elements(By.CSS_SELECTOR, "#called-now .called-entry")
    y = next(e.find_element(By.CSS_SELECTOR, ".reference").text for e in entries if elsewhere["code"] not in e.text)
    assert next(cv for cv in world.cvs if cv["code"] == y)["kind"] == "data"  # the best data-entry match waiting
    no_show = next(e for e in entries if elsewhere["code"] in e.text)
    no_show.find_element(By.CSS_SELECTOR, "button").click()
    _until(browser, "#stall-notice", "আসেননি হিসেবে চিহ্নিত")
    _interview(browser, y, "3", "shortlisted", "দ্রুত টাইপ করেন; এক্সেল জানেন।")
    _expect(site, world, registered=20, checked_in=20, queued=18, interviewed=1, shortlisted=1)

    _sign_in(browser, site, bhairab["key"])
    browser.get(f"{site.url}/fairs/{fair}/stalls/{bhairab['id']}")
    _interview(browser, x["code"], "4", "offer", "Clear Bangla and English, calm with angry callers.")
    assert browser.find_element(By.CSS_SELECTOR, _row(world, x["code"])).get_attribute("data-status") == "interviewed"
    _expect(site, world, registered=20, checked_in=20, queued=18, interviewed=2, shortlisted=2, offered=1, jobs_created=1)

    _sign_in(browser, site, ADMIN_TOKEN)
    browser.set_window_size(1280, 900)
    browser.get(f"{site.url}/organiser/fairs/{fair}/fair-day?by=employer")
    numbers = {e.get_attribute("data-stage"): e.find_element(By.CSS_SELECTOR, ".value").text
               for e in browser.find_elements(By.CSS_SELECTOR, ".numbers .number")}
    assert (numbers["checked_in"], numbers["queued"], numbers["offered"], numbers["jobs_created"]) == ("২০", "১৮", "১", "১")
    assert "মেলার দিনের হিসাব" in browser.find_element(By.TAG_NAME, "h1").text
    rows = {r.find_element(By.TAG_NAME, "th").text: r for r in browser.find_elements(By.CSS_SELECTOR, "table.funnel-groups tbody tr")}
    assert not browser.find_elements(By.CSS_SELECTOR, "table.funnel-groups td[data-stage=registered]")  # counted from the queue on
    assert rows["Bhairab Contact"].find_element(By.CSS_SELECTOR, "td[data-stage=offered]").get_attribute("data-count") == "1"
    assert rows["Rupsha Data"].find_element(By.CSS_SELECTOR, "td[data-stage=shortlisted]").get_attribute("data-count") == "1"
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart")) == 4
    shot(browser, "funnel-bn", 1280)
    sheet = requests.get(browser.find_element(By.ID, "funnel-csv").get_attribute("href"), timeout=30,
                         cookies={c["name"]: c["value"] for c in browser.get_cookies()})
    assert sheet.headers["Content-Type"].startswith("text/csv") and "jobs_created,1" in sheet.text

    # What the candidates were told by SMS: one "visit these stalls" each (none for the two nobody wants), the calls, one offer.
    stack.settle()
    told = _fair_day_sms(stack)
    assert all(len([b for k, b in told.get(cv["id"], []) if k == "fair_stalls"]) == (0 if cv["kind"] == "cook" else 1)
               for cv in world.cvs), told
    assert [k for k, _ in told[x["id"]]] == ["fair_stalls", "fair_call", "fair_offer"]
    offer = told[x["id"]][-1][1]
    assert "Bhairab Contact" in offer and "Call centre agent" in offer
    # The offered candidate opens their page and their appointment letter.
    require_noto_fonts()
    browser.delete_all_cookies()
    browser.get(f"{site.url}/me/{x['id']}?t={x['token']}")
    link = browser.find_element(By.CSS_SELECTOR, f'a[href$=".pdf"]').get_attribute("href")
    letter = requests.get(link, cookies={c["name"]: c["value"] for c in browser.get_cookies()}, timeout=30)
    assert letter.status_code == 200 and letter.headers["Content-Type"] == "application/pdf" and letter.content.startswith(b"%PDF")


def _fair_day_sms(stack) -> dict[str, list[tuple[str, str]]]:
    """Each candidate's sent fair-day SMS as (kind, text), oldest first."""
    n = notifier_tables.notifications
    with stack.notifier.engine.connect() as conn:
        rows = conn.execute(select(n.c.id, n.c.cv_id, n.c.kind).where(n.c.kind.like("fair_%"), n.c.status == "sent", n.c.channel == "sms")
                            .order_by(n.c.created_at)).all()
    outbox = stack.notifier.config.outbox_dir
    told: dict[str, list[tuple[str, str]]] = {}
    for row in rows:
        body = json.loads((outbox / f"{row.id}.sms.json").read_text(encoding="utf-8"))["body"]
        told.setdefault(row.cv_id, []).append((row.kind, body))
    return told
