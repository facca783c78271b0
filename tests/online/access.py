from tests.access import APPLICANT, RECOMMENDER

ACCESS = {
    "online.start": APPLICANT,
    "online.draft": APPLICANT,
    "online.upload": APPLICANT,
    "online.remove_file": APPLICANT,
    "online.download": APPLICANT | RECOMMENDER,
    "online.submit": APPLICANT,
    "online.take_back": APPLICANT,
    "online.opinions": RECOMMENDER,
    "online.opinion": RECOMMENDER,
    "online.sign": RECOMMENDER,
    "online.decline": RECOMMENDER,
}
