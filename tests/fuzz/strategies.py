"""Hostile values for the fuzzing of every form (issue #8): markup and script, SQL fragments, path traversal, control
and invisible characters, invalid UTF-8, huge and malformed numbers and dates, very long text; and the request
shapes around them (a field dropped, repeated, replaced, an unexpected one added, the body sent as raw bytes)."""
import re
from dataclasses import dataclass
from urllib.parse import quote_from_bytes

from hypothesis import strategies as st

from tests.fuzz.forms import BUTTONS

# Each script payload calls alert(): a page that would run it shows `alert(` inside a <script>, an on* attribute or
# a javascript: URL, which is what tests/fuzz/harness.py looks for in every page.
SCRIPTS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "javascript:alert(1)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<iframe src=javascript:alert(1)></iframe>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "{{7*7}}{% raw %}",
    "<body onload=alert(1)>",
    "\"onfocus=alert(1) autofocus x=\"",
]
SQL = ["'; DROP TABLE user; --", "1 OR 1=1", "\" OR \"\"=\"", "1; DELETE FROM organization", "%' --",
       "' UNION SELECT 1--"]
PATHS = ["../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/passwd", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
         "....//....//", "file:///etc/passwd", "//evil.example/", "https://evil.example/"]
ODD = ["", " ", "\x00", "%00", "a\x00b", "\u202eexe.pdf", "\u200b", "\ufeff", "\r\n", "\t", "null", "None",
       "undefined", "true", "[]", "{}", "🀄️😀", "Ω≈ç√∫", "本溪", "\U0010ffff", "\x7f", "\x1b[31m"]
NUMBERS = ["0", "-1", "²", "½", "٣", "1e309", "-1e309", "NaN", "nan", "inf", "-inf", "Infinity", "1e-400", str(10**30),
           str(-10**30), str(2**63), str(2**63 - 1), str(-2**63 - 1), "9" * 400, "0x10", "1_000", "１２", "3.5", "-0",
           "+1", " 1 ", "1,5"]
DATES = ["9999-99-99", "0000-00-00", "2026-02-30", "2026-13-01", "99999-01-01", "0001-01-01", "9999-12-31",
         "2026/11/20", "20261120", "2026-11-20T00:00", "-2026-01-01", "1970-01-01", "2100-01-01", "yesterday"]
HOSTILE = SCRIPTS + SQL + PATHS + ODD + NUMBERS + DATES

# Field names the forms do not have, and names that look like server-side ones.
EXTRA_NAMES = ["id", "user_id", "role", "roles", "is_admin", "status", "version", "csrf_token", "next", "__proto__",
               "submit", "organization_id", "cycle_id", "expert_id", "password", "stage", "x" * 300, ""]

DIGITS = re.compile(r"\d+")
HUGE = [str(10**30), "9" * 40, str(2**63), str(2**64), "-1", "0", "00000000000000000001", "٣", "²", "1e9"]

LONG_LENGTHS = [201, 5_001, 20_001, 100_000]


def _long_text():
    return st.tuples(st.sampled_from(["a", "本", "<", "&", "\u202e", " "]), st.sampled_from(LONG_LENGTHS)).map(
        lambda pair: pair[0] * pair[1])


def hostile_values():
    """One hostile value: a known nasty string, a long one, or any unicode text (including lone surrogates)."""
    return st.one_of(
        st.sampled_from(HOSTILE),
        _long_text(),
        st.text(max_size=40),
        st.text(st.characters(codec=None, categories=None), max_size=20),
        st.integers().map(str),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
    )


# What happens to one field of the form. A plan is drawn without looking at the form: hypothesis replays the draws
# of an example, and the form changes with the world between two runs (a version, a list of choices).
ACTIONS = ["carry", "carry", "hostile", "hostile", "empty", "drop", "repeat", "digits"]
CARRY = ["suffix", "prefix", "alone", "hostile"]
PLAN_LENGTH = 16


@dataclass(frozen=True)
class Step:
    action: str
    carry: str
    payload: str
    hostile: str
    number: str


@dataclass(frozen=True)
class Plan:
    steps: tuple[Step, ...]
    chosen: tuple[int, ...] | None  # the fields mutated (indexes, modulo the form's size); None: every field
    carry_free: bool  # the free-text fields not chosen carry a script payload after their valid value
    button: int  # which submit button is pressed (modulo their number)
    extras: tuple[tuple[str, int, str], ...]  # unexpected fields: (kind of name, index, value)

    def apply(self, baseline: dict, free_text=lambda name: False) -> dict:
        """The body: the form's fields kept, or mutated by their step; a button; the unexpected fields."""
        buttons = baseline.get(BUTTONS, [])
        fields = [(name, value) for name, value in baseline.items() if name != BUTTONS]
        chosen = None if self.chosen is None or not fields else {i % len(fields) for i in self.chosen}
        body = {}
        for index, (name, value) in enumerate(fields):
            step = self.steps[index % len(self.steps)]
            kept = value[0] if isinstance(value, list) and value else (value if isinstance(value, str) else "")
            if chosen is not None and index not in chosen:
                body[name] = kept + step.payload if self.carry_free and free_text(name) else value
            else:
                self._mutate(body, name, value, kept, step)
        if buttons:
            name, value = buttons[self.button % len(buttons)]
            body[name] = value
        families = sorted({name.rsplit("-", 1)[0] + "-" for name, _value in fields if "-" in name})
        for kind, index, value in self.extras:
            if kind == "family" and families:  # str-4.1.2 on the form: str-<anything> in the body
                body[families[index % len(families)] + HOSTILE[index % len(HOSTILE)]] = value
            else:
                body[EXTRA_NAMES[index % len(EXTRA_NAMES)]] = value
        return body

    @staticmethod
    def _mutate(body: dict, name: str, value, kept: str, step: Step) -> None:
        action = step.action
        if action == "carry":
            body[name] = {"suffix": kept + step.payload, "prefix": step.payload + kept, "alone": step.payload,
                          "hostile": step.hostile}[step.carry]
        elif action == "hostile":
            body[name] = step.hostile
        elif action == "empty":
            body[name] = ""
        elif action == "repeat":
            body[name] = [kept, step.hostile]
        elif action == "digits":  # ids, versions, tokens such as p12: the same shape with an absurd number
            body[name] = DIGITS.sub(step.number, kept) if DIGITS.search(kept) else step.number


def steps():
    return st.builds(Step, st.sampled_from(ACTIONS), st.sampled_from(CARRY), st.sampled_from(SCRIPTS),
                     hostile_values(), st.sampled_from(HUGE))


def plans():
    """Most examples change one to three fields of an otherwise valid form (so that they get through and what
    they carry is stored); some change them all."""
    chosen = st.tuples(st.integers(0, 3), st.lists(st.integers(0, 1000), max_size=3)).map(
        lambda pair: None if pair[0] == 0 else tuple(pair[1]))
    return st.builds(Plan, st.lists(steps(), min_size=PLAN_LENGTH, max_size=PLAN_LENGTH).map(tuple),
                     chosen, st.booleans(), st.integers(0, 10),
                     st.lists(st.tuples(st.sampled_from(["family", "name"]), st.integers(0, 10_000),
                                        hostile_values()), max_size=2).map(tuple))


def _bytes_of(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


def urlencoded(body: dict) -> bytes:
    """The body as application/x-www-form-urlencoded bytes, keeping lone surrogates as the (invalid) bytes a
    broken client would send."""
    pairs = []
    for name, value in body.items():
        for item in value if isinstance(value, list) else [value]:
            pairs.append(quote_from_bytes(_bytes_of(name)) + "=" + quote_from_bytes(_bytes_of(item)))
    return "&".join(pairs).encode("ascii")


INVALID_UTF8 = [b"\xff", b"\xc3\x28", b"\xa0\xa1", b"\xe2\x28\xa1", b"\xf0\x28\x8c\xbc", b"\xed\xa0\x80", b"\xc0\xaf",
                b"\xf8\x88\x80\x80\x80", b"%", b"%zz", b"%ff%fe", b"\x00", b"=", b"&&&", b"%E4%B8"]


@dataclass(frozen=True)
class RawPlan:
    spliced: bool
    victim: int
    junk: bytes
    escaped: bool
    noise: bytes

    def apply(self, baseline: dict) -> bytes:
        """The form urlencoded with invalid UTF-8 or a broken escape spliced into one field, or random bytes."""
        if not (self.spliced and baseline):
            return self.noise
        victim = self.victim % len(baseline)
        parts = []
        for index, (name, value) in enumerate(baseline.items()):
            value = value[0] if isinstance(value, list) and value else (value if isinstance(value, str) else "")
            encoded = quote_from_bytes(_bytes_of(name)).encode() + b"=" + quote_from_bytes(_bytes_of(value)).encode()
            if index == victim:
                encoded += b"%" + self.junk.hex().upper().encode()[:2] if self.escaped else self.junk
            parts.append(encoded)
        return b"&".join(parts)


def raw_plans():
    return st.builds(RawPlan, st.booleans(), st.integers(0, 1000),
                     st.sampled_from(INVALID_UTF8) | st.binary(min_size=1, max_size=16), st.booleans(),
                     st.binary(max_size=200) | st.sampled_from(INVALID_UTF8))
