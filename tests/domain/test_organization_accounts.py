from reviewapp.domain.organization_accounts import APPLICANT, RECOMMENDER, invitation_problem


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
