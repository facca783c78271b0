"""Issue 18: who may invite an organization's account, and what a registration links to (Art. 10, 15)."""
from reviewapp.domain.i18n import N_

APPLICANT, RECOMMENDER = "applicant", "recommender"


def invitation_problem(role: str, *, by_office: bool, recommender_kind: bool, recommended_by_inviter: bool):
    """Why an account of `role` for an organization may not be invited, or None. Art. 10: only an industry
    authority, an industry association or a county/district market supervision bureau recommends; Art. 15: a
    recommender speaks for the organizations it recommends, so it invites those only, never another recommender.
    The office invites either kind."""
    if role == RECOMMENDER:
        if not by_office:
            return N_("Only the office invites recommenders (Art. 10).")
        if not recommender_kind:
            return N_("Only an industry authority, an industry association or a county/district market supervision "
                      "bureau recommends applicants (Art. 10).")
        return None
    if role != APPLICANT:
        return N_("Choose applicant organization or recommender.")
    if not by_office and not recommended_by_inviter:
        return N_("A recommender invites only the organizations it recommends (Art. 15).")
    return None

