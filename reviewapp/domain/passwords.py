"""Password hashing (argon2id) and the password policy."""
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str, username: str, min_length: int) -> list[str]:
    """Why a new password is refused, as message keys; empty when it is acceptable."""
    problems = []
    if len(password) < min_length:
        problems.append("too_short")
    if password.strip().casefold() == username.strip().casefold():
        problems.append("equals_username")
    return problems
