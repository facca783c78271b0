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



def role_change_problem(current: set[str], wanted: set[str]):
    """Why the office's user form may not give a login the roles `wanted` (it has `current`), or None. An
    organization's role (applicant, recommender) comes only with the organization's link, from a registration or an
    invitation (Art. 10, 15), so the form neither gives it nor takes it away; and an organization's login never
    also holds an office, expert or group role (Art. 33: the applicant and the review stay apart)."""
    external = {APPLICANT, RECOMMENDER}
    if wanted & external and not current & external:
        return N_("An applicant organization's or a recommender's account is created by its registration or an "
                  "invitation (the organization's accounts page), not here.")
    if current & external and wanted != current:
        return N_("The roles of an organization's account cannot be changed: it belongs to its organization.")
    return None
