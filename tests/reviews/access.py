from tests.access import EXPERT, OFFICE

ACCESS = {
    "reviews.sheet": EXPERT,
    "reviews.reopen": OFFICE,
}
