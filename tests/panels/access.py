from tests.access import EXPERT, OFFICE

ACCESS = {
    "panels.declaration": EXPERT,
    "panels.index": OFFICE,
    "panels.new": OFFICE,
    "panels.add_member": OFFICE,
    "panels.member_action": OFFICE,
    "panels.add_applicant": OFFICE,
    "panels.remove_applicant": OFFICE,
    "panels.dissolve": OFFICE,
    "panels.propose": OFFICE,
    "panels.proposal": OFFICE,
    "panels.replace": OFFICE,
    "panels.confirm": OFFICE,
}
