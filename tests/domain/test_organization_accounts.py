from reviewapp.domain.organization_accounts import APPLICANT, RECOMMENDER, invitation_problem, role_change_problem


def test_art10_only_the_office_invites_recommenders_and_only_recommending_bodies():
    assert invitation_problem(RECOMMENDER, by_office=True, recommender_kind=True, recommended_by_inviter=False) is None
    assert "Art. 10" in invitation_problem(RECOMMENDER, by_office=True, recommender_kind=False,
                                           recommended_by_inviter=False)
    assert "Art. 10" in invitation_problem(RECOMMENDER, by_office=False, recommender_kind=True,
                                           recommended_by_inviter=True)


def test_art15_a_recommender_invites_only_the_organizations_it_recommends():
    assert invitation_problem(APPLICANT, by_office=False, recommender_kind=False, recommended_by_inviter=True) is None
    assert "Art. 15" in invitation_problem(APPLICANT, by_office=False, recommender_kind=False,
                                           recommended_by_inviter=False)
    assert invitation_problem(APPLICANT, by_office=True, recommender_kind=False, recommended_by_inviter=False) is None


def test_an_unknown_role_is_refused():
    assert invitation_problem("office", by_office=True, recommender_kind=True, recommended_by_inviter=True)


def test_art10_art15_an_organizations_role_comes_only_with_its_link():
    """The office's user form never gives an applicant's or a recommender's role (Art. 10, 15: it comes with the
    organization's registration or invitation), never takes it away, and never adds a staff role to it (Art. 33)."""
    assert role_change_problem(set(), {"office", "expert"}) is None
    assert role_change_problem({"expert"}, {"expert", "leading_group"}) is None
    assert role_change_problem(set(), {APPLICANT})
    assert role_change_problem({"expert"}, {"expert", RECOMMENDER})
    assert role_change_problem({APPLICANT}, {APPLICANT, "office"})
    assert role_change_problem({RECOMMENDER}, {"expert"})
    assert role_change_problem({APPLICANT}, {APPLICANT}) is None
