"""What an applicant organization reads of its own application's progress (issue 18), in words.

Art. 33 keeps the review confidential: the organization learns the stage its application is in and the decisions
made about it, never who reviews it, in which panel, with which scores, nor anything about other applicants. What
is public only from a date (the proposed-winner notice, Art. 21; the approved results, Art. 23) is told only from
that date. The office's own reasons are the organization's to read: why it was not accepted (Art. 16), why it must
correct (Art. 16).
"""
from dataclasses import dataclass, field
from datetime import date

from reviewapp.domain.i18n import N_

REVIEW_STAGES = ("panels", "document_review", "onsite_review", "comprehensive_evaluation", "proposed_notice",
                 "objections", "approval", "closed")


@dataclass(frozen=True)
class StatusFacts:
    """What the rules look at: the application's status (ApplicationStatus value), its cycle's stage (Stage value),
    the open correction request, and what is public today."""

    status: str
    stage: str
    decision_reason: str | None = None
    correction_missing: str | None = None
    correction_due: date | None = None
    on_public_proposed_notice: bool = False
    results_public: bool = False
    awarded_level: str | None = None  # AwardKind value of the award the city government approved


@dataclass(frozen=True)
class ApplicantStatus:
    code: str      # stable: the page's badge and the tests
    message: str   # N_ msgid, rendered with params
    params: dict = field(default_factory=dict)
    tone: str = "secondary"


AWARDED = {"award": N_("Awarded the Mayor's Quality Award (Art. 23, 24)."),
           "nomination": N_("Awarded the Mayor's Quality Award nomination (Art. 23, 24).")}


def applicant_status(facts: StatusFacts) -> ApplicantStatus:
    """The status in words (Art. 16, 21, 23), with nothing confidential in it (Art. 33)."""
    if facts.status == "withdrawn":
        return ApplicantStatus("withdrawn", N_("Withdrawn (Art. 5)."))
    if facts.status == "excluded":
        return ApplicantStatus("excluded", N_("Excluded from the cycle (Art. 30)."), tone="danger")
    if facts.status == "rejected":
        return ApplicantStatus("not_accepted", N_("Not accepted (Art. 16). The office's reason: %(reason)s"),
                               {"reason": facts.decision_reason or "—"}, "danger")
    if facts.status == "registered":
        return _awaiting_acceptance(facts)
    return _accepted(facts)


def _awaiting_acceptance(facts: StatusFacts) -> ApplicantStatus:
    if facts.correction_due is not None:
        return ApplicantStatus("correction", N_("Sent back for correction (Art. 16): %(missing)s Correct and "
                                                "resubmit by %(due)s."),
                               {"missing": facts.correction_missing or "", "due": facts.correction_due.isoformat()},
                               "warning")
    if facts.stage == "application":
        return ApplicantStatus("submitted", N_("Submitted; the acceptance review follows the application period "
                                               "(Art. 16)."), tone="info")
    return ApplicantStatus("acceptance_review", N_("Under acceptance review (Art. 16)."), tone="info")


def _accepted(facts: StatusFacts) -> ApplicantStatus:
    if facts.results_public:
        if facts.awarded_level:
            return ApplicantStatus("awarded", AWARDED.get(facts.awarded_level, AWARDED["award"]), tone="success")
        return ApplicantStatus("not_awarded", N_("Not awarded in this cycle (Art. 23)."))
    if facts.on_public_proposed_notice:
        return ApplicantStatus("proposed", N_("On the public proposed-winner notice (Art. 21); the result follows "
                                              "the city government's approval."), tone="success")
    if facts.stage in REVIEW_STAGES:
        return ApplicantStatus("under_review", N_("Accepted; under review (Art. 17-20)."), tone="info")
    return ApplicantStatus("accepted", N_("Accepted (Art. 16); the review follows."), tone="success")
