"""One contract for every email adapter: FileOutbox and SmtpEmailSender against a real SMTP server.

The SMTP server is aiosmtpd, started in-process on 127.0.0.1 with a free port. SMTP-only
behaviour (envelope, refusals, TLS, authentication, URL parsing) is tested after the contract.
"""

import email
import shutil
import socket
import ssl
import subprocess
from contextlib import contextmanager
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.utils import parsedate_to_datetime

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from notifier.messages import DigestItem, compose_digest
from notifier.senders import DeliveryFailed, EmailSender, FileOutbox, SmtpEmailSender
from notifier.senders.smtp import parse_smtp_url

SENDER = "jobmatch <noreply@jobmatch.example>"
SENDER_ADDRESS = "noreply@jobmatch.example"


# --- a real SMTP server ------------------------------------------------------------------


class CollectingHandler:
    """aiosmtpd handler that keeps every accepted envelope and refuses chosen recipients."""

    def __init__(self):
        self.envelopes = []
        self.sessions = []
        self.refusals = {}  # address -> SMTP reply

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refusals:
            return self.refusals[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        self.sessions.append(session)
        return "250 Message accepted for delivery"

    def messages(self):
        return [email.message_from_bytes(e.content, policy=policy.default) for e in self.envelopes]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def smtp_server(**smtp_options):
    handler = CollectingHandler()
    controller = Controller(
        handler, hostname="127.0.0.1", port=free_port(), server_hostname="localhost", **smtp_options
    )
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


# --- the contract ----------------------------------------------------------------------


class Adapter:
    """An email adapter under test and a way to read back what it delivered."""

    def __init__(self, name, sender, received):
        self.name = name
        self.sender = sender
        self.received = received  # () -> list[EmailMessage]


@pytest.fixture(params=["file_outbox", "smtp"])
def adapter(request, tmp_path):
    if request.param == "file_outbox":
        outbox = FileOutbox(tmp_path / "outbox", SENDER)

        def read_outbox():
            return [
                email.message_from_bytes(path.read_bytes(), policy=policy.default)
                for path in sorted(outbox.directory.glob("*.eml"))
            ]

        yield Adapter("file_outbox", outbox, read_outbox)
    else:
        with smtp_server() as (handler, port):
            yield Adapter("smtp", SmtpEmailSender(f"smtp://127.0.0.1:{port}", SENDER, timeout=5), handler.messages)


def text_of(message: EmailMessage) -> str:
    """The decoded body with line ends normalised (email text is CRLF on the wire and on disk)."""
    return message.get_content().replace("\r\n", "\n")


def only(messages):
    assert len(messages) == 1, messages
    return messages[0]


def test_adapter_is_an_email_sender(adapter):
    assert isinstance(adapter.sender, EmailSender)


def test_english_message_round_trips(adapter):
    adapter.sender.send_email(
        to="rahim@example.com",
        subject="Your CV matches Accountant at BRAC",
        body="Dear Rahim,\n\nYour CV matches.\n",
        message_id="match-1-email",
    )
    message = only(adapter.received())
    assert message["To"].addresses[0].addr_spec == "rahim@example.com"
    assert message["From"].addresses[0].addr_spec == SENDER_ADDRESS
    assert message["From"].addresses[0].display_name == "jobmatch"
    assert message["Subject"] == "Your CV matches Accountant at BRAC"
    assert text_of(message) == "Dear Rahim,\n\nYour CV matches.\n"
    assert message["Message-ID"] == "<match-1-email@jobmatch>"
    assert message.get_content_type() == "text/plain"
    assert message.get_content_charset() == "utf-8"
    assert parsedate_to_datetime(message["Date"]).tzinfo is not None


def test_bengali_digest_round_trips_as_text_and_html_with_one_click_unsubscribe(adapter):
    items = [DigestItem("সফটওয়্যার ইঞ্জিনিয়ার", "গ্রামীণফোন", ("পাইথন",), stall="12", fair_name="ঢাকা চাকরি মেলা ২০২৫")]
    unsubscribe = "https://jm.example/api/v1/unsubscribe/abc.def"
    notice = compose_digest("bn", "email", "রহিম উদ্দিন", items, link="https://jm.example/l/k3mf9q2xha", unsubscribe=unsubscribe)
    adapter.sender.send_email(
        to="রহিম উদ্দিন <rahim@example.com>", subject=notice.subject, body=notice.body, message_id="match-2-email",
        html=notice.html, headers={"List-Unsubscribe": f"<{unsubscribe}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )
    message = only(adapter.received())
    recipient = message["To"].addresses[0]
    assert (recipient.display_name, recipient.addr_spec) == ("রহিম উদ্দিন", "rahim@example.com")
    assert message["Subject"] == "আপনার জন্য একটি প্রস্তাবিত চাকরি: সফটওয়্যার ইঞ্জিনিয়ার, গ্রামীণফোন"
    assert message.get_content_type() == "multipart/alternative"
    plain, html = message.get_body(("plain",)), message.get_body(("html",))
    assert plain.get_content().replace("\r\n", "\n") == notice.body
    assert "<strong>সফটওয়্যার ইঞ্জিনিয়ার</strong>" in html.get_content() and "স্টল ১২" in html.get_content()
    assert message["List-Unsubscribe"] == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Message-ID"] == "<match-2-email@jobmatch>"


@pytest.mark.parametrize("headers", [{"Bcc": "x@example.com"}, {"List-Unsubscribe": "<a>\r\nBcc: x@example.com"}])
def test_only_the_unsubscribe_headers_can_be_added_and_only_on_one_line(adapter, headers):
    with pytest.raises(ValueError, match="header"):
        adapter.sender.send_email(to="rahim@example.com", subject="s", body="b", message_id="m-1", headers=headers)
    assert adapter.received() == []


def test_long_mixed_subject_and_body_round_trip(adapter):
    subject = "আপনার সিভি মিলেছে: Senior Software Engineer, ব্যাকএন্ড " * 6
    body = ("English line with a taka sign ৳ and {braces}.\n" + "আ" * 1200 + "\n") * 3
    adapter.sender.send_email(to="rahim@example.com", subject=subject, body=body, message_id="long.1")
    message = only(adapter.received())
    assert message["Subject"] == subject
    assert text_of(message) == body


def test_wire_format_is_seven_bit_with_crlf(adapter):
    adapter.sender.send_email(
        to="rahim@example.com", subject="সুখবর", body="আপনার সিভি মিলেছে।\n", message_id="seven-bit"
    )
    message = only(adapter.received())
    raw = message.as_bytes(policy=policy.SMTP)
    raw.decode("ascii")  # every byte 7-bit
    assert message["Content-Transfer-Encoding"] in ("base64", "quoted-printable")


def test_same_message_id_gives_the_same_message_id_header(adapter):
    for attempt in range(2):
        adapter.sender.send_email(
            to="rahim@example.com", subject="Retry", body=f"attempt {attempt}\n", message_id="match-3-email"
        )
    received = adapter.received()
    assert received  # the outbox keeps one file per message_id, SMTP delivers both
    assert {message["Message-ID"] for message in received} == {"<match-3-email@jobmatch>"}


def test_distinct_message_ids_give_distinct_messages(adapter):
    for number in range(3):
        adapter.sender.send_email(
            to=f"candidate{number}@example.com", subject=f"Notice {number}", body="Hello\n", message_id=f"m-{number}"
        )
    received = sorted(adapter.received(), key=lambda message: message["Message-ID"])
    assert [message["Message-ID"] for message in received] == ["<m-0@jobmatch>", "<m-1@jobmatch>", "<m-2@jobmatch>"]
    assert [message["To"].addresses[0].addr_spec for message in received] == [
        f"candidate{number}@example.com" for number in range(3)
    ]


def test_messages_carry_the_same_headers(adapter):
    adapter.sender.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id="headers")
    message = only(adapter.received())
    assert set(message.keys()) == {
        "From",
        "To",
        "Subject",
        "Date",
        "Message-ID",
        "Content-Type",
        "Content-Transfer-Encoding",
        "MIME-Version",
    }


@pytest.mark.parametrize(
    "to", ["not an address", "", "a@example.com, b@example.com", "rahim@", "রহিম@example.com"]
)
def test_bad_recipient_is_a_value_error_and_nothing_is_sent(adapter, to):
    with pytest.raises(ValueError, match="To address"):
        adapter.sender.send_email(to=to, subject="Hi", body="Hello\n", message_id="bad-to")
    assert adapter.received() == []


@pytest.mark.parametrize("message_id", ["", "../x", "<m@x>", "with space"])
def test_bad_message_id_is_a_value_error_and_nothing_is_sent(adapter, message_id):
    with pytest.raises(ValueError, match="message_id"):
        adapter.sender.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id=message_id)
    assert adapter.received() == []


def test_header_injection_through_subject_is_refused(adapter):
    with pytest.raises(ValueError, match="subject"):
        adapter.sender.send_email(
            to="rahim@example.com", subject="Hi\nBcc: victim@example.com", body="Hello\n", message_id="inject"
        )
    assert adapter.received() == []


# --- SMTP only -------------------------------------------------------------------------


def test_smtp_envelope_matches_headers():
    with smtp_server() as (handler, port):
        sender = SmtpEmailSender(f"smtp://127.0.0.1:{port}", SENDER)
        sender.send_email(to="Rahim <rahim@example.com>", subject="Hi", body="Hello\n", message_id="env")
        envelope = only(handler.envelopes)
    assert envelope.mail_from == SENDER_ADDRESS
    assert envelope.rcpt_tos == ["rahim@example.com"]


@pytest.mark.parametrize(
    "reply, permanent",
    [
        ("550 5.1.1 No such mailbox", True),
        ("450 4.2.0 Mailbox busy", False),
        ("550 5.1.1 <Nobody@Example.com>: Recipient address rejected", True),
    ],
)
def test_smtp_refused_recipient_raises_delivery_failed_without_the_address(reply, permanent):
    with smtp_server() as (handler, port):
        handler.refusals["nobody@example.com"] = reply
        sender = SmtpEmailSender(f"smtp://127.0.0.1:{port}", SENDER)
        with pytest.raises(DeliveryFailed, match="refused the recipient") as caught:
            sender.send_email(to="Nobody <nobody@example.com>", subject="Hi", body="Hello\n", message_id="refused")
        assert handler.envelopes == []
    assert caught.value.permanent is permanent
    assert reply.split(" ", 1)[0] in str(caught.value)
    assert "nobody@example.com" not in str(caught.value).lower()
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


def test_smtp_server_not_listening_raises_delivery_failed():
    sender = SmtpEmailSender(f"smtp://127.0.0.1:{free_port()}", SENDER, timeout=2)
    with pytest.raises(DeliveryFailed, match="could not connect") as caught:
        sender.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id="down")
    assert caught.value.permanent is False
    assert isinstance(caught.value.__cause__, OSError)


def test_smtp_starttls_required_but_not_offered_fails_without_logging_in():
    attempts = []

    def record_login(server, session, envelope, mechanism, auth_data):
        attempts.append(mechanism)
        return AuthResult(success=True)

    with smtp_server(auth_require_tls=False, authenticator=record_login) as (handler, port):
        sender = SmtpEmailSender(f"smtp://jobmatch:secret@127.0.0.1:{port}?starttls=true", SENDER)
        with pytest.raises(DeliveryFailed, match="does not offer STARTTLS") as caught:
            sender.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id="no-tls")
        assert handler.envelopes == []
    assert attempts == [], "the password was offered over clear text"
    assert caught.value.permanent is True


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1: (server context, client context trusting it)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is needed to make a test certificate")
    directory = tmp_path_factory.mktemp("tls")
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


def accept_only(user, password):
    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data == (user.encode(), password.encode())
        return AuthResult(success=ok, handled=False)  # let aiosmtpd answer 535 on failure

    return authenticator


def test_smtp_starttls_with_login(certificate):
    server_tls, client_tls = certificate
    with smtp_server(
        tls_context=server_tls,
        require_starttls=True,
        auth_required=True,
        authenticator=accept_only("jobmatch", "p@ss:w/rd"),
    ) as (handler, port):
        url = f"smtp://jobmatch:p%40ss%3Aw%2Frd@127.0.0.1:{port}?starttls=true"
        sender = SmtpEmailSender(url, SENDER, ssl_context=client_tls)
        sender.send_email(to="rahim@example.com", subject="সুখবর", body="আপনার সিভি মিলেছে।\n", message_id="tls-1")
        session = only(handler.sessions)
        message = only(handler.messages())
    assert session.ssl is not None
    assert session.authenticated is True
    assert message["Subject"] == "সুখবর"
    assert text_of(message) == "আপনার সিভি মিলেছে।\n"


def test_smtp_wrong_password_raises_permanent_delivery_failed(certificate):
    server_tls, client_tls = certificate
    with smtp_server(
        tls_context=server_tls, require_starttls=True, auth_required=True, authenticator=accept_only("jobmatch", "right")
    ) as (handler, port):
        sender = SmtpEmailSender(f"smtp://jobmatch:wrong@127.0.0.1:{port}?starttls=true", SENDER, ssl_context=client_tls)
        with pytest.raises(DeliveryFailed, match="535") as caught:
            sender.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id="bad-login")
        assert handler.envelopes == []
    assert caught.value.permanent is True
    assert "wrong" not in str(caught.value)


def test_smtp_untrusted_certificate_raises_delivery_failed(certificate):
    server_tls, _ = certificate
    with smtp_server(tls_context=server_tls, require_starttls=True) as (handler, port):
        sender = SmtpEmailSender(f"smtp://127.0.0.1:{port}?starttls=true", SENDER)  # default trust store
        with pytest.raises(DeliveryFailed) as caught:
            sender.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id="untrusted")
        assert handler.envelopes == []
    assert isinstance(caught.value.__cause__, ssl.SSLError)


def test_smtps_implicit_tls(certificate):
    server_tls, client_tls = certificate
    with smtp_server(ssl_context=server_tls) as (handler, port):
        sender = SmtpEmailSender(f"smtps://127.0.0.1:{port}", SENDER, ssl_context=client_tls)
        sender.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id="smtps-1")
        message = only(handler.messages())
    assert message["Message-ID"] == "<smtps-1@jobmatch>"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("smtp://127.0.0.1:1025", ("127.0.0.1", 1025, False, False, None, "")),
        ("smtp://mail.example.com", ("mail.example.com", 25, False, False, None, "")),
        ("smtp://user:pass@host:587?starttls=true", ("host", 587, False, True, "user", "pass")),
        ("SMTP://u%40x.bd:p%3Aw@Host:587?starttls=1", ("host", 587, False, True, "u@x.bd", "p:w")),
        ("smtps://host:465", ("host", 465, True, False, None, "")),
        ("smtps://host", ("host", 465, True, False, None, "")),
        ("smtp://[::1]:2525/", ("::1", 2525, False, False, None, "")),
        ("smtp://host?starttls=false", ("host", 25, False, False, None, "")),
    ],
)
def test_smtp_url_parsing(url, expected):
    settings = parse_smtp_url(url)
    assert (
        settings.host,
        settings.port,
        settings.implicit_tls,
        settings.starttls,
        settings.username,
        settings.password,
    ) == expected


@pytest.mark.parametrize(
    "url, fragment",
    [
        ("http://host", "scheme"),
        ("host:25", "scheme"),
        ("smtp://", "no host"),
        ("smtp://host:99999", "port"),
        ("smtp://host:abc", "port"),
        ("smtp://host/path", "path"),
        ("smtps://host?starttls=true", "smtps"),
        ("smtp://host?starttls=maybe", "starttls"),
        ("smtp://host?starttls", "starttls"),
        ("smtp://host?tls=true", "unknown"),
        ("smtp://:secret@host", "no user name"),
        ("smtp://user:p%C3%B6ss@host", "ASCII"),
        ("smtp://user:secret@host:587", "clear text"),
        ("smtp://user@host:25?starttls=false", "clear text"),
    ],
)
def test_bad_smtp_url_is_a_value_error(url, fragment):
    with pytest.raises(ValueError, match=fragment):
        SmtpEmailSender(url, SENDER)


def test_smtp_password_stays_out_of_repr_and_errors():
    sender = SmtpEmailSender("smtp://user:hunter2@host:587?starttls=true", SENDER)
    assert "hunter2" not in repr(sender)
    assert "hunter2" not in repr(sender.settings)
    with pytest.raises(ValueError) as caught:
        SmtpEmailSender("smtp://user:hunter2@host:notaport", SENDER)
    assert "hunter2" not in str(caught.value)


def test_date_header_uses_now(adapter):
    before = datetime.now().astimezone()
    adapter.sender.send_email(to="rahim@example.com", subject="Hi", body="Hello\n", message_id="dated")
    sent = parsedate_to_datetime(only(adapter.received())["Date"])
    assert abs((sent - before).total_seconds()) < 60
