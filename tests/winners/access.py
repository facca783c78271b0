from reviewapp.models import Role
from tests.access import APPLICANT, OFFICE

READERS = frozenset({Role.OFFICE, Role.LEADING_GROUP})  # Art. 6: the leading group supervises, read-only

ACCESS = {
    "winners.index": READERS,
    "winners.register": READERS,
    "winners.misuse": READERS,
    "winners.download": READERS,
    "winners.add_activity": OFFICE,
    "winners.add_funds_report": OFFICE,
    "winners.add_misuse": OFFICE,
    "winners.handle_misuse": OFFICE,
    "winners.close_misuse": OFFICE,
    "winners.policy": OFFICE,
    # issue 18, Art. 27, 29: the winner's own page and submissions
    "winners.mine": APPLICANT,
    "winners.submit_funds_report": APPLICANT,
    "winners.submit_activity": APPLICANT,
}
