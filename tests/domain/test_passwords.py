from reviewapp.domain.passwords import hash_password, needs_rehash, password_problems, verify_password


def test_hash_is_argon2id_and_salted():
    first, second = hash_password("secret-password"), hash_password("secret-password")
    assert first.startswith("$argon2id$")
    assert first != second


def test_verify_accepts_the_right_password_only():
    stored = hash_password("secret-password")
    assert verify_password(stored, "secret-password")
    assert not verify_password(stored, "secret-passwore")
    assert not verify_password(stored, "")


def test_verify_rejects_a_malformed_hash_instead_of_raising():
    assert not verify_password("not-a-hash", "anything")


def test_fresh_hash_needs_no_rehash():
    assert not needs_rehash(hash_password("secret-password"))


def test_policy_minimum_length():
    assert password_problems("short", "alice", 10) == ["too_short"]
    assert password_problems("long-enough-1", "alice", 10) == []


def test_policy_password_must_not_be_the_username_in_any_case():
    assert password_problems("AliceAlice99", "alicealice99", 10) == ["equals_username"]
    assert set(password_problems("bob", "bob", 10)) == {"too_short", "equals_username"}
