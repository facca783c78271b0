"""Helpers of the second factor's tests (issue 13, item 5), shared with the fuzzing's world."""
import re
from datetime import timedelta

import pyotp

from reviewapp.models.base import utcnow

SECRET_IN_PAGE = re.compile(r'id="totp-secret">([A-Z2-7 ]+)<')
RECOVERY_CODE_IN_PAGE = re.compile(r">([a-z2-9]{5}-[a-z2-9]{5})<")


def secret_in(page: str) -> str | None:
    """The key the enrolment page shows (in groups of four), as an authenticator app reads it."""
    found = SECRET_IN_PAGE.search(page)
    return found.group(1).replace(" ", "") if found else None


def next_code(secret: str) -> str:
    """The code of the next time step: the current one was used up by the enrolment (no replay)."""
    return pyotp.TOTP(secret).at(utcnow() + timedelta(seconds=30))


def enrol(client) -> tuple[str, list[str]]:
    """Enrol the logged-in user: read the secret from the page, confirm with its code; the secret and the codes."""
    client.post("/auth/two-factor/start")
    secret = secret_in(client.get("/auth/two-factor").get_data(as_text=True))
    shown = client.post("/auth/two-factor/confirm", data={"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    return secret, RECOVERY_CODE_IN_PAGE.findall(shown)
