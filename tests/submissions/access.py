"""Objections (Art. 22) and reports of misconduct (Art. 34): the public files and follows them without logging in;
only the office handles them."""
from reviewapp.permissions import PUBLIC
from tests.access import OFFICE

ACCESS = {
    "submissions.objection": PUBLIC,
    "submissions.report": PUBLIC,
    "submissions.challenge": PUBLIC,
    "submissions.filed": PUBLIC,
    "submissions.status": PUBLIC,
    "submissions.index": OFFICE,
    "submissions.show": OFFICE,
    "submissions.change_status": OFFICE,
    "submissions.link": OFFICE,
    "submissions.change_list": OFFICE,
    "submissions.record_finding": OFFICE,
    "submissions.download": OFFICE,
}
