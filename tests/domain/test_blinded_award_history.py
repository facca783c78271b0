"""Issue 13 item 7 (Art. 4, 12, 20): what the blinded leading group learns of the applicants' past awards."""
from reviewapp.domain.group_decision import HistoryCounts, history_counts, shows_award_history


def test_item7_per_applicant_history_is_hidden_while_blinded_unless_the_office_chose_to_show_it():
    assert shows_award_history(blinded=False, shown_by_office=False)
    assert not shows_award_history(blinded=True, shown_by_office=False)
    assert shows_award_history(blinded=True, shown_by_office=True)


def test_art12_counts_say_how_many_not_which():
    counts = history_counts([("award", True, False), ("award", False, True), ("nomination", False, False),
                             (None, True, True)], award_quota=2)
    assert counts == HistoryCounts(award_candidates=2, repeat_winners_proposed=1, award_quota=2, past_winners=2,
                                   past_nominees=2)
    assert counts.quota_places_used == 1  # a repeat winner takes no quota place


def test_art4_nobody_proposed_uses_no_place():
    assert history_counts([], award_quota=2).quota_places_used == 0
