"""The app's password hashing: argon2id at the cost its configuration names (PASSWORD_HASH_TIME_COST,
_MEMORY_COST, _PARALLELISM; unset in production, which means argon2's own defaults; cheap in the tests)."""
from flask import Flask, current_app

from reviewapp.domain.passwords import PasswordHashing


def init_app(app: Flask) -> None:
    app.extensions["password_hashing"] = PasswordHashing(
        time_cost=app.config.get("PASSWORD_HASH_TIME_COST"),
        memory_cost=app.config.get("PASSWORD_HASH_MEMORY_COST"),
        parallelism=app.config.get("PASSWORD_HASH_PARALLELISM"))


def password_hashing() -> PasswordHashing:
    return current_app.extensions["password_hashing"]
