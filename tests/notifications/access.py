from reviewapp.permissions import LOGGED_IN
from tests.access import OFFICE

ACCESS = {
    "notifications.index": LOGGED_IN,
    "notifications.read": LOGGED_IN,
    "notifications.read_all": LOGGED_IN,
    "notifications.mail_choice": LOGGED_IN,
    "notifications.outbox": OFFICE,  # the mails' addresses and errors are the office's to see
}
