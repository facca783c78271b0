"""Art. 33: an applicant organization may ask that named persons or organizations (a competitor's staff, say) be
kept off its review, with a reason, without ever seeing the expert pool. The office decides, as with the avoidance
requests it records today (R7: an applicant's reasoned request to avoid an expert counts once the office accepts it).

When a request may be filed: from the acceptance review (Art. 16: the application is with the office and panels are
formed next) until the reviews end with the comprehensive evaluation (Art. 20). Before, there is no application under
review; after, no expert is seated on it any more (panels dissolve once their review work is over, Art. 17), so a
request would change nothing."""
from reviewapp.domain.cycle_stages import STAGES
from reviewapp.domain.i18n import N_

OPEN_FROM, OPEN_UNTIL = "acceptance_review", "comprehensive_evaluation"
OPEN_STAGES = STAGES[STAGES.index(OPEN_FROM):STAGES.index(OPEN_UNTIL) + 1]
# the application's statuses under review: registered (awaiting the acceptance decision) or accepted
UNDER_REVIEW = ("registered", "accepted")

PENDING, HANDLED, REJECTED = "pending", "handled", "rejected"


def filing_problems(stage: str, application_status: str, named_person: str, named_organization: str,
                    reason: str) -> list[tuple[str, dict]]:
    """Art. 33: why a recusal request cannot be filed (empty: it can)."""
    problems = []
    if stage not in OPEN_STAGES:
        problems.append((N_("Recusal requests are taken from the acceptance review until the reviews end (Art. 16-20); "
                            "this cycle is not in those stages."), {}))
    if application_status not in UNDER_REVIEW:
        problems.append((N_("This application is no longer under review: there is nothing to recuse from."), {}))
    if not (named_person.strip() or named_organization.strip()):
        problems.append((N_("Name a person or an organization to be avoided."), {}))
    if not reason.strip():
        problems.append((N_("Give the reason for the request: the office decides on it (Art. 33)."), {}))
    return problems


def decision_problems(status: str, handled: bool, chosen_persons: int, competitor: bool, note: str) -> list[
        tuple[str, dict]]:
    """What the office's decision on a request needs: a pending request; to handle it, at least one person to avoid
    or the named organization recorded as a competitor, and a note; to reject it, the reason."""
    if status != PENDING:
        return [(N_("This request has already been decided."), {})]
    problems = []
    if handled and not (chosen_persons or competitor):
        problems.append((N_("Choose the persons to avoid or record the organization as a competitor; otherwise "
                            "reject the request with the reason."), {}))
    if not note.strip():
        problems.append((N_("Give the reason for the rejection: the organization reads it.") if not handled
                         else N_("Write a note on what was done."), {}))
    return problems


def outcome_for_organization(status: str) -> str:
    """What the organization reads of the office's decision (Art. 33): the outcome in words, never who matched or
    whether anyone named is in the pool."""
    return {PENDING: N_("Awaiting the office's decision"),
            HANDLED: N_("Handled: the persons concerned will be avoided"),
            REJECTED: N_("Not adopted")}[status]
