import json
import os

import pytest

from notifier.senders import DeliveryFailed, EmailSender, FileOutbox, SmsSender

SENDER = "jobmatch <noreply@jobmatch.example>"
BENGALI_BODY = "প্রিয় রহিম, আপনার সিভি ব্র্যাক-এর হিসাবরক্ষক পদের সাথে মিলেছে। -jobmatch"


@pytest.fixture
def outbox(tmp_path):
    return FileOutbox(tmp_path / "outbox", SENDER)


def test_outbox_is_both_an_email_and_an_sms_sender(outbox):
    assert isinstance(outbox, EmailSender)
    assert isinstance(outbox, SmsSender)


def test_creates_the_directory(tmp_path):
    directory = tmp_path / "deep" / "var" / "outbox"
    FileOutbox(directory, SENDER)
    assert directory.is_dir()


def test_recreates_a_removed_directory(tmp_path):
    directory = tmp_path / "outbox"
    outbox = FileOutbox(directory, SENDER)
    directory.rmdir()
    outbox.send_sms(to="+8801711234567", body="hello", message_id="m-1")
    assert (directory / "m-1.sms.json").is_file()


def test_sms_is_stored_as_json(outbox):
    outbox.send_sms(to="+8801711234567", body="Your CV matches Accountant at BRAC.", message_id="sms-42")
    path = outbox.directory / "sms-42.sms.json"
    assert outbox.sms_path("sms-42") == path
    assert json.loads(path.read_text(encoding="utf-8")) == {
        "to": "+8801711234567",
        "body": "Your CV matches Accountant at BRAC.",
        "segments": 1,
        "message_id": "sms-42",
    }


def test_bengali_sms_is_readable_utf8_with_ucs2_segments(outbox):
    outbox.send_sms(to="+8801711234567", body=BENGALI_BODY, message_id="sms-bn")
    raw = outbox.sms_path("sms-bn").read_bytes()
    assert BENGALI_BODY.encode("utf-8") in raw  # not \u-escaped
    record = json.loads(raw.decode("utf-8"))
    assert record["body"] == BENGALI_BODY
    assert record["segments"] == 2  # 73 UCS-2 characters


@pytest.mark.parametrize("length, segments", [(160, 1), (161, 2)])
def test_gsm7_sms_segments(outbox, length, segments):
    outbox.send_sms(to="+8801711234567", body="a" * length, message_id="long")
    assert json.loads(outbox.sms_path("long").read_text(encoding="utf-8"))["segments"] == segments


def test_repeated_message_id_replaces_the_file(outbox):
    outbox.send_sms(to="+8801711234567", body="first", message_id="dup")
    outbox.send_sms(to="+8801711234567", body="second", message_id="dup")
    assert [p.name for p in outbox.directory.iterdir()] == ["dup.sms.json"]
    assert json.loads(outbox.sms_path("dup").read_text(encoding="utf-8"))["body"] == "second"


def test_no_temporary_files_are_left(outbox):
    for number in range(5):
        outbox.send_sms(to="+8801711234567", body=f"message {number}", message_id=f"m-{number}")
    outbox.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id="e-1")
    assert sorted(p.name for p in outbox.directory.iterdir()) == [
        "e-1.eml",
        *(f"m-{number}.sms.json" for number in range(5)),
    ]


def test_file_appears_complete_in_one_rename(outbox, monkeypatch):
    seen = []
    real_replace = os.replace

    def watching_replace(source, destination):
        # Just before the rename the final name does not exist and the temp file is complete.
        seen.append((os.path.exists(destination), json.loads(open(source, encoding="utf-8").read())))
        assert os.path.basename(source).startswith(".")  # hidden from "*.sms.json" globs
        real_replace(source, destination)

    monkeypatch.setattr(os, "replace", watching_replace)
    outbox.send_sms(to="+8801711234567", body=BENGALI_BODY, message_id="atomic")
    assert seen == [(False, json.loads(outbox.sms_path("atomic").read_text(encoding="utf-8")))]


def test_failed_write_raises_delivery_failed_and_keeps_the_old_file(outbox, monkeypatch):
    outbox.send_sms(to="+8801711234567", body="old", message_id="keep")

    def failing_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(DeliveryFailed, match="No space left") as caught:
        outbox.send_sms(to="+8801711234567", body="new", message_id="keep")
    assert caught.value.permanent is False
    assert [p.name for p in outbox.directory.iterdir()] == ["keep.sms.json"]
    assert json.loads(outbox.sms_path("keep").read_text(encoding="utf-8"))["body"] == "old"


@pytest.mark.parametrize("message_id", ["", "../escape", "a/b", ".hidden", "..", "a..b", "trailing.", "x y", "x" * 201])
def test_unsafe_message_id_is_rejected_before_writing(outbox, message_id):
    with pytest.raises(ValueError, match="message_id"):
        outbox.send_sms(to="+8801711234567", body="hello", message_id=message_id)
    with pytest.raises(ValueError, match="message_id"):
        outbox.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id=message_id)
    assert list(outbox.directory.iterdir()) == []
    assert list(outbox.directory.parent.iterdir()) == [outbox.directory]


def test_bad_sender_address_is_rejected(tmp_path):
    with pytest.raises(ValueError, match="From address"):
        FileOutbox(tmp_path, "not an address")


def test_messages_and_their_directory_are_owner_only_whatever_the_umask(tmp_path):
    import stat

    previous = os.umask(0o000)
    try:
        outbox = FileOutbox(tmp_path / "var" / "outbox", SENDER)
        outbox.send_sms(to="+8801711234567", body=BENGALI_BODY, message_id="private-sms")
        outbox.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id="private-email")
    finally:
        os.umask(previous)
    modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in outbox.directory.iterdir()}
    assert modes == {"private-sms.sms.json": 0o600, "private-email.eml": 0o600}
    assert stat.S_IMODE(outbox.directory.stat().st_mode) == 0o700
