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
    "awards.revoke": OFFICE,
}
