"""Issue 13, item 5: the second factor's codes (RFC 6238) and recovery codes."""
from datetime import UTC, datetime, timedelta

import pyotp

from reviewapp.domain import totp

NOW = datetime(2026, 11, 26, 9, 0, 10, tzinfo=UTC)
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def test_the_current_code_is_accepted_and_returns_its_step():
    check = totp.check_code(SECRET, pyotp.TOTP(SECRET).at(NOW), NOW, None)
    assert check.ok and check.step == totp.time_step(NOW)


def test_a_code_of_the_neighbouring_steps_is_accepted_but_not_older():
    assert totp.check_code(SECRET, totp.code_at(SECRET, NOW - timedelta(seconds=30)), NOW, None).ok
    assert totp.check_code(SECRET, totp.code_at(SECRET, NOW + timedelta(seconds=30)), NOW, None).ok
    assert totp.check_code(SECRET, totp.code_at(SECRET, NOW - timedelta(seconds=90)), NOW, None).reason == "wrong"


def test_a_code_cannot_be_replayed_within_its_window():
    code = totp.code_at(SECRET, NOW)
    first = totp.check_code(SECRET, code, NOW, None)
    again = totp.check_code(SECRET, code, NOW + timedelta(seconds=5), first.step)
    assert again.reason == "replayed" and not again.ok
    earlier = totp.code_at(SECRET, NOW - timedelta(seconds=30))
    assert totp.check_code(SECRET, earlier, NOW, first.step).reason == "replayed"


def test_spaces_are_ignored_and_other_input_is_refused_as_format():
    code = totp.code_at(SECRET, NOW)
    assert totp.check_code(SECRET, f" {code[:3]} {code[3:]} ", NOW, None).ok
    for bad in ("", "12345", "1234567", "abcdef", "١٢٣٤٥٦"):
        assert totp.check_code(SECRET, bad, NOW, None).reason == "format"


def test_the_provisioning_uri_names_the_issuer_and_the_user():
    uri = totp.provisioning_uri(SECRET, "office")
    assert uri.startswith("otpauth://totp/") and "secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" in uri and "office" in uri


def test_ten_distinct_recovery_codes_of_fifty_bits():
    codes = totp.new_recovery_codes()
    assert len(codes) == 10 == len(set(codes))
    assert all(len(code) == 11 and code[5] == "-" and totp.looks_like_recovery_code(code) for code in codes)


def test_recovery_codes_are_hashed_ignoring_case_spaces_and_dashes():
    code = totp.new_recovery_codes(1)[0]
    assert totp.recovery_code_hash(code) == totp.recovery_code_hash(code.upper().replace("-", " "))
    assert code not in totp.recovery_code_hash(code)
    assert not totp.looks_like_recovery_code("123456")
