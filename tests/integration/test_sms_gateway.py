"""HttpSmsGateway over real HTTP against the stand-in gateway (deploy/sms_gateway_standin.py), both presets."""

import logging
import socket

import pytest
import requests

from deploy.sms_gateway_standin import start_standin
from notifier.senders import DeliveryFailed, SmsSender
from notifier.senders.sms_gateway import HttpSmsGateway
from notifier.senders.sms_presets import SmsGatewaySettings

TOKEN = "tok-7Qx9-SECRET-a1b2c3d4"
PHONE = "+8801712345678"
MSISDN = "8801712345678"
ENGLISH = "Your CV matches Accountant at BRAC. Reply STOP to opt out."
BENGALI = "আপনার সিভি ৩টি পদের সাথে মিলেছে"
BRAND = "JOBMATCH"
SENDER_NUMBER = "8809617612345"

# preset name, URL path on the stand-in, extra variables
PRESETS = {
    "json_token": ("json_token", "/json/send", {"NOTIFIER_SMS_SENDER_ID": BRAND, "NOTIFIER_SMS_MASKING": "true"}),
    "form_key": ("form_key", "/form/send", {"NOTIFIER_SMS_SENDER_ID": SENDER_NUMBER}),
    "form_key_get": (
        "form_key", "/form/send",
        {"NOTIFIER_SMS_SENDER_ID": SENDER_NUMBER, "NOTIFIER_SMS_METHOD": "GET", "NOTIFIER_SMS_BODY": "query"},
    ),
}


@pytest.fixture
def standin():
    server, base_url = start_standin(TOKEN)
    server.base_url = base_url
    yield server
    server.stop()


def make_gateway(base_url, variant="json_token", path=None, **variables):
    preset, preset_path, extra = PRESETS[variant]
    environ = {
        "NOTIFIER_SMS_GATEWAY_URL": base_url + (path or preset_path),
        "NOTIFIER_SMS_PRESET": preset,
        "NOTIFIER_SMS_API_TOKEN": TOKEN,
        **extra,
        **{f"NOTIFIER_SMS_{name.upper()}": value for name, value in variables.items()},
    }
    return HttpSmsGateway(SmsGatewaySettings.from_env(environ))


def control(standin, **settings):
    requests.post(standin.base_url + "/_control", json=settings, timeout=5).raise_for_status()


@pytest.mark.parametrize("variant", PRESETS)
@pytest.mark.parametrize("text", [ENGLISH, BENGALI], ids=["english", "bengali"])
def test_each_preset_delivers_the_text_intact_to_the_msisdn(standin, variant, text):
    gateway = make_gateway(standin.base_url, variant)
    assert isinstance(gateway, SmsSender)

    gateway_id = gateway.send_sms(to=PHONE, body=text, message_id="n-1")

    [message] = standin.messages
    assert message["text"] == text
    assert message["to"] == MSISDN
    assert message["sender_id"] == PRESETS[variant][2]["NOTIFIER_SMS_SENDER_ID"]
    assert gateway_id == message["reference"]


def test_json_token_sends_our_message_id_as_csms_id(standin):
    make_gateway(standin.base_url).send_sms(to=PHONE, body=ENGLISH, message_id="3f2b8c1e-notice-77")
    assert standin.messages[0]["message_id"] == "3f2b8c1e-notice-77"


@pytest.mark.parametrize("to", ["+৮৮০১৭১২৩৪৫৬৭৮", "01712-345678", "8801712345678"])
def test_numbers_in_bengali_digits_or_local_form_reach_the_gateway_as_msisdn(standin, to):
    make_gateway(standin.base_url).send_sms(to=to, body=BENGALI, message_id="n-digits")
    assert standin.messages[0]["to"] == MSISDN


@pytest.mark.parametrize("to", ["+14155550123", "+8802223344556", "01712", "phone me", ""])
def test_a_number_that_is_no_bangladeshi_mobile_fails_permanently_without_a_request(standin, to):
    with pytest.raises(DeliveryFailed) as caught:
        make_gateway(standin.base_url).send_sms(to=to, body=ENGLISH, message_id="n-bad")
    assert caught.value.permanent is True
    assert standin.requests_seen == 0


def test_a_repeated_csms_id_counts_as_accepted_and_is_delivered_once(standin):
    gateway = make_gateway(standin.base_url)
    assert gateway.resend_is_safe is True
    first = gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-dup")

    again = gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-dup")

    assert first is not None and again is None
    assert len(standin.messages) == 1
    assert standin.requests_seen == 2


def test_without_the_duplicate_rule_a_repeated_csms_id_is_a_refusal(standin):
    gateway = make_gateway(standin.base_url, duplicate="")
    gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-dup")
    with pytest.raises(DeliveryFailed, match="Duplicate"):
        gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-dup")


def test_form_key_gateways_do_not_deduplicate_so_a_resend_is_not_safe(standin):
    gateway = make_gateway(standin.base_url, "form_key")
    gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-1")
    gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-1")
    assert gateway.resend_is_safe is False
    assert len(standin.messages) == 2


@pytest.mark.parametrize("variant", PRESETS)
@pytest.mark.parametrize("status", [503, 500, 429, 408])
def test_unavailable_or_throttled_gateway_fails_transiently_then_recovers(standin, variant, status):
    gateway = make_gateway(standin.base_url, variant)
    control(standin, fail_next=2, fail_status=status)

    for _ in range(2):
        with pytest.raises(DeliveryFailed, match=f"HTTP {status}") as caught:
            gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-retry")
        assert caught.value.permanent is False

    assert gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-retry") is not None
    assert len(standin.messages) == 1


@pytest.mark.parametrize("variant", PRESETS)
def test_a_number_the_gateway_calls_invalid_fails_permanently(standin, variant):
    control(standin, invalid_numbers=[MSISDN])
    with pytest.raises(DeliveryFailed, match="(?i)invalid") as caught:
        make_gateway(standin.base_url, variant).send_sms(to=PHONE, body=ENGLISH, message_id="n-inv")
    assert caught.value.permanent is True
    assert "8801*****678" in str(caught.value)
    assert standin.messages == []


@pytest.mark.parametrize("variant", PRESETS)
def test_a_sender_id_the_gateway_refuses_fails_permanently(standin, variant):
    control(standin, sender_ids=["SOMEONEELSE"])
    with pytest.raises(DeliveryFailed) as caught:
        make_gateway(standin.base_url, variant).send_sms(to=PHONE, body=ENGLISH, message_id="n-sid")
    assert caught.value.permanent is True


@pytest.mark.parametrize("variant", PRESETS)
def test_insufficient_balance_fails_transiently(standin, variant):
    control(standin, balance=0)
    with pytest.raises(DeliveryFailed, match="(?i)balance") as caught:
        make_gateway(standin.base_url, variant).send_sms(to=PHONE, body=ENGLISH, message_id="n-bal")
    assert caught.value.permanent is False


@pytest.mark.parametrize("variant", PRESETS)
def test_a_wrong_token_fails_permanently_without_showing_either_token(standin, variant):
    gateway = make_gateway(standin.base_url, variant, api_token="wrong-token-XYZ")
    with pytest.raises(DeliveryFailed, match="HTTP 401") as caught:
        gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-401")
    assert caught.value.permanent is True
    assert "wrong-token-XYZ" not in str(caught.value) and TOKEN not in str(caught.value)


def test_another_client_error_fails_permanently(standin):
    with pytest.raises(DeliveryFailed, match="HTTP 404") as caught:
        make_gateway(standin.base_url, path="/no/such/api").send_sms(to=PHONE, body=ENGLISH, message_id="n-404")
    assert caught.value.permanent is True


def test_an_answer_that_is_not_json_fails_transiently(standin):
    control(standin, garble_next=1)
    with pytest.raises(DeliveryFailed, match="no JSON") as caught:
        make_gateway(standin.base_url).send_sms(to=PHONE, body=ENGLISH, message_id="n-html")
    assert caught.value.permanent is False


def test_a_timeout_fails_transiently_and_the_resend_is_taken_as_a_duplicate(standin):
    gateway = make_gateway(standin.base_url, timeout="1")
    control(standin, stall_next=1)

    with pytest.raises(DeliveryFailed, match="did not answer within 1 s") as caught:
        gateway.send_sms(to=PHONE, body=BENGALI, message_id="n-slow")
    assert caught.value.permanent is False

    # The stand-in had accepted the SMS before stalling: the resend is refused as a duplicate,
    # which the gateway takes as accepted, and the candidate gets one SMS.
    assert gateway.resend_is_safe
    assert gateway.send_sms(to=PHONE, body=BENGALI, message_id="n-slow") is None
    assert len(standin.messages) == 1


def test_a_gateway_that_does_not_listen_fails_transiently():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    gateway = make_gateway(f"http://127.0.0.1:{port}", "form_key_get")
    with pytest.raises(DeliveryFailed, match="could not reach") as caught:
        gateway.send_sms(to=PHONE, body=ENGLISH, message_id="n-down")
    assert caught.value.permanent is False
    assert TOKEN not in str(caught.value) and MSISDN not in str(caught.value)


def test_custom_gateway_with_a_bearer_header(standin):
    """A custom JSON gateway: here the stand-in's json API, its token moved into a header the stand-in ignores."""
    gateway = make_gateway(
        standin.base_url, preset="custom", auth_header="X-Trace: Bearer {token}",
        fields='{"api_token": "{token}", "sid": "{sender_id}", "msisdn": "{to}", "sms": "{text}", "csms_id": "jm-{message_id}"}',
        success="status=SUCCESS", message_id_path="smsinfo.0.csms_id",
    )
    assert gateway.send_sms(to=PHONE, body=BENGALI, message_id="n-9") == "jm-n-9"
    assert standin.messages[0]["message_id"] == "jm-n-9"
    assert gateway.resend_is_safe is False


def test_secrets_and_numbers_stay_out_of_logs_reprs_and_errors(standin, caplog):
    caplog.set_level(logging.DEBUG)
    texts = []
    for variant in PRESETS:
        gateway = make_gateway(standin.base_url, variant, timeout="1")
        texts += [repr(gateway), repr(gateway.settings), str(gateway.settings)]
        gateway.send_sms(to=PHONE, body=ENGLISH, message_id=f"ok-{variant}")
        for setup in ({"fail_next": 1}, {"garble_next": 1}, {"stall_next": 1}, {"invalid_numbers": [MSISDN]}):
            control(standin, **setup)
            with pytest.raises(DeliveryFailed) as caught:
                gateway.send_sms(to=PHONE, body=ENGLISH, message_id=f"bad-{variant}")
            texts += [str(caught.value), repr(caught.value)]
        control(standin, invalid_numbers=[])

    urllib3_lines = [r.getMessage() for r in caplog.records if r.name.startswith("urllib3")]
    assert any("/form/send" in line for line in urllib3_lines), "urllib3 debug logging was not captured"
    everything = "\n".join(texts + [caplog.text] + [r.getMessage() for r in caplog.records])
    assert TOKEN not in everything
    assert MSISDN not in everything and "1712345678" not in everything
    assert any('"GET /form/send?*** HTTP/1.1"' in line for line in urllib3_lines)
