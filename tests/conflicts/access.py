from reviewapp.permissions import LOGGED_IN
from tests.access import OFFICE

ACCESS = {
    "conflicts.policy": LOGGED_IN,
    "conflicts.matrix": OFFICE,
    "conflicts.pair": OFFICE,
}
