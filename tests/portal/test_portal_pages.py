"""The portal's pages driven as a browser would (forms with their CSRF token, cookies), in Bengali and English."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

from tests.integration.service_builders import OPERATOR, bearer

FAIR = {"name": "Khulna BPO Summit", "division": "Khulna", "venue": "KUET"}
POSTING = {"title": "Graphic designer", "description": "Photo editing with Photoshop: clipping path, retouching.",
           "skills": ["Photoshop", "clipping path"]}


def _csrf(page) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def _fair(stack) -> dict:
    import requests

    return requests.post(stack.servers["intake"].url + "/api/v1/fairs", json=FAIR, headers=OPERATOR, timeout=10).json()


def _employer(stack, name="Rupsha Digital") -> str:
    import requests

    answer = requests.post(stack.servers["intake"].url + "/api/v1/employers", json={"name": name}, headers=OPERATOR, timeout=10)
    return answer.json()["api_key"]


def test_the_kiosk_speaks_the_visitors_language_and_remembers_the_switch(stack, portal):
    fair = _fair(stack)
    bengali = portal.get(f"/fairs/{fair['id']}/kiosk", headers={"Accept-Language": "bn-BD,bn;q=0.9,en;q=0.5"})
    text = bengali.get_data(as_text=True)
    assert bengali.status_code == 200 and 'lang="bn"' in text and "আপনার সিভি জমা দিন" in text and fair["name"] in text
    english = portal.get(f"/fairs/{fair['id']}/kiosk?lang=en", headers={"Accept-Language": "bn"})
    assert "Hand in your CV" in english.get_data(as_text=True)
    again = portal.get(f"/fairs/{fair['id']}/kiosk", headers={"Accept-Language": "bn"})  # the cookie wins now
    assert "Hand in your CV" in again.get_data(as_text=True)
    assert "default-src 'self'" in again.headers["Content-Security-Policy"] and again.headers["X-Frame-Options"] == "DENY"


def test_a_student_hands_in_a_cv_at_the_kiosk_then_opens_the_private_link_and_opts_out(stack, portal):
    fair = _fair(stack)
    form_page = portal.get(f"/fairs/{fair['id']}/kiosk?lang=bn")
    form = {"csrf_token": _csrf(form_page), "name": "রাকিব হাসান", "phone": "০১৭১১২৩৪৫৬৭", "email": "", "language_pref": "bn",
            "location": "খুলনা", "skills": "ফটোশপ, ক্লিপিং পাথ", "text": "আমি দুই বছর ফটোশপে ছবি সম্পাদনা করেছি।",
            "notify_by_sms": "on", "share_with_employers": "on"}
    done = portal.post(f"/fairs/{fair['id']}/kiosk", data=form)
    page = done.get_data(as_text=True)
    assert done.status_code == 200, page[:500]
    assert "ধন্যবাদ" in page and "<svg" in page and "আমরা আপনাকে একটি এসএমএস পাঠাব" in page
    link = re.search(r'id="private-link" href="([^"]+)"', page).group(1)
    path = link.replace("http://127.0.0.1:8003", "")
    assert "?t=jm_cand_" in path

    stack.settle()
    visitor = stack.app().test_client()  # the phone that scanned the QR code
    opened = visitor.get(path)
    assert opened.status_code == 302 and "t=" not in opened.headers["Location"]  # the token leaves the address bar
    mine = visitor.get(opened.headers["Location"])
    text = mine.get_data(as_text=True)
    assert mine.status_code == 200 and "রাকিব হাসান" in text and "আমার পাতা" in text
    cv_id = path.split("/")[2].split("?")[0]
    stopped = visitor.post(f"/me/{cv_id}/consents", data={"csrf_token": _csrf(mine), "opt_out": "1"})
    assert stopped.status_code == 302
    token = path.split("t=")[1]
    import requests

    cv = requests.get(stack.servers["intake"].url + f"/api/v1/cvs/{cv_id}", headers=bearer(token), timeout=10).json()
    assert cv["consents"]["notify_by_sms"]["given"] is False and cv["consents"]["share_with_employers"]["given"] is True
    assert stack.app().test_client().get(f"/me/{cv_id}").status_code == 404  # nobody else's page


def test_the_kiosk_shows_what_to_fix_next_to_each_field_in_the_page_language(stack, portal):
    fair = _fair(stack)
    form_page = portal.get(f"/fairs/{fair['id']}/kiosk?lang=bn")
    refused = portal.post(f"/fairs/{fair['id']}/kiosk", data={"csrf_token": _csrf(form_page), "name": "", "phone": "12345",
                                                             "language_pref": "bn", "text": ""})
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="name-error"' in text and "এটি পূরণ করতে হবে" in text
    assert 'id="phone-error"' in text and "বাংলাদেশি মোবাইল নম্বর দিন" in text
    assert 'id="text-error"' in text


def test_a_form_without_its_csrf_token_is_refused(stack, portal):
    fair = _fair(stack)
    refused = portal.post(f"/fairs/{fair['id']}/kiosk", data={"name": "X", "text": "Y", "language_pref": "en"})
    assert refused.status_code == 400


def test_an_employer_signs_in_posts_a_vacancy_and_reads_and_exports_its_shortlist(stack, portal):
    fair = _fair(stack)
    key = _employer(stack)
    other_key = _employer(stack, "Bhairab Contact")
    import requests

    cv = {"name": "Nusrat Jahan", "phone": "01712345678", "language_pref": "en", "fair_id": fair["id"],
          "text": "Two years of photo editing in Photoshop: clipping path and retouching.", "skills": ["Photoshop"],
          "share_with_employers": True}
    requests.post(stack.servers["intake"].url + "/api/v1/cvs", json=cv, headers=OPERATOR, timeout=10)
    signin = portal.get("/signin?lang=en")
    signed = portal.post("/signin", data={"csrf_token": _csrf(signin), "token": key})
    assert signed.status_code == 302 and signed.headers["Location"].endswith("/employer/")
    cookie = signed.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    form = portal.get("/employer/postings/new")
    created = portal.post("/employer/postings/new", data={"csrf_token": _csrf(form), "title": POSTING["title"],
                                                          "description": POSTING["description"], "skills": "Photoshop, clipping path",
                                                          "fair_id": fair["id"]})
    assert created.status_code == 302
    posting_path = created.headers["Location"]
    stack.settle()
    shortlist = portal.get(posting_path)
    text = shortlist.get_data(as_text=True)
    assert shortlist.status_code == 200 and "Nusrat Jahan" in text and "Photoshop" in text and "+8801712345678" in text
    exported = portal.get(posting_path + "/shortlist.csv")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Rank", "Score", "Name"] and rows[1][2] == "Nusrat Jahan"
    book = load_workbook(io.BytesIO(portal.get(posting_path + "/shortlist.xlsx").data))
    assert [c.value for c in book.active[3]][2] == "Nusrat Jahan"
    other = stack.app().test_client().get(posting_path, headers=bearer(other_key))
    assert other.status_code == 404


def test_a_wrong_key_does_not_sign_in(stack, portal):
    page = portal.get("/signin")
    refused = portal.post("/signin", data={"csrf_token": _csrf(page), "token": "jm_emp_" + "x" * 43})
    assert refused.status_code == 401 and "Set-Cookie" not in refused.headers or "token" not in refused.headers.get("Set-Cookie", "")


def test_a_bengali_candidate_reads_their_suggestions_with_skills_named_in_bengali(stack, portal):
    import requests

    fair = _fair(stack)
    key = _employer(stack)
    requests.post(stack.servers["intake"].url + "/api/v1/postings", headers=bearer(key), timeout=10,
                  json={**POSTING, "skills": ["Photoshop", "AutoCAD"], "fair_id": fair["id"]})
    created = requests.post(stack.servers["intake"].url + "/api/v1/cvs", timeout=10, json={
        "name": "রাকিব হাসান", "phone": "01711234567", "language_pref": "bn", "fair_id": fair["id"],
        "text": "আমি দুই বছর ফটোশপে ছবি সম্পাদনা করেছি। Photoshop, clipping path.", "skills": ["ফটোশপ"]}).json()
    stack.settle()
    visitor = stack.app().test_client()
    opened = visitor.get(f"/me/{created['id']}?t={created['candidate_token']}")
    page = visitor.get(opened.headers["Location"]).get_data(as_text=True)
    assert 'lang="bn"' in page and POSTING["title"] in page and "Rupsha Digital" in page
    assert "আপনার দক্ষতার সাথে মেলে: অ্যাডোবি ফটোশপ" in page  # the skill named in the candidate's language
    improve = page.split("সুযোগ বাড়াতে শিখুন:")[1].split("</p>")[0]  # the missing skill, as "to improve your chances"
    assert "AutoCAD" in improve or re.search("[\u0980-\u09ff]", improve)


def test_the_kiosk_takes_a_cv_file_of_a_few_megabytes_and_refuses_a_bigger_one_politely(stack, portal):
    fair = _fair(stack)
    page = portal.get(f"/fairs/{fair['id']}/kiosk?lang=en")
    padding = ("Data entry operator. " * 120_000).encode()[: 3 * 1024 * 1024]  # 3 MB of text
    form = {"csrf_token": _csrf(page), "name": "Big File", "phone": "01812345678", "language_pref": "en",
            "file": (io.BytesIO(padding), "cv.txt")}
    accepted = portal.post(f"/fairs/{fair['id']}/kiosk", data=form, content_type="multipart/form-data")
    assert accepted.status_code == 200 and "Thank you" in accepted.get_data(as_text=True)
    huge = {**form, "phone": "01912345678", "file": (io.BytesIO(b"x" * (7 * 1024 * 1024)), "cv.txt")}
    refused = portal.post(f"/fairs/{fair['id']}/kiosk", data=huge, content_type="multipart/form-data")
    assert refused.status_code == 413 and "too big" in refused.get_data(as_text=True)


def test_exported_cells_that_look_like_formulas_stay_text_in_csv_and_excel(stack, portal):
    import requests

    fair = _fair(stack)
    key = _employer(stack)
    cv = {"name": "=HYPERLINK(\"http://evil\")", "phone": "01712345678", "language_pref": "en", "fair_id": fair["id"],
          "text": "Two years of photo editing in Photoshop: clipping path.", "share_with_employers": True}
    requests.post(stack.servers["intake"].url + "/api/v1/cvs", json=cv, headers=OPERATOR, timeout=10)
    posting = requests.post(stack.servers["intake"].url + "/api/v1/postings", json={**POSTING, "fair_id": fair["id"]},
                            headers=bearer(key), timeout=10).json()
    stack.settle()
    path = f"/employer/postings/{posting['id']}/shortlist"
    rows = list(csv.reader(io.StringIO(portal.get(path + ".csv", headers=bearer(key)).data.decode("utf-8-sig"))))
    assert rows[1][2].startswith("'=HYPERLINK") and rows[1][3] == "'+8801712345678"
    book = load_workbook(io.BytesIO(portal.get(path + ".xlsx", headers=bearer(key)).data))
    name, phone = book.active.cell(row=3, column=3), book.active.cell(row=3, column=4)
    assert name.value.startswith("=HYPERLINK") and name.data_type == "s" and phone.value == "+8801712345678"


def test_the_short_link_in_a_digest_opens_the_candidates_own_page_and_an_old_one_says_so(stack, portal):
    import json

    import requests

    fair = _fair(stack)
    employer = _employer(stack)
    requests.post(stack.servers["intake"].url + "/api/v1/postings", json=dict(POSTING, fair_id=fair["id"], stall="7"),
                  headers=bearer(employer), timeout=10).raise_for_status()
    cv = requests.post(stack.servers["intake"].url + "/api/v1/cvs", headers=OPERATOR, timeout=10, json={
        "name": "Rakib Hasan", "phone": "01711234567", "language_pref": "bn", "fair_id": fair["id"], "notify_by_sms": True,
        "skills": ["Photoshop", "clipping path"], "text": "Two years of photo editing in Photoshop: clipping path, retouching."})
    assert cv.status_code == 201, cv.text
    stack.settle()
    [digest] = [p for p in stack.notifier.config.outbox_dir.glob("*.sms.json")]
    body = json.loads(digest.read_text(encoding="utf-8"))["body"]
    assert "Graphic designer" in body and "স্টল ৭" in body
    path = "/l/" + body.rsplit("/l/", 1)[1].split()[0]  # the first digest ends with the registration code

    phone = stack.app().test_client()
    opened = phone.get(path)
    assert opened.status_code == 302 and opened.headers["Location"].endswith(f"/me/{cv.json()['id']}")
    page = phone.get(opened.headers["Location"]).get_data(as_text=True)
    assert "Rakib Hasan" in page and "Graphic designer" in page and "প্রস্তাবিত চাকরি" in page
    expired = stack.app().test_client().get("/l/abcdefghjk?lang=bn")
    assert expired.status_code == 404 and "লিংকটির মেয়াদ শেষ" in expired.get_data(as_text=True)


def test_the_private_page_shows_the_registration_code_and_a_qr_code_that_reads_back_as_it(stack, portal):
    import requests

    from tests.portal.qr_pictures import decode_inline_svg

    fair = _fair(stack)
    created = requests.post(stack.servers["intake"].url + "/api/v1/cvs", timeout=10, json={
        "fair_id": fair["id"], "name": "সাদিয়া ইসলাম", "phone": "01911234567", "language_pref": "bn",
        "text": "ফটোশপে ছবি সম্পাদনা করেছি।", "skills": ["ফটোশপ"]}).json()
    visitor = stack.app().test_client()
    page = visitor.get(visitor.get(f"/me/{created['id']}?t={created['candidate_token']}").headers["Location"])
    text = page.get_data(as_text=True)
    code = created["registration_code"]
    assert page.status_code == 200 and "আমার নিবন্ধন কোড" in text and f"<strong>{code}</strong>" in text
    svg = re.search(r'<figure class="qr">(<svg.*?</svg>)', text, re.S).group(1)
    assert decode_inline_svg(svg) == [code]
