"""A local stand-in for a Bangladeshi HTTP SMS gateway, speaking both notifier presets.

``python -m deploy.sms_gateway_standin --port 8025`` runs it; tests call ``start_standin()``.

- ``POST /json/send`` (preset ``json_token``): JSON ``{api_token, sid, msisdn, sms, csms_id}``;
  accepted: ``{"status": "SUCCESS", "status_code": 200, "smsinfo": [{..., "reference_id"}]}``;
  a csms_id seen before: ``{"status": "FAILED", "error_message": "Duplicate csms_id ..."}``.
- ``POST /form/send`` as a form or ``GET /form/send?...`` (preset ``form_key``): ``api_key, type=text,
  senderid, number, message``; accepted: ``{"response_code": 202, "message_id": N, ...}``.
- A wrong token: HTTP 401. A number that is not ``8801[3-9]`` + 8 digits: HTTP 200 with the
  gateway's "invalid number" error (``FAILED``/``Invalid MSISDN``, or ``response_code`` 1001).
- ``POST /_control`` with ``{"fail_next": N, "fail_status": 503}`` fails the next N sends with that
  status; ``{"stall_next": N}`` accepts and records the next N sends but answers only after
  ``stall_seconds`` (default 30) or at shutdown, so a client times out; ``{"garble_next": N}``
  answers the next N sends with HTML; ``{"balance": N}`` lets N more SMS through, then answers
  "insufficient balance" (``null``: unlimited); ``{"sender_ids": [...]}`` refuses other sender ids;
  ``{"invalid_numbers": [...]}`` answers those numbers too with "invalid number" (as for a number
  no operator knows). ``GET /_messages`` lists the accepted SMS.

The error codes and texts are the stand-in's own, shaped like the real gateways' answers. The
control endpoint has no credential: bind the stand-in to loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

DEFAULT_TOKEN = "standin-token"
_MSISDN = re.compile(r"8801[3-9][0-9]{8}")
_MAX_BODY_BYTES = 100_000


class StandinGateway(ThreadingHTTPServer):
    """The stand-in server: accepted SMS in ``messages``, behaviour switched through ``control``."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], token: str = DEFAULT_TOKEN, journal: Path | None = None) -> None:
        super().__init__(address, _Handler)
        self.token = token
        self.journal = journal
        self.messages: list[dict] = []
        self.requests_seen = 0
        self.stall_seconds = 30.0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._seen_csms_ids: set[str] = set()
        self._pending = {"fail_next": 0, "stall_next": 0, "garble_next": 0}
        self._fail_status = 503
        self._next_reference = 1000
        self.balance: int | None = None
        self.sender_ids: set[str] | None = None
        self.invalid_numbers: set[str] = set()

    def control(self, *, fail_next: int = 0, fail_status: int = 503, stall_next: int = 0, garble_next: int = 0,
                stall_seconds: float | None = None, **limits) -> None:
        """Make the next sends fail with ``fail_status``, stall or answer garbage; set balance, sender ids, bad numbers."""
        unknown = set(limits) - {"balance", "sender_ids", "invalid_numbers"}
        if unknown:
            raise TypeError(f"unknown control settings {sorted(unknown)}")
        with self._lock:
            self._pending.update(fail_next=fail_next, stall_next=stall_next, garble_next=garble_next)
            self._fail_status = fail_status
            if stall_seconds is not None:
                self.stall_seconds = stall_seconds
            if "balance" in limits:
                self.balance = limits["balance"]
            if "sender_ids" in limits:
                self.sender_ids = set(limits["sender_ids"]) if limits["sender_ids"] is not None else None
            if "invalid_numbers" in limits:
                self.invalid_numbers = set(limits["invalid_numbers"])

    def refusal(self, to: str, sender_id: str) -> str | None:
        """Why the gateway refuses this SMS ("number", "sender", "balance"), or None."""
        with self._lock:
            if not _MSISDN.fullmatch(to) or to in self.invalid_numbers:
                return "number"
            if self.sender_ids is not None and sender_id not in self.sender_ids:
                return "sender"
            if self.balance is not None and self.balance <= 0:
                return "balance"
        return None

    def take_mishap(self) -> str | None:
        """Count one send and return the mishap it gets ("fail_next", "stall_next", "garble_next") if any."""
        with self._lock:
            self.requests_seen += 1
            for mishap, left in self._pending.items():
                if left:
                    self._pending[mishap] = left - 1
                    return mishap
        return None

    @property
    def fail_status(self) -> int:
        return self._fail_status

    def accept(self, *, preset: str, to: str, text: str, sender_id: str, message_id: str | None) -> str | None:
        """Record one SMS and return its reference; None when its message id was accepted before."""
        with self._lock:
            if message_id is not None and message_id in self._seen_csms_ids:
                return None
            if message_id is not None:
                self._seen_csms_ids.add(message_id)
            self._next_reference += 1
            if self.balance is not None:
                self.balance -= 1
            record = {"preset": preset, "to": to, "text": text, "sender_id": sender_id,
                      "message_id": message_id, "reference": str(self._next_reference)}
            self.messages.append(record)
            if self.journal is not None:
                _append_line(self.journal, record)
        return record["reference"]

    def stop(self) -> None:
        """Release stalled answers, stop serving and close the socket."""
        self.stopping.set()
        self.shutdown()
        self.server_close()


def _append_line(path: Path, record: dict) -> None:
    """Append one JSON line to the journal, a 0600 file (it holds phone numbers)."""
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600), "a", encoding="utf-8") as handle:
        handle.write(json.dumps(record, ensure_ascii=False) + "\n")


class _Handler(BaseHTTPRequestHandler):
    """One request to the stand-in."""

    server: StandinGateway
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:
        """Stay quiet: request lines carry keys and phone numbers."""

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        if path == "/_messages":
            self._reply(200, {"messages": self.server.messages})
        elif path == "/form/send":
            self._send("form_key", {k: v[-1] for k, v in parse_qs(urlsplit(self.path).query).items()})
        else:
            self._reply(404, {"error_message": "not found"})

    def do_POST(self) -> None:
        path = urlsplit(self.path).path
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY_BYTES:
            self._reply(413, {"error_message": "request too large"})
            return
        raw = self.rfile.read(length)
        if path == "/_control":
            try:
                self.server.control(**json.loads(raw or b"{}"))
            except (TypeError, ValueError) as exc:
                self._reply(400, {"error_message": str(exc)})
            else:
                self._reply(200, {"ok": True})
        elif path == "/json/send":
            try:
                fields = json.loads(raw.decode("utf-8"))
            except ValueError:
                fields = None
            self._send("json_token", fields if isinstance(fields, dict) else {})
        elif path == "/form/send":
            form = parse_qs(raw.decode("utf-8", "replace"), keep_blank_values=True)
            form.update(parse_qs(urlsplit(self.path).query))
            self._send("form_key", {k: v[-1] for k, v in form.items()})
        else:
            self._reply(404, {"error_message": "not found"})

    def _send(self, preset: str, fields: dict) -> None:
        """Apply a pending mishap, then check and accept (or refuse) the SMS."""
        mishap = self.server.take_mishap()
        if mishap == "fail_next":
            self._reply(self.server.fail_status, {"error_message": "Service Unavailable"})
            return
        if mishap == "garble_next":
            self._reply_bytes(200, b"<html><body>Gateway maintenance</body></html>", "text/html")
            return
        status, answer = (_json_token if preset == "json_token" else _form_key)(self.server, fields)
        if mishap == "stall_next":
            self.server.stopping.wait(self.server.stall_seconds)
        self._reply(status, answer)

    def _reply(self, status: int, answer: dict) -> None:
        self._reply_bytes(status, json.dumps(answer, ensure_ascii=False).encode("utf-8"), "application/json")

    def _reply_bytes(self, status: int, body: bytes, content_type: str) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", f"{content_type}; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except OSError:
            pass  # the client gave up (a stalled answer after its timeout)


_JSON_TOKEN_REFUSALS = {
    "number": {"status_code": 4022, "error_message": "Invalid MSISDN"},
    "sender": {"status_code": 4016, "error_message": "Invalid SID"},
    "balance": {"status_code": 4030, "error_message": "Insufficient balance"},
}
_FORM_KEY_REFUSALS = {
    "number": {"response_code": 1001, "error_message": "Invalid Number"},
    "sender": {"response_code": 1002, "error_message": "Sender Id not correct or disabled"},
    "balance": {"response_code": 1007, "error_message": "Balance Insufficient"},
}


def _json_token(server: StandinGateway, fields: dict) -> tuple[int, dict]:
    """Answer a json_token send the way an SSL-Wireless-style gateway does."""
    if fields.get("api_token") != server.token:
        return 401, {"status": "FAILED", "status_code": 4001, "error_message": "Unauthorized"}
    missing = [name for name in ("sid", "msisdn", "sms", "csms_id") if not fields.get(name)]
    if missing:
        return 200, {"status": "FAILED", "status_code": 4000, "error_message": f"Missing {', '.join(missing)}"}
    refusal = server.refusal(str(fields["msisdn"]), str(fields["sid"]))
    if refusal is not None:
        return 200, {"status": "FAILED", **_JSON_TOKEN_REFUSALS[refusal]}
    reference = server.accept(preset="json_token", to=fields["msisdn"], text=fields["sms"],
                              sender_id=fields["sid"], message_id=str(fields["csms_id"]))
    if reference is None:
        return 200, {"status": "FAILED", "status_code": 4025,
                     "error_message": f"Duplicate csms_id {fields['csms_id']}"}
    return 200, {
        "status": "SUCCESS", "status_code": 200, "error_message": "",
        "smsinfo": [{"sms_status": "SUCCESS", "status_message": "Success", "msisdn": fields["msisdn"],
                     "sms_type": "EN" if str(fields["sms"]).isascii() else "BN",
                     "sms_body": fields["sms"], "csms_id": fields["csms_id"], "reference_id": reference}],
    }


def _form_key(server: StandinGateway, fields: dict) -> tuple[int, dict]:
    """Answer a form_key send the way a BulkSMSBD-style gateway does."""
    if fields.get("api_key") != server.token:
        return 401, {"response_code": 1011, "error_message": "Invalid API key"}
    if fields.get("type") != "text" or not all(fields.get(name) for name in ("senderid", "number", "message")):
        return 200, {"response_code": 1003, "error_message": "Please Required all fields"}
    refusal = server.refusal(fields["number"], fields["senderid"])
    if refusal is not None:
        return 200, _FORM_KEY_REFUSALS[refusal]
    reference = server.accept(preset="form_key", to=fields["number"], text=fields["message"],
                              sender_id=fields["senderid"], message_id=None)
    return 200, {"response_code": 202, "message_id": int(reference),
                 "success_message": "SMS Submitted Successfully", "error_message": ""}


def start_standin(token: str = DEFAULT_TOKEN, *, host: str = "127.0.0.1", port: int = 0,
                  journal: Path | None = None) -> tuple[StandinGateway, str]:
    """Start the stand-in in a daemon thread; return the server (``.messages``, ``.stop()``) and its base URL."""
    server = StandinGateway((host, port), token, journal)
    threading.Thread(target=server.serve_forever, args=(0.05,), name="sms-gateway-standin", daemon=True).start()
    return server, f"http://{host}:{server.server_address[1]}"


def main(argv: list[str] | None = None) -> int:
    """Run the stand-in until Ctrl-C."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--token", default=os.environ.get("SMS_STANDIN_TOKEN", DEFAULT_TOKEN),
                        help="the API token/key it accepts (default: $SMS_STANDIN_TOKEN or standin-token)")
    parser.add_argument("--journal", type=Path, help="append each accepted SMS as a JSON line to this file")
    args = parser.parse_args(argv)
    server = StandinGateway((args.host, args.port), args.token, args.journal)
    base = f"http://{args.host}:{server.server_address[1]}"
    print(f"SMS gateway stand-in on {base}: json_token at {base}/json/send, form_key at {base}/form/send", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
