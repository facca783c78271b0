"""The second factor (issue 13, item 5): the code after the password is asked before anyone is logged in; each
user manages their own; the office resets a colleague's."""
from reviewapp.permissions import LOGGED_IN, PUBLIC
from tests.access import OFFICE

ACCESS = {
    "auth.second_factor_login": PUBLIC,
    "auth.two_factor": LOGGED_IN,
    "auth.two_factor_start": LOGGED_IN,
    "auth.two_factor_confirm": LOGGED_IN,
    "auth.two_factor_recovery_codes": LOGGED_IN,
    "auth.two_factor_disable": LOGGED_IN,
    "admin.reset_second_factor": OFFICE,
}
