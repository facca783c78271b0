from reviewapp.models import Role

APPLICANT = frozenset({Role.APPLICANT})

ACCESS = {
    "tracking.index": APPLICANT,
    "tracking.show": frozenset({Role.APPLICANT, Role.RECOMMENDER}),
    "tracking.correct": APPLICANT,
    "tracking.upload": APPLICANT,
    "tracking.resubmit": APPLICANT,
    "tracking.download": APPLICANT,
    "tracking.feedback": APPLICANT,
    "tracking.certificate": APPLICANT,
    "tracking.commendation": APPLICANT,
}
