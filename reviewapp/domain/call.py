"""Art. 14: the call for applications (申报通告) publishes the cycle's matters: what is awarded, the conditions, the
quotas, where and until when to apply, whom to contact. Art. 15: applications are due within the time limit the
call sets. The call's content is kept as data, checked here before anything is published."""
import re
from dataclasses import asdict, dataclass
from datetime import date

from reviewapp.domain import limits
from reviewapp.domain.cycle_settings import MAX_AWARDS, MAX_NOMINATIONS
from reviewapp.domain.i18n import N_

# What the call must state (Art. 14), each with the refusal that names it
MISSING = {
    "awards": N_("The call must state what is awarded (Art. 14)."),
    "conditions": N_("The call must state the conditions to apply (Art. 11, 14)."),
    "where_to_apply": N_("The call must state where and how to apply (Art. 14)."),
    "contact_person": N_("The call must name a contact person (Art. 14)."),
    "contact_phone": N_("The call must give a contact telephone number (Art. 14)."),
}
TEXTS = tuple(MISSING) + ("contact_email", "contact_address")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class CallContent:
    awards: str             # the two awards (Art. 2) and what they carry (Art. 12, 25)
    conditions: str         # the conditions of Art. 11, summarised
    award_quota: int        # Art. 4
    nomination_quota: int
    deadline: date          # Art. 15: the last day on which an application is registered
    where_to_apply: str     # the place and the way to apply
    contact_person: str
    contact_phone: str
    contact_email: str = ""
    contact_address: str = ""

    def as_json(self) -> dict:
        return {**asdict(self), "deadline": self.deadline.isoformat()}

    @classmethod
    def from_json(cls, data: dict) -> "CallContent":
        return cls(**{**data, "deadline": date.fromisoformat(data["deadline"])})


def call_problems(content: CallContent, today: date) -> list[tuple[str, dict]]:
    """Art. 14, 15: what keeps this call from being published (empty: nothing). `today` is Benxi's."""
    problems = [(message, {}) for name, message in MISSING.items() if not getattr(content, name).strip()]
    if any(len(getattr(content, name)) > limits.NOTE for name in TEXTS):
        problems.append((N_("A text of the call is longer than %(n)s characters."), {"n": limits.NOTE}))
    if not (content.contact_email.strip() or content.contact_address.strip()):
        problems.append((N_("The call must give an e-mail or a postal address to contact (Art. 14)."), {}))
    if content.contact_email.strip() and not EMAIL.match(content.contact_email.strip()):
        problems.append((N_("The e-mail address is not valid."), {}))
    if not 0 <= content.award_quota <= MAX_AWARDS or not 0 <= content.nomination_quota <= MAX_NOMINATIONS:
        problems.append((N_("A cycle awards at most %(awards)s awards and %(nominations)s nomination awards "
                            "(Art. 4)."), {"awards": MAX_AWARDS, "nominations": MAX_NOMINATIONS}))
    problems.extend(deadline_problems(content.deadline, today))
    return problems


def deadline_problems(deadline: date, today: date) -> list[tuple[str, dict]]:
    """Art. 15: a call, or an amended call, must leave time to apply: its deadline is today at the earliest."""
    if deadline < today:
        return [(N_("The application deadline cannot be before today (%(today)s): a call must leave time to "
                    "apply (Art. 15)."), {"today": today.isoformat()})]
    return []


def closing_refusal(deadline: date | None, today: date) -> tuple[str, dict] | None:
    """Art. 14, 15: applications close only once the deadline the current call published has come; the office
    may move it earlier only by publishing an amended call."""
    if deadline is not None and today < deadline:
        return (N_("The call published the application deadline %(deadline)s (Art. 14, 15): applications cannot be "
                   "closed before that day, unless an amended call with an earlier deadline is published first."),
                {"deadline": deadline.isoformat()})
    return None


def registration_refusal(deadline: date | None, today: date) -> tuple[str, dict] | None:
    """Art. 15: an application is registered up to and including the deadline day the call published."""
    if deadline is not None and today > deadline:
        return N_("The application deadline (%(date)s) has passed."), {"date": deadline.isoformat()}
    return None
