from tests.access import EXPERT, OFFICE

ACCESS = {
    "experts.index": OFFICE,
    "experts.export": OFFICE,
    "experts.new": OFFICE,
    "experts.show": OFFICE,
    "experts.edit": OFFICE,
    "experts.change_status": OFFICE,
    "experts.record_availability": OFFICE,
    "experts.import_page": OFFICE,
    "experts.import_template": OFFICE,
    "experts.import_check": OFFICE,
    "experts.import_run": OFFICE,
    "experts.invitations": OFFICE,  # issue 17: accounts and invitations for many experts
    "experts.resend_invitation": OFFICE,
    "experts.availability_many": OFFICE,
    # The expert's own record only: the views find it from the login, never from the URL.
    "experts.me": EXPERT,
    "experts.update_contact": EXPERT,
    "experts.answer_availability": EXPERT,
    "experts.my_sheet": EXPERT,  # only their own submitted sheets (tests/experts/test_history.py)
}
