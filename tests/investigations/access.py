"""Investigations (Art. 8(4)), exclusion (Art. 30) and withdrawal (Art. 5): the office's alone."""
from tests.access import OFFICE

ACCESS = {
    "investigations.new": OFFICE,
    "investigations.from_submission": OFFICE,
    "investigations.of_cycle": OFFICE,
    "investigations.show": OFFICE,
    "investigations.add_evidence": OFFICE,
    "investigations.download": OFFICE,
    "investigations.conclude": OFFICE,
    "investigations.reverse": OFFICE,
    "investigations.withdraw": OFFICE,
    "investigations.letter": OFFICE,
}
