"""Password hashing (argon2id) and the password policy."""
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

# zxcvbn's score 3 means "safely unguessable": more than 10^8 guesses. With login throttling an online attacker
# gets a few thousand guesses a day at most, and argon2id makes an offline attack on a stolen hash slow, so 3 is
# ample; 4 (10^10) would refuse many passphrases people can remember. Below 3 are the common passwords, keyboard
# walks, repeats and sequences (1111111111, aaaaaaaaaa, password12, qwertyuiop, 1234567890).
MIN_SCORE = 3
# Words that make a password guessable for this system in particular, besides the user's own names.
APP_WORDS = ("benxi", "reviewapp", "quality", "award", "zhiliang", "zhiliangjiang", "shizhang", "mayor")
# zxcvbn refuses to look at more than 72 characters; a longer password is judged by its first 72.
ZXCVBN_MAX_LENGTH = 72


class PasswordHashing:
    """argon2id at a chosen cost. Any cost not given is argon2's own default (RFC 9106's low-memory profile):
    production's. The factory builds one per app from PASSWORD_HASH_TIME_COST / _MEMORY_COST / _PARALLELISM; the
    tests choose the smallest cost, which hashes a hundred times faster."""

    def __init__(self, time_cost: int | None = None, memory_cost: int | None = None,
                 parallelism: int | None = None):
        given = {"time_cost": time_cost, "memory_cost": memory_cost, "parallelism": parallelism}
        self._hasher = PasswordHasher(**{name: value for name, value in given.items() if value is not None})
        self._dummy_hash: str | None = None

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether a hash was made at another cost than this one's: a login then stores a new hash."""
        return self._hasher.check_needs_rehash(password_hash)

    def dummy_hash(self) -> str:
        """A hash of a random password, made once with the same parameters as real ones. Verifying against it for
        an unknown user name takes as long as for a real account: the answer's timing does not tell which names
        exist (issue 13, item 5)."""
        if self._dummy_hash is None:
            self._dummy_hash = self._hasher.hash(secrets.token_urlsafe(16))
        return self._dummy_hash


def verify_password(password_hash: str, password: str) -> bool:
    """Whether `password` is the one hashed; the hash carries its own cost, whatever the current one is."""
    try:
        return _VERIFIER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


_VERIFIER = PasswordHasher()  # verify() reads the algorithm and the cost from the hash, not from the hasher


def _weakness(result: dict) -> str:
    """The first reason zxcvbn found the password guessable, as a message key."""
    kinds = {
        "repeat": "weak_repeat", "sequence": "weak_sequence", "spatial": "weak_keyboard",
        "date": "weak_date", "regex": "weak_date",
    }
    for match in result["sequence"]:
        if match["pattern"] == "dictionary" and match.get("dictionary_name") == "user_inputs":
            return "weak_personal"
        if match["pattern"] == "dictionary" and match.get("dictionary_name") == "passwords":
            return "weak_common"
        if match["pattern"] in kinds:
            return kinds[match["pattern"]]
    return "weak"


def password_problems(password: str, username: str, min_length: int, user_inputs=(),
                      current_hash: str | None = None) -> list[str]:
    """Why a new password is refused, as message keys; empty when it is acceptable (issue 13, item 5).

    Refused: shorter than `min_length`; the user name; guessable by zxcvbn's estimate (score below MIN_SCORE,
    judged with the user name, `user_inputs` such as the display name, and this system's own words); the password
    the account has now (`current_hash`, checked with argon2)."""
    problems = []
    if len(password) < min_length:
        problems.append("too_short")
    if password.strip().casefold() == username.strip().casefold():
        problems.append("equals_username")
    if not problems:
        words = [username, *user_inputs, *APP_WORDS]
        from zxcvbn import zxcvbn  # here, not at the top: its dictionaries cost a tenth of the app's start-up

        result = zxcvbn(password[:ZXCVBN_MAX_LENGTH], user_inputs=[w for w in words if w])
        if result["score"] < MIN_SCORE:
            problems.append(_weakness(result))
    if current_hash and not problems and verify_password(current_hash, password):
        problems.append("same_as_current")
    return problems
