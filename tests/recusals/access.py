from tests.access import APPLICANT, OFFICE

ACCESS = {
    "recusals.mine": APPLICANT,  # issue 18, Art. 33: the organization's own requests
    "recusals.index": OFFICE,
    "recusals.show": OFFICE,
    "recusals.handle": OFFICE,
    "recusals.reject": OFFICE,
}
