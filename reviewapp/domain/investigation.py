"""Investigations (核查, Art. 8(4)), exclusion for false or concealed information (Art. 30) and withdrawal (Art. 5).

Art. 8(4): the office investigates and verifies applicants' performance and public standing; Art. 9: the selection
hears opinions from all sides, so an investigation may start from a report, an objection, a department's opinion or
the office's own finding. Art. 30: an applicant that concealed facts or supplied false materials is not accepted
for 5 years; the text sets no stage, so an investigation that establishes it excludes the applicant at whatever
stage the cycle is in, up to the cycle's approval (Art. 23). After approval a winner's award obtained that way is
revoked under Art. 31 instead (a decision of the city government), which this module does not decide.

Art. 5: applying is voluntary (在申报组织自愿的基础上), so an applicant may withdraw, with its letter, until the cycle's
approval; a withdrawal carries no ban.

The exclusion is final unless the office reverses it with a written reason, before the approval, for an error in
the investigation itself: the application then goes back to the status it left, the Art. 30 finding it wrote is
removed (the audit keeps both), and its panel seats and list places are NOT given back by themselves (the office
re-assigns them where the cycle still allows it).
"""
from dataclasses import dataclass, field
from datetime import date

from reviewapp.domain.dates import years_after
from reviewapp.domain.eligibility import FALSE_MATERIALS_BAN_YEARS
from reviewapp.domain.i18n import N_

# conclusions (InvestigationConclusion values)
UNFOUNDED = "unfounded"
FALSE_INFORMATION = "false_information"  # Art. 30: 隐瞒有关情况或者提供虚假材料
OTHER_FINDING = "other_finding"
CONCLUSIONS = (UNFOUNDED, FALSE_INFORMATION, OTHER_FINDING)
# Which conclusions exclude the applicant and start the ban of Art. 30.
EXCLUDING = frozenset({FALSE_INFORMATION})

# application statuses (ApplicationStatus values)
REGISTERED, ACCEPTED, REJECTED, EXCLUDED, WITHDRAWN = "registered", "accepted", "rejected", "excluded", "withdrawn"
# Still taking part in the cycle: these can be excluded or withdrawn.
IN_CYCLE = frozenset({REGISTERED, ACCEPTED})


@dataclass(frozen=True)
class Check:
    ok: bool
    message: str | None = None
    params: dict = field(default_factory=dict)


OK = Check(True)


@dataclass(frozen=True)
class ConclusionEffect:
    """What a conclusion does: `excludes` the application (status `excluded`), `bans` the organization (writes the
    Art. 30 finding, 5 years from `found_on`, until `ban_until`)."""

    excludes: bool
    bans: bool
    found_on: date | None = None
    ban_until: date | None = None


def ban_until(found_on: date) -> date:
    """Art. 30: 5年内不予受理 - the last day the ban of a finding made on `found_on` still refuses an application
    is the day before this one (the eligibility check counts it the same way)."""
    return years_after(found_on, FALSE_MATERIALS_BAN_YEARS)


def may_investigate(cycle_approved: bool) -> Check:
    """Art. 8(4), 23: investigations of a cycle's applicants run until its approval; afterwards a winner's award is
    a matter of revocation (Art. 31, 32)."""
    if cycle_approved:
        return Check(False, N_("The cycle's list is approved (Art. 23): false information found now is handled by "
                               "revoking the award (Art. 31), not by an investigation of the application."))
    return OK


def conclusion_effect(conclusion: str, status: str, cycle_approved: bool, today: date) -> ConclusionEffect:
    """Art. 30: false or concealed information established by the investigation excludes an applicant still in the
    cycle and bans the organization for 5 years; a rejected or withdrawn applicant keeps its status, but the ban is
    recorded all the same (it applied with false information). Other conclusions change nothing."""
    if conclusion not in CONCLUSIONS:
        raise ValueError(f"unknown conclusion: {conclusion!r}")
    if conclusion not in EXCLUDING:
        return ConclusionEffect(excludes=False, bans=False)
    if not may_investigate(cycle_approved).ok:
        raise ValueError("a concluded exclusion needs an unapproved cycle")
    return ConclusionEffect(excludes=status in IN_CYCLE, bans=True, found_on=today, ban_until=ban_until(today))


def may_conclude(cycle_approved: bool, already_concluded: bool) -> Check:
    if already_concluded:
        return Check(False, N_("This investigation is already concluded."))
    return may_investigate(cycle_approved)


def may_withdraw(status: str, cycle_approved: bool, received_on: date, today: date) -> Check:
    """Art. 5: applying is voluntary; an applicant still in the cycle may withdraw at any stage before the cycle's
    approval (Art. 23), by a letter the office received (not in the future)."""
    if cycle_approved:
        return Check(False, N_("The cycle's list is already approved (Art. 23): an application can no longer be "
                               "withdrawn (Art. 5 allows it before approval)."))
    if status not in IN_CYCLE:
        return Check(False, N_("Only an application still in the cycle (awaiting acceptance or accepted) can be "
                               "withdrawn."))
    if received_on > today:
        return Check(False, N_("The letter cannot have been received after today (%(today)s)."),
                     {"today": today.isoformat()})
    return OK


def may_reverse(excluded: bool, cycle_approved: bool, reason: str) -> Check:
    """The exclusion is final; the office alone may reverse it, with a written reason, before the approval."""
    if not excluded:
        return Check(False, N_("This investigation did not exclude the application, or its exclusion was "
                               "already reversed."))
    if cycle_approved:
        return Check(False, N_("The cycle's list is approved (Art. 23): the exclusion can no longer be reversed."))
    if not reason.strip():
        return Check(False, N_("Reversing an exclusion needs its written reason."))
    return OK
