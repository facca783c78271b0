"""Login names for experts whose accounts the office creates in bulk (issue 17): proposed, shown, then created.

A login name has 3-64 letters, digits, dots, dashes or underscores, as the office's own forms ask. It is proposed
from what the pool already holds and people recognise: the local part of the e-mail address, else the examiner
certificate number; Chinese names are not romanised (pinyin is ambiguous). Duplicates get a number: li.ming2."""
import re

from reviewapp.domain.i18n import N_

PATTERN = re.compile(r"^[a-z0-9_.-]{3,64}$")
_NOT_ALLOWED = re.compile(r"[^a-z0-9_.-]+")
MAX_LENGTH = 64


def _cleaned(text: str | None) -> str:
    return _NOT_ALLOWED.sub("", (text or "").strip().lower()).strip("._-")[:MAX_LENGTH - 4]


def propose(email: str | None, certificate: str | None, fallback: str, taken: set[str]) -> str:
    """A free login name for one expert, added to `taken` so that the next proposal avoids it."""
    candidates = (_cleaned((email or "").partition("@")[0]), _cleaned(certificate))
    base = next((candidate for candidate in candidates if len(candidate) >= 3), fallback)
    name, number = base, 1
    while name in taken:
        number += 1
        name = f"{base}{number}"
    taken.add(name)
    return name


def problem(name: str, taken: set[str]) -> tuple[str, dict] | None:
    """Why `name` cannot be a new login name (a message and its params), or None."""
    if not PATTERN.match(name):
        return N_("A login name has 3 to 64 letters, digits, dots, dashes or underscores."), {}
    if name in taken:
        return N_("The login name %(name)s is already taken."), {"name": name}
    return None
