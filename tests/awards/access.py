from reviewapp.permissions import PUBLIC
from tests.access import OFFICE

ACCESS = {
    "awards.approval": OFFICE,
    "awards.results": PUBLIC,
    "awards.result": PUBLIC,
    "awards.ledger": OFFICE,
    "awards.ledger_xlsx": OFFICE,
    "awards.outside": OFFICE,
    "awards.certificate": OFFICE,
    "awards.commendation": OFFICE,
    "awards.commendation_scan": OFFICE,
    "awards.revoke": OFFICE,
}
