from reviewapp.models import Role
from tests.access import OFFICE

GROUP_AND_OFFICE = frozenset({Role.LEADING_GROUP, Role.OFFICE})

ACCESS = {
    "leading.index": GROUP_AND_OFFICE,
    "leading.cycle": GROUP_AND_OFFICE,
    "leading.decision": OFFICE,
    "leading.decision_print": GROUP_AND_OFFICE,
    "leading.show_award_history": OFFICE,
    "leading.opinions": frozenset({Role.LEADING_GROUP}),  # issue 17: a member's own opinions (Art. 6)
}
