from reviewapp.models import Role
from reviewapp.permissions import LOGGED_IN, PUBLIC

ACCESS = {
    "accounts.register": PUBLIC,
    "accounts.awaiting": LOGGED_IN,
    "accounts.pending": frozenset({Role.OFFICE}),
    "accounts.verify": frozenset({Role.OFFICE}),
    "accounts.refuse": frozenset({Role.OFFICE}),
    "accounts.invite": frozenset({Role.OFFICE, Role.RECOMMENDER}),
}
