"""The pages in a real browser (headless Chromium): a student at the kiosk, an employer at a stall, the organiser.

Screenshots go to ``var/screenshots/`` (the README shows copies from ``docs/screenshots/``).
"""

from __future__ import annotations

import re

import requests
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from tests.integration.service_builders import ADMIN_TOKEN, OPERATOR
from tests.portal.browsing import arrive as _arrive, browser, fill as _fill, shot as _shot, site  # noqa: F401  (fixtures)


def _api(stack, service: str, method: str, path: str, **kwargs):
    return requests.request(method, stack.servers[service].url + path, timeout=10, **kwargs)


def test_a_student_at_the_kiosk_in_bengali_then_on_their_phone(stack, site, browser):
    fair = _api(stack, "intake", "POST", "/api/v1/fairs", json={"name": "খুলনা বিপিও সামিট", "division": "Khulna"},
                headers=OPERATOR).json()
    browser.get(f"{site.url}/fairs/{fair['id']}/kiosk")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "bn"
    assert "আপনার সিভি জমা দিন" in browser.find_element(By.TAG_NAME, "h1").text
    _fill(browser, "name", "সুমাইয়া আক্তার")
    _fill(browser, "phone", "০১৮১২৩৪৫৬৭৮")
    _fill(browser, "location", "খুলনা")
    _fill(browser, "skills", "ফটোশপ, ক্লিপিং পাথ")
    _fill(browser, "text", "আমি দুই বছর ফটোশপে ছবি সম্পাদনার কাজ করেছি। ক্লিপিং পাথ জানি।")
    browser.find_element(By.ID, "notify_by_sms").send_keys(Keys.SPACE)  # the keyboard alone works
    _shot(browser, "kiosk-bn")
    browser.find_element(By.ID, "share_with_employers").send_keys(Keys.SPACE)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]:not(.link)").send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "private-link"))
    assert "ধন্যবাদ" in browser.find_element(By.TAG_NAME, "h1").text
    assert browser.find_elements(By.CSS_SELECTOR, ".qr svg")
    link = browser.find_element(By.ID, "private-link").get_attribute("href")
    _shot(browser, "kiosk-done-bn")
    stack.settle()

    browser.delete_all_cookies()  # the student's own phone, later
    browser.get(link.replace("http://127.0.0.1:8003", site.url))
    assert "t=" not in browser.current_url
    assert "আমার পাতা" in browser.find_element(By.TAG_NAME, "h1").text
    browser.find_element(By.CSS_SELECTOR, "button[name=opt_out]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".notice"))
    assert "সংরক্ষিত" in browser.find_element(By.CSS_SELECTOR, ".notice").text
    assert not browser.find_element(By.ID, "notify_by_sms").is_selected()


def test_a_student_at_the_kiosk_in_english_uploads_a_file(stack, site, browser, tmp_path):
    fair = _api(stack, "intake", "POST", "/api/v1/fairs", json={"name": "Khulna BPO Summit", "division": "Khulna"},
                headers=OPERATOR).json()
    cv_file = tmp_path / "nusrat-cv.txt"
    cv_file.write_text("Two years as an inbound call centre agent: customer service, CRM tickets.", encoding="utf-8")
    browser.get(f"{site.url}/fairs/{fair['id']}/kiosk?lang=en")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    _fill(browser, "name", "Nusrat Jahan")
    _fill(browser, "email", "nusrat@example.com")
    browser.find_element(By.ID, "file").send_keys(str(cv_file))
    browser.find_element(By.ID, "notify_by_email").click()
    _shot(browser, "kiosk-en")
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.ID, "private-link"))
    assert "Thank you" in browser.find_element(By.TAG_NAME, "h1").text
    cv_id = browser.find_element(By.ID, "private-link").get_attribute("href").split("/me/")[1].split("?")[0]
    stored = _api(stack, "intake", "GET", f"/api/v1/cvs/{cv_id}", headers=OPERATOR).json()
    assert stored["source"] == "text" and "call centre agent" in stored["text"] and stored["channel"] == "kiosk"


def test_an_employer_posts_a_vacancy_and_reads_its_shortlist_while_another_cannot(stack, site, browser):
    fair = _api(stack, "intake", "POST", "/api/v1/fairs", json={"name": "Khulna BPO Summit", "division": "Khulna"},
                headers=OPERATOR).json()
    key = _api(stack, "intake", "POST", "/api/v1/employers", json={"name": "Rupsha Digital"}, headers=OPERATOR).json()["api_key"]
    other = _api(stack, "intake", "POST", "/api/v1/employers", json={"name": "Bhairab"}, headers=OPERATOR).json()["api_key"]
    for i, (name, text) in enumerate([("Nusrat Jahan", "Photo editing in Photoshop for three years: clipping path, retouching."),
                                      ("Rakib Hasan", "Inbound call centre agent, customer service in Bangla and English.")]):
        _api(stack, "intake", "POST", "/api/v1/cvs", headers=OPERATOR,
             json={"name": name, "phone": f"0171234567{i}", "language_pref": "en", "fair_id": fair["id"], "text": text,
                   "skills": ["Photoshop"] if i == 0 else ["customer service"], "share_with_employers": True})
    browser.set_window_size(1280, 900)
    browser.get(f"{site.url}/signin?lang=en")
    _fill(browser, "token", key)
    browser.find_element(By.ID, "token").send_keys(Keys.ENTER)
    _arrive(browser, "/employer/")
    browser.find_element(By.LINK_TEXT, "Post a vacancy").click()
    _arrive(browser, "/employer/postings/new")
    _fill(browser, "title", "Graphic designer (photo editing)")
    _fill(browser, "description", "Photo editing with Photoshop: clipping path and retouching for e-commerce clients.")
    _fill(browser, "skills", "Photoshop, clipping path")
    browser.find_element(By.CSS_SELECTOR, "form.form button[type=submit]").click()
    posting_url = _arrive(browser, "/employer/postings/", not_fragment="/new")
    stack.settle()
    browser.refresh()
    rows = browser.find_elements(By.CSS_SELECTOR, "table.shortlist tbody tr")
    assert rows and "Nusrat Jahan" in rows[0].text and "Photoshop" in rows[0].text
    _shot(browser, "shortlist-en", 1280)
    export = browser.find_element(By.LINK_TEXT, "Download CSV").get_attribute("href")
    cookies = {c["name"]: c["value"] for c in browser.get_cookies()}
    assert "Nusrat Jahan" in requests.get(export, cookies=cookies, timeout=10).content.decode("utf-8-sig")

    browser.delete_all_cookies()
    browser.get(f"{site.url}/signin?lang=en")
    _fill(browser, "token", other)
    browser.find_element(By.ID, "token").send_keys(Keys.ENTER)
    _arrive(browser, "/employer/")
    browser.get(posting_url)
    assert "Not found" in browser.find_element(By.TAG_NAME, "h1").text


def test_the_organiser_sees_the_funnel_change_after_a_new_cv(stack, site, browser):
    fair = _api(stack, "intake", "POST", "/api/v1/fairs", json={"name": "Khulna BPO Summit", "division": "Khulna"},
                headers=OPERATOR).json()
    browser.set_window_size(1280, 900)
    browser.get(f"{site.url}/signin?lang=bn")
    _fill(browser, "token", ADMIN_TOKEN)
    browser.find_element(By.ID, "token").send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(lambda b: "/signin" not in b.current_url)

    def collected() -> str:
        browser.get(f"{site.url}/organiser/fairs/{fair['id']}")
        return browser.find_elements(By.CSS_SELECTOR, ".number .value")[0].text

    before = collected()
    _api(stack, "intake", "POST", "/api/v1/cvs", headers=OPERATOR,
         json={"name": "Nusrat Jahan", "phone": "01712345670", "language_pref": "bn", "fair_id": fair["id"],
               "text": "Data entry, MS Excel, typing.", "location": "Khulna"})
    stack.settle()
    after = collected()
    assert (before, after) == ("০", "১")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    _shot(browser, "dashboard-bn", 1280)
    assert re.search("[\u0980-\u09ff]", browser.find_element(By.TAG_NAME, "h2").text)


def test_the_short_link_in_a_bengali_sms_digest_opens_the_candidates_page_on_the_phone(stack, site, browser):
    import json

    fair = _api(stack, "intake", "POST", "/api/v1/fairs", json={"name": "খুলনা বিপিও সামিট", "division": "Khulna"},
                headers=OPERATOR).json()
    key = _api(stack, "intake", "POST", "/api/v1/employers", json={"name": "রূপসা ডিজিটাল"}, headers=OPERATOR).json()["api_key"]
    _api(stack, "intake", "POST", "/api/v1/postings", headers={"Authorization": f"Bearer {key}"}, json={
        "title": "গ্রাফিক ডিজাইনার", "description": "ফটোশপে ছবি সম্পাদনা: ক্লিপিং পাথ, রিটাচিং।", "skills": ["ফটোশপ"],
        "fair_id": fair["id"], "stall": "7"}).raise_for_status()
    _api(stack, "intake", "POST", "/api/v1/cvs", headers=OPERATOR, json={
        "name": "সুমাইয়া আক্তার", "phone": "০১৮১২৩৪৫৬৭৮", "language_pref": "bn", "fair_id": fair["id"], "notify_by_sms": True,
        "skills": ["ফটোশপ"], "text": "আমি দুই বছর ফটোশপে ছবি সম্পাদনার কাজ করেছি। ক্লিপিং পাথ জানি।"}).raise_for_status()
    stack.settle()
    [sms] = [json.loads(p.read_text(encoding="utf-8")) for p in stack.notifier.config.outbox_dir.glob("*.sms.json")]
    assert "গ্রাফিক ডিজাইনার" in sms["body"] and "স্টল ৭" in sms["body"]

    browser.get(site.url + "/l/" + sms["body"].rsplit("/l/", 1)[1].split()[0])  # tapped on the phone
    _arrive(browser, "/me/", "/l/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "bn"
    page = browser.find_element(By.TAG_NAME, "body").text
    assert "আমার পাতা" in page and "গ্রাফিক ডিজাইনার" in page and "প্রস্তাবিত চাকরি" in page
    _shot(browser, "short-link-bn")

    browser.delete_all_cookies()
    browser.get(site.url + "/l/abcdefghjkmn")
    assert "লিংকটির মেয়াদ শেষ" in browser.find_element(By.TAG_NAME, "h1").text
    _shot(browser, "short-link-expired-bn")
