from tests.access import OFFICE

ACCESS = {
    "duplicates.index": OFFICE,
    "duplicates.merge": OFFICE,
    "duplicates.undo": OFFICE,
    "duplicates.dismiss": OFFICE,
    "duplicates.confirm": OFFICE,
}
