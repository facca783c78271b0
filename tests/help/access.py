from reviewapp.permissions import LOGGED_IN, PUBLIC

ACCESS = {
    "help.index": PUBLIC,
    "help.public_guide": PUBLIC,
    "help.guide": LOGGED_IN,  # and permissions.may_read_guide: a role's guide for that role and the office
}
