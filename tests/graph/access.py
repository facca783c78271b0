from reviewapp.models import Role
from tests.access import EXPERT, OFFICE

ACCESS = {
    "graph.people": OFFICE,
    "graph.new_person": OFFICE,
    # Experts get through the role check; the view then sends them to their own page, or answers 404.
    "graph.person": frozenset({Role.OFFICE, Role.EXPERT}),
    "graph.add_person_relation": OFFICE,
    "graph.organization": OFFICE,
    "graph.add_org_relation": OFFICE,
    "graph.edit_relation": OFFICE,
    "graph.end_relation": OFFICE,
    "graph.me": EXPERT,
    "graph.add_own_relation": EXPERT,
    "graph.end_own_relation": EXPERT,
    "graph.declare_conflict": EXPERT,
    "graph.declarations": OFFICE,
    "graph.record_office_conflict": OFFICE,
    "graph.record_avoidance_request": OFFICE,
    "graph.decide_declaration": OFFICE,
    "graph.withdraw_declaration": OFFICE,
}
