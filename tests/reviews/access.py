from reviewapp.models import Role
from tests.access import EXPERT, OFFICE

ACCESS = {
    "scoring.sheet": EXPERT,
    "scoring.autosave": EXPERT,  # issue 17: the sheet saving itself; only its own expert, while a draft
    "scoring.reopen": OFFICE,
    "reports.consolidate_report": EXPERT,
    "reports.visit": EXPERT,
    "reports.add_issue": EXPERT,
    "reports.resolve_issue": EXPERT,
    # a site-visit issue's photos and evidence (issue 17): the on-site panel attaches, it and the office download
    "reports.attach_evidence": EXPERT,
    "reports.visit_record": OFFICE,
    "reports.site_evidence": frozenset({Role.OFFICE, Role.EXPERT}),
    "reports.overview": OFFICE,
    "scoring.sheets": OFFICE,
    "reports.waive": OFFICE,
    "reports.reopen_report": OFFICE,
    "reports.onsite_list": OFFICE,
    "reports.report": frozenset({Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP}),
    "evaluation.ranking": OFFICE,
    "evaluation.ranking_report": OFFICE,
    "evaluation.calibration_page": OFFICE,
    "scoring.sheets_xlsx": OFFICE,
    "evaluation.ranking_xlsx": OFFICE,
    "evaluation.feedback": OFFICE,
    # the panel's comprehensive evaluation report (Art. 17, 20)
    "reports.comprehensive": EXPERT,
    "reports.comprehensive_report": frozenset({Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP}),
    "reports.reopen_comprehensive": OFFICE,
}
