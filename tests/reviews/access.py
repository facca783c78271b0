from reviewapp.models import Role
from tests.access import EXPERT, OFFICE

ACCESS = {
    "reviews.sheet": EXPERT,
    "reviews.reopen": OFFICE,
    "reviews.consolidate_report": EXPERT,
    "reviews.visit": EXPERT,
    "reviews.add_issue": EXPERT,
    "reviews.resolve_issue": EXPERT,
    "reviews.overview": OFFICE,
    "reviews.sheets": OFFICE,
    "reviews.waive": OFFICE,
    "reviews.reopen_report": OFFICE,
    "reviews.onsite_list": OFFICE,
    "reviews.report": frozenset({Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP}),
    "reviews.ranking": OFFICE,
    "reviews.ranking_report": OFFICE,
    "reviews.calibration_page": OFFICE,
    "reviews.sheets_xlsx": OFFICE,
    "reviews.ranking_xlsx": OFFICE,
    "reviews.feedback": OFFICE,
}
