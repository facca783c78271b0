"""`flask demo`: the demo's parts loaded in order, acting as the demo office account, up to the stage asked for."""
from sqlalchemy import select

from reviewapp.demo.acceptance import load_acceptance
from reviewapp.demo.accounts import DEMO_USERS, OFFICE_USERNAME, create_accounts
from reviewapp.demo.applications import load_applications, previous_cycle
from reviewapp.demo.awards import load_award_history
from reviewapp.demo.conflicts import EXPERTS, load_conflicts
from reviewapp.demo.corrections import load_corrections
from reviewapp.demo.inbox import load_inbox
from reviewapp.demo.investigations import load_investigations
from reviewapp.demo.notifications import load_notifications
from reviewapp.demo.online import ONLINE, before_closing, load_online
from reviewapp.demo.organization_accounts import ACCOUNTS as ORGANIZATION_ACCOUNTS
from reviewapp.demo.organization_accounts import load_organization_accounts
from reviewapp.demo.organization_duties import WINNER as WINNER_ACCOUNT
from reviewapp.demo.organization_duties import load_organization_duties
from reviewapp.demo.pool import load_pool
from reviewapp.demo.summary import DemoRefused, DemoSummary
from reviewapp.demo.winners import load_winners_register
from reviewapp.extensions import db
from reviewapp.models import Role, User

STAGES = ("application", "panels", "review", "evaluation", "deliberation")


def demo_accounts() -> list[tuple[str, str, list[Role]]]:
    """Every demo login (username, display name, roles): the accounts for each role, then the other experts."""
    named = {username for username, _, _ in DEMO_USERS}
    return DEMO_USERS + [(username, display_name, [Role.EXPERT]) for username, (display_name, _) in EXPERTS.items()
                         if username not in named] + [(username, display_name, [role])  # issue 18
                                                      for username, display_name, role, *_ in ORGANIZATION_ACCOUNTS] \
        + [(username, display_name, [Role.APPLICANT]) for username, display_name, *_ in ONLINE] \
        + [(WINNER_ACCOUNT[0], WINNER_ACCOUNT[1], [Role.APPLICANT])]  # issue 18: a winner's login


def load_demo(stage: str = "application") -> DemoSummary:
    """Load (or complete) the demo data; returns what was created and each demo application's eligibility outcome.
    `stage`: application (the current cycle takes applications), panels, review or evaluation (see panels.py,
    review.py, evaluation.py)."""
    create_accounts()
    acting = db.session.scalar(select(User).where(User.username == OFFICE_USERNAME))
    if acting is None:
        raise DemoRefused(f"the demo office user {OFFICE_USERNAME!r} does not exist")
    summary = DemoSummary()
    cycle, applicants, recommenders = load_applications(acting, summary)
    completed = load_acceptance(cycle, acting)  # Art. 8(4), 9, 15, 16: materials, judgements, opinions
    if completed:
        summary.created["acceptance materials, judgements and opinions"] = completed
    experts, group_member = load_conflicts(applicants, recommenders, cycle.reference_date, acting, summary)
    load_pool(experts, group_member, cycle.reference_date, acting, summary)
    booked = load_award_history(previous_cycle(), acting)
    if booked:
        summary.created["incentive money lines"] = booked
    registered = load_winners_register(acting)  # Art. 26-29: after the award money is booked
    if registered:
        summary.created["entries in the register of winners"] = registered
    notified = load_notifications(cycle, acting)  # issue 16: the outbox in each state, the demo expert's notices
    if notified:
        summary.created["notifications"] = notified
    investigated = load_investigations(cycle, acting)  # Art. 5, 30: an exclusion with its ban, a withdrawal
    if investigated:
        summary.created["investigations and withdrawals"] = investigated
    if load_inbox(cycle, acting):  # issue 17: a citizen's report waiting in the office's to-do list
        summary.created["reports awaiting the office"] = 1
    accounts = load_organization_accounts(applicants, recommenders, acting)  # issue 18
    if accounts:
        summary.created["organizations' accounts"] = accounts
    if stage == "application":
        load_online(cycle, acting, summary)  # issue 18: a draft, and one awaiting the demo recommender's opinion
    if load_corrections(cycle, acting):  # issue 18, Art. 16: one application sent back for correction
        summary.created["applications sent back for correction"] = 1
    duties = load_organization_duties(acting)  # issue 18: a recusal request, a winner's login (Art. 27, 29, 33)
    if duties:
        summary.created["recusal requests and winners' logins"] = duties
    if stage in ("panels", "review", "evaluation", "deliberation"):
        from reviewapp.demo.panels import advance_to_panels

        before_closing(cycle)

        advance_to_panels(cycle, acting)
        if stage in ("review", "evaluation", "deliberation"):
            from reviewapp.demo.review import advance_to_document_review

            advance_to_document_review(cycle, acting)
        if stage in ("evaluation", "deliberation"):  # Art. 18-20: through the on-site review into the evaluation
            from reviewapp.demo.evaluation import advance_to_comprehensive_evaluation

            advance_to_comprehensive_evaluation(cycle, acting)
        if stage == "deliberation":  # Art. 6, 20: the candidate list before the leading group (issue 17)
            from reviewapp.demo.deliberation import advance_to_deliberation

            given = advance_to_deliberation(cycle, acting)
            if given:
                summary.created["opinions of the leading group's members"] = given
    return summary
