"""Art. 22, 34: the public forms' arithmetic challenge — signed, never carrying its answer, single-use, expiring."""
import random

from itsdangerous import URLSafeSerializer

from reviewapp.domain.challenge import (MAX_AGE_SECONDS, MSG_EXPIRED, MSG_INVALID, MSG_WRONG, SALT, answer_of,
                                        check_challenge, make_challenge)

SECRET = "test-secret"
NOW = 1_800_000_000.0


def challenge(seed=1):
    return make_challenge(SECRET, now=NOW, rng=random.Random(seed))


def test_art22_the_right_answer_passes_and_names_the_token_nonce():
    c = challenge()
    check = check_challenge(SECRET, c.token, answer_of(c.left, c.operator, c.right), now=NOW + 60)
    assert check.ok and check.nonce


def test_art22_questions_stay_small_and_never_negative():
    for seed in range(300):
        c = challenge(seed)
        assert 0 <= answer_of(c.left, c.operator, c.right) <= 28
        assert c.question == f"{c.left} {c.operator} {c.right}"


def test_art22_a_wrong_answer_is_refused():
    c = challenge()
    check = check_challenge(SECRET, c.token, answer_of(c.left, c.operator, c.right) + 1, now=NOW)
    assert not check.ok and check.message == MSG_WRONG


def test_art22_a_missing_answer_is_refused():
    c = challenge()
    assert check_challenge(SECRET, c.token, None, now=NOW).message == MSG_WRONG


def test_art22_the_token_does_not_carry_the_answer():
    for seed in range(50):
        c = challenge(seed)
        _, payload = URLSafeSerializer("", salt=SALT).loads_unsafe(c.token)  # what anyone can read of it
        assert set(payload) == {"n", "t", "h"}
        assert answer_of(c.left, c.operator, c.right) not in payload.values()
        assert str(answer_of(c.left, c.operator, c.right)) != payload["h"]


def test_art22_a_challenge_expires_after_30_minutes():
    c = challenge()
    answer = answer_of(c.left, c.operator, c.right)
    assert check_challenge(SECRET, c.token, answer, now=NOW + MAX_AGE_SECONDS).ok
    late = check_challenge(SECRET, c.token, answer, now=NOW + MAX_AGE_SECONDS + 1)
    assert not late.ok and late.message == MSG_EXPIRED and late.params == {"minutes": 30}


def test_art22_a_forged_or_foreign_token_is_refused():
    c = challenge()
    answer = answer_of(c.left, c.operator, c.right)
    assert check_challenge("another-secret", c.token, answer, now=NOW).message == MSG_INVALID
    assert check_challenge(SECRET, c.token[:-2] + "xx", answer, now=NOW).message == MSG_INVALID
    assert check_challenge(SECRET, "", answer, now=NOW).message == MSG_INVALID
