"""Art. 24: after approving the list (Art. 23), the city government issues its commendation decision (表彰决定) and
grants the plaques, certificates and incentive money. The decision is a separate act, so it is its own step: it
is dated on or after the approval and never in the future, and its document number names its year. The
certificates are granted by the decision, so a cycle's certificates are printed only once it is on record (and
cite it); an award recorded by hand for a cycle run before this system has no decision here and is printed as is.
"""
import re
from dataclasses import dataclass, field
from datetime import date

from reviewapp.domain.i18n import N_

# 本政发〔2026〕18号: the year in the brackets (〔〕, also written [] or ()) is the year of issue.
_NUMBER_YEAR = re.compile(r"[〔\[(（](\d{4})[〕\])）]")


@dataclass(frozen=True)
class DecisionProblem:
    message: str
    params: dict = field(default_factory=dict)
    field: str | None = None


def decision_problems(decided_on: date, number: str, approved_on: date | None, today: date,
                      has_text: bool, has_scan: bool) -> list[DecisionProblem]:
    """Everything that stops the commendation decision from being recorded (Art. 23, 24); empty: it may be."""
    if approved_on is None:
        return [DecisionProblem(N_("The commendation decision follows the city government's approval of the list "
                                   "(Art. 23, 24): record the approval first."))]
    problems = []
    if decided_on < approved_on:
        problems.append(DecisionProblem(N_("The commendation decision cannot be dated before the approval of the "
                                           "list (%(date)s, Art. 23, 24)."), {"date": approved_on.isoformat()},
                                        "decided_on"))
    if decided_on > today:
        problems.append(DecisionProblem(N_("The date %(date)s is in the future (today is %(today)s)."),
                                        {"date": decided_on.isoformat(), "today": today.isoformat()}, "decided_on"))
    year = number_year(number)
    if year is not None and year != decided_on.year:
        problems.append(DecisionProblem(N_("The document number is of %(year)s but the decision is dated "
                                           "%(date)s."), {"year": year, "date": decided_on.isoformat()},
                                        "document_number"))
    if not has_text and not has_scan:
        problems.append(DecisionProblem(N_("Record the decision's text or upload its scanned copy (Art. 24)."),
                                        field="text"))
    return problems


def number_year(number: str) -> int | None:
    match = _NUMBER_YEAR.search(number)
    return int(match.group(1)) if match else None


def certificate_refusal(in_system_cycle: bool, decision_recorded: bool) -> DecisionProblem | None:
    """Art. 24: the certificate is granted by the commendation decision, so it is printed only once the decision
    is on record; an award of a cycle run before this system (recorded by hand) has no decision here."""
    if in_system_cycle and not decision_recorded:
        return DecisionProblem(N_("The certificate is granted by the city government's commendation decision "
                                  "(Art. 24): record the decision first."))
    return None
