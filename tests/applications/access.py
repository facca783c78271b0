from reviewapp.models import Role
from tests.access import OFFICE

ACCESS = {
    "applications.request_opinion": OFFICE,
    "applications.record_reply": OFFICE,
    "applications.opinion_scan": frozenset({Role.OFFICE, Role.EXPERT}),
    "applications.decide_many": OFFICE,  # issue 17: several acceptance decisions at once
    "applications.send_back": OFFICE,  # issue 18, Art. 16: correction requests (补正)
    "applications.withdraw_correction": OFFICE,
}
