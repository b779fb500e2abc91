"""The QR code on a candidate's page holds the registration code alone, and only a code that can be one."""

from portal.registration_qr import registration_qr
from tests.portal.qr_pictures import decode_inline_svg


def test_the_qr_code_reads_back_as_the_code():
    assert decode_inline_svg(str(registration_qr("K7M-4XRP"))) == ["K7M-4XRP"]


def test_no_qr_code_without_a_valid_code():
    assert registration_qr(None) is None
    assert registration_qr("") is None
    assert registration_qr("<script>") is None
