from reviewapp.models import Role
from tests.access import OFFICE

ACCESS = {
    "applications.request_opinion": OFFICE,
    "applications.record_reply": OFFICE,
    "applications.opinion_scan": frozenset({Role.OFFICE, Role.EXPERT}),
}
