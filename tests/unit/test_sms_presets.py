"""SMS gateway settings from NOTIFIER_SMS_*: presets, overrides, and a clear error for every bad value."""

import json

import pytest

from notifier.senders.sms_presets import AnswerRule, SmsGatewaySettings, value_at
from shared.config import ConfigError

TOKEN = "tok-9f8e7d6c5b4a-SECRET"
URL = "https://sms.example.com/api/v3/send-sms"


def env(**overrides):
    base = {"NOTIFIER_SMS_GATEWAY_URL": URL, "NOTIFIER_SMS_API_TOKEN": TOKEN, "NOTIFIER_SMS_SENDER_ID": "JOBMATCH"}
    base.update({f"NOTIFIER_SMS_{name.upper()}": value for name, value in overrides.items()})
    return {name: value for name, value in base.items() if value is not None}


def test_no_gateway_url_means_no_gateway():
    assert SmsGatewaySettings.from_env({}) is None
    assert SmsGatewaySettings.from_env({"NOTIFIER_SMS_GATEWAY_URL": "", "NOTIFIER_SMS_API_TOKEN": TOKEN}) is None


def test_json_token_is_the_default_preset():
    settings = SmsGatewaySettings.from_env(env())
    assert settings.preset == "json_token"
    assert (settings.method, settings.body, settings.timeout, settings.masking) == ("POST", "json", 10, False)
    assert dict(settings.fields) == {
        "api_token": "{token}", "sid": "{sender_id}", "msisdn": "{to}", "sms": "{text}", "csms_id": "{message_id}",
    }
    assert str(settings.success) == "status=SUCCESS"
    assert settings.message_id_path == "smsinfo.0.reference_id"
    assert settings.duplicate is not None
    assert settings.resend_is_safe is True
    assert (settings.url, settings.token, settings.sender_id) == (URL, TOKEN, "JOBMATCH")


def test_form_key_preset_sends_type_text_and_reads_response_code_202():
    settings = SmsGatewaySettings.from_env(env(preset="form_key", sender_id="8809617612345"))
    assert (settings.method, settings.body) == ("POST", "form")
    assert dict(settings.fields) == {
        "api_key": "{token}", "type": "text", "senderid": "{sender_id}", "number": "{to}", "message": "{text}",
    }
    assert str(settings.success) == "response_code=202"
    assert settings.success.matches({"response_code": 202})
    assert not settings.success.matches({"response_code": 1001})
    assert settings.resend_is_safe is False
    assert {"1001", "1002"} <= settings.permanent_codes


def test_form_key_can_send_a_get_query():
    settings = SmsGatewaySettings.from_env(env(preset="form_key", sender_id="8809617612345", method="get", body="query"))
    assert (settings.method, settings.body) == ("GET", "query")


def test_custom_gateway_is_described_by_the_overrides():
    fields = {"to": "{to}", "body": "{text}", "from": "{sender_id}", "ref": "jm-{message_id}", "route": "1"}
    settings = SmsGatewaySettings.from_env(env(
        preset="custom", fields=json.dumps(fields), success="result.ok=true", message_id_path="result.ids.0",
        auth_header="Authorization: Bearer {token}", timeout="2.5", resend_is_safe="true",
    ))
    assert dict(settings.fields) == fields
    assert settings.auth_header == ("Authorization", "Bearer {token}")
    assert settings.success.matches({"result": {"ok": True}})
    assert (settings.message_id_path, settings.timeout, settings.resend_is_safe) == ("result.ids.0", 2.5, True)
    assert settings.duplicate is None


def test_masking_reads_true_and_false():
    assert SmsGatewaySettings.from_env(env(masking="true")).masking is True
    assert SmsGatewaySettings.from_env(env(masking="FALSE")).masking is False


def test_a_preset_whose_fields_drop_the_message_id_is_not_safe_to_resend():
    fields = {"api_token": "{token}", "sid": "{sender_id}", "msisdn": "{to}", "sms": "{text}"}
    assert SmsGatewaySettings.from_env(env(fields=json.dumps(fields))).resend_is_safe is False


def test_an_empty_duplicate_rule_turns_duplicates_into_refusals():
    assert SmsGatewaySettings.from_env(env(duplicate="")).duplicate is None
    rule = SmsGatewaySettings.from_env(env(duplicate="status_code=4025")).duplicate
    assert rule.matches({"status_code": 4025}) and not rule.matches({"status_code": 4026})


def test_the_token_is_not_in_the_repr():
    settings = SmsGatewaySettings.from_env(env(auth_header="X-Api-Key: {token}"))
    assert TOKEN not in repr(settings)
    assert "JOBMATCH" in repr(settings)


@pytest.mark.parametrize(
    "overrides, variable",
    [
        ({"gateway_url": "ftp://sms.example.com/send"}, "NOTIFIER_SMS_GATEWAY_URL"),
        ({"gateway_url": "sms.example.com/send"}, "NOTIFIER_SMS_GATEWAY_URL"),
        ({"gateway_url": f"https://user:{TOKEN}@sms.example.com/send"}, "NOTIFIER_SMS_GATEWAY_URL"),
        ({"gateway_url": f"https://sms.example.com/send?api_key={TOKEN}"}, "NOTIFIER_SMS_GATEWAY_URL"),
        ({"gateway_url": "https://sms.example.com:99999/send"}, "NOTIFIER_SMS_GATEWAY_URL"),
        ({"preset": "sslwireless"}, "NOTIFIER_SMS_PRESET"),
        ({"preset": "custom"}, "NOTIFIER_SMS_FIELDS"),
        ({"preset": "custom", "fields": '{"to": "{to}", "text": "{text}"}'}, "NOTIFIER_SMS_SUCCESS"),
        ({"method": "PUT"}, "NOTIFIER_SMS_METHOD"),
        ({"body": "xml"}, "NOTIFIER_SMS_BODY"),
        ({"method": "GET"}, "NOTIFIER_SMS_METHOD=GET needs NOTIFIER_SMS_BODY=query"),
        ({"fields": "not json"}, "NOTIFIER_SMS_FIELDS"),
        ({"fields": "[]"}, "NOTIFIER_SMS_FIELDS"),
        ({"fields": '{"n": "{to}", "t": "{text}", "k": 5}'}, "NOTIFIER_SMS_FIELDS"),
        ({"fields": '{"n": "{to}", "t": "{text}", "p": "{password}"}'}, "NOTIFIER_SMS_FIELDS"),
        ({"fields": '{"n": "{to}", "t": "{text.__class__}"}'}, "NOTIFIER_SMS_FIELDS"),
        ({"fields": '{"n": "{to}", "t": "{text"}'}, "NOTIFIER_SMS_FIELDS"),
        ({"fields": '{"n": "{to}", "k": "{token}"}'}, "NOTIFIER_SMS_FIELDS"),
        ({"success": "status"}, "NOTIFIER_SMS_SUCCESS"),
        ({"success": "status="}, "NOTIFIER_SMS_SUCCESS"),
        ({"success": "a..b=1"}, "NOTIFIER_SMS_SUCCESS"),
        ({"message_id_path": "smsinfo[0].id"}, "NOTIFIER_SMS_MESSAGE_ID_PATH"),
        ({"timeout": "soon"}, "NOTIFIER_SMS_TIMEOUT"),
        ({"timeout": "0"}, "NOTIFIER_SMS_TIMEOUT"),
        ({"timeout": "-3"}, "NOTIFIER_SMS_TIMEOUT"),
        ({"timeout": "nan"}, "NOTIFIER_SMS_TIMEOUT"),
        ({"timeout": "600"}, "NOTIFIER_SMS_TIMEOUT"),
        ({"masking": "maybe"}, "NOTIFIER_SMS_MASKING"),
        ({"api_token": None}, "NOTIFIER_SMS_API_TOKEN"),
        ({"sender_id": None}, "NOTIFIER_SMS_SENDER_ID"),
        ({"sender_id": "জবম্যাচ"}, "NOTIFIER_SMS_SENDER_ID"),
        ({"sender_id": "8809617612345", "masking": "true"}, "NOTIFIER_SMS_SENDER_ID"),
        ({"preset": "form_key", "sender_id": "JOBMATCH"}, "NOTIFIER_SMS_SENDER_ID"),
        ({"auth_header": "Bearer {token}"}, "NOTIFIER_SMS_AUTH_HEADER"),
        ({"auth_header": f"Authorization: Bearer {TOKEN}"}, "NOTIFIER_SMS_AUTH_HEADER"),
        ({"preset": "form_key", "sender_id": "8809617612345", "resend_is_safe": "true"}, "NOTIFIER_SMS_RESEND_IS_SAFE"),
        ({"duplicate": "error_message"}, "NOTIFIER_SMS_DUPLICATE"),
    ],
)
def test_a_bad_setting_names_its_variable_and_never_the_token(overrides, variable):
    with pytest.raises(ConfigError) as caught:
        SmsGatewaySettings.from_env(env(**overrides))
    assert variable in str(caught.value)
    assert TOKEN not in str(caught.value)


def test_answer_rules_compare_json_scalars_as_text_and_contains_ignores_case():
    assert AnswerRule.parse("response_code=202", "V").matches({"response_code": 202})
    assert AnswerRule.parse("response_code=202", "V").matches({"response_code": "202"})
    assert not AnswerRule.parse("status=SUCCESS", "V").matches({"status": "success"})
    assert AnswerRule.parse("error_message~duplicate", "V").matches({"error_message": "Duplicate csms_id x"})
    assert not AnswerRule.parse("status=SUCCESS", "V").matches({"other": "SUCCESS"})
    assert not AnswerRule.parse("status=SUCCESS", "V").matches(["SUCCESS"])


def test_value_at_follows_names_and_list_indexes():
    answer = {"smsinfo": [{"reference_id": "r-1"}, {"reference_id": "r-2"}]}
    assert value_at(answer, "smsinfo.1.reference_id") == "r-2"
    assert value_at(answer, "smsinfo.2.reference_id") is None
    assert value_at(answer, "smsinfo.x") is None
    assert value_at("not an object", "smsinfo") is None


def test_reading_an_answer_rule_stays_linear_on_a_long_run_of_spaces():
    import time

    from notifier.senders.sms_presets import AnswerRule

    started = time.perf_counter()
    rule = AnswerRule.parse("status=SUCCESS" + " " * 40_000 + "x", "NOTIFIER_SMS_SUCCESS")
    elapsed = time.perf_counter() - started
    assert rule.text.startswith("SUCCESS") and rule.text.endswith("x")
    assert elapsed < 1.0  # a quadratic pattern takes about 5 s here
