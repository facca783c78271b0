from reviewapp.domain.passwords import PasswordHashing, password_problems, verify_password

CHEAP = PasswordHashing(time_cost=1, memory_cost=8, parallelism=1)  # as TestingConfig's
hash_password = CHEAP.hash


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
    assert not CHEAP.needs_rehash(hash_password("secret-password"))


def test_a_hash_of_another_cost_needs_a_rehash():
    dearer = PasswordHashing(time_cost=2, memory_cost=16, parallelism=1)
    assert CHEAP.needs_rehash(dearer.hash("secret-password"))
    assert verify_password(dearer.hash("secret-password"), "secret-password")  # the hash carries its cost


def test_policy_minimum_length():
    assert password_problems("short", "alice", 10) == ["too_short"]
    assert password_problems("long-enough-1", "alice", 10) == []


def test_policy_password_must_not_be_the_username_in_any_case():
    assert password_problems("AliceAlice99", "alicealice99", 10) == ["equals_username"]
    assert set(password_problems("bob", "bob", 10)) == {"too_short", "equals_username"}


def test_dummy_hash_is_made_once_with_the_real_parameters():
    assert CHEAP.dummy_hash() == CHEAP.dummy_hash()
    assert CHEAP.dummy_hash().split("$")[1:4] == hash_password("x").split("$")[1:4]  # argon2id, version, cost


def test_issue13_common_and_patterned_passwords_are_refused():
    """Issue 13, item 5: the old policy accepted all of these."""
    assert password_problems("1111111111", "alice", 10) == ["weak_repeat"]
    assert password_problems("aaaaaaaaaa", "alice", 10) == ["weak_repeat"]
    assert password_problems("password12", "alice", 10) == ["weak_common"]
    assert password_problems("abcdefghijk", "alice", 10) == ["weak_sequence"]
    assert password_problems("qwertyuiop", "alice", 10) == ["weak_common"]


def test_issue13_names_of_the_user_and_of_the_system_make_a_password_weak():
    assert password_problems("benxi123456", "alice", 10) == ["weak_personal"]
    assert password_problems("wangxiaoming1", "alice", 10, ["wangxiaoming"]) == ["weak_personal"]


def test_issue13_the_current_password_is_refused_again():
    current = hash_password("correct-horse-battery")
    assert password_problems("correct-horse-battery", "alice", 10, current_hash=current) == ["same_as_current"]
    assert password_problems("purple-monkey-dishwasher", "alice", 10, current_hash=current) == []


def test_a_passphrase_of_unrelated_words_is_accepted():
    assert password_problems("correct-horse-battery", "alice", 10) == []
    assert password_problems("x" * 40 + "purple-monkey-dishwasher-" * 3, "alice", 10) == []  # > 72 characters
