"""Art. 22, 34 (issue 13 item 1): the public forms' proof of work — a signed ALTCHA challenge whose counter must be
found by trying, checked without redoing the work, single-answer (the nonce), expiring."""
import base64
import json
import time

import altcha
import pytest

from reviewapp.domain.challenge import (
    ALGORITHM,
    MAX_AGE_SECONDS,
    MSG_EXPIRED,
    MSG_INVALID,
    MSG_MISSING,
    MSG_WRONG,
    check_solution,
    key_secret,
    make_challenge,
)

KEY = "test-hmac-key"


def made(max_number=20, cost=1, now=None):
    return make_challenge(KEY, max_number, cost, now=now)


def payload_of(challenge, counter=None, derived_key=None) -> str:
    parsed = altcha.Challenge.from_dict(challenge.data)
    if counter is None:
        solution = altcha.solve_challenge(parsed, timeout=30)
    else:
        solution = altcha.Solution(counter=counter, derived_key=derived_key or "00" * 32)
    return altcha.Payload(parsed, solution).to_base64()


def test_art22_the_solved_challenge_passes_and_names_its_nonce():
    challenge = made()
    check = check_solution(KEY, payload_of(challenge))
    assert check.ok and check.nonce == challenge.nonce and len(challenge.nonce) == 32


def test_art22_the_counter_is_drawn_from_the_upper_half_below_max_number():
    """The work is never trivially small: the browser tries every counter up to the drawn one."""
    counters = {altcha.solve_challenge(altcha.Challenge.from_dict(made(max_number=40).data)).counter
                for _ in range(30)}
    assert all(20 <= c < 40 for c in counters) and len(counters) > 5


def test_art22_the_challenge_is_signed_protocol_v2_and_carries_no_answer():
    challenge = made()
    parameters = challenge.data["parameters"]
    assert parameters["algorithm"] == ALGORITHM == "PBKDF2/SHA-256" and challenge.data["signature"]
    assert len(parameters["keyPrefix"]) == 32  # the full prefix of one counter's key: no lucky early match
    assert "counter" not in json.dumps(challenge.data)
    assert parameters["keySignature"] and parameters["expiresAt"] <= time.time() + MAX_AGE_SECONDS + 1
    assert json.loads(challenge.json) == challenge.data


def test_art22_a_missing_answer_asks_for_the_check():
    for payload in (None, "", "   "):
        assert check_solution(KEY, payload).message == MSG_MISSING


def test_art22_a_wrong_counter_is_refused_but_names_the_genuine_nonce():
    """The caller uses up a genuine challenge on a wrong answer: one answer per challenge."""
    challenge = made()
    check = check_solution(KEY, payload_of(challenge, counter=1, derived_key="ab" * 32))
    assert not check.ok and check.message == MSG_WRONG and check.nonce == challenge.nonce


def test_art22_a_challenge_expires():
    old = made(now=time.time() - MAX_AGE_SECONDS - 5)
    check = check_solution(KEY, payload_of(old))
    assert not check.ok and check.message == MSG_EXPIRED and check.params == {"minutes": 30}
    assert check.nonce is None  # nothing to record: it cannot come back


def test_art22_a_challenge_of_another_key_or_unsigned_is_refused():
    challenge = made()
    assert check_solution("another-key", payload_of(challenge)).message == MSG_INVALID
    unsigned = altcha.create_challenge(ALGORITHM, 1, counter=2)
    solved = altcha.Payload(unsigned, altcha.solve_challenge(unsigned)).to_base64()
    assert check_solution(KEY, solved).message == MSG_INVALID


def test_art22_the_widget_test_mode_payload_is_refused():
    """The widget's `test` option sends {"challenge": null, ...} without doing any work."""
    payload = base64.b64encode(json.dumps({"challenge": None, "solution": None, "test": True}).encode()).decode()
    assert check_solution(KEY, payload).message == MSG_INVALID


@pytest.mark.parametrize("payload", ["not base64!", "bm90IGpzb24=", base64.b64encode(b"[1, 2]").decode(),
                                     base64.b64encode(b'{"challenge": {"parameters": []}, "solution": 1}').decode(),
                                     base64.b64encode(b"\xff\xfe").decode(), "x" * 100_000])
def test_art22_garbage_is_refused_without_an_error(payload):
    check = check_solution(KEY, payload)
    assert not check.ok and check.message == MSG_INVALID and check.nonce is None


def test_art22_tampered_parameters_break_the_signature():
    challenge = made()
    data = json.loads(base64.b64decode(payload_of(challenge)))
    data["challenge"]["parameters"]["expiresAt"] += 3600
    tampered = base64.b64encode(json.dumps(data).encode()).decode()
    check = check_solution(KEY, tampered)
    assert check.message == MSG_INVALID and check.nonce is None


def test_art22_the_key_signature_has_its_own_key():
    assert key_secret(KEY) != KEY and key_secret(KEY) == key_secret(KEY) and key_secret("other") != key_secret(KEY)
