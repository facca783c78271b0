"""Art. 6, 20, 21: the leading group's deliberation, as rules without an app: what an opinion needs, when a member
has submitted, and the tally (information, not a quorum: the seed sets none)."""
from reviewapp.domain.deliberation import (
    ABSTAIN,
    AGREE,
    DISAGREE,
    DRAFT,
    NOT_STARTED,
    SUBMITTED,
    Opinion,
    locked_keys,
    member_state,
    opinion_problems,
    submit_problems,
    summary,
    tally,
)

LIST = {"a": "award", "b": "nomination"}


def test_art6_a_disagreement_says_why():
    assert opinion_problems(DISAGREE, "  ", "候选A")[0][1] == {"name": "候选A"}
    assert opinion_problems(DISAGREE, "评分依据不足", "候选A") == []
    assert opinion_problems(AGREE, "", "候选A") == [] and opinion_problems(ABSTAIN, "", "候选A") == []


def test_art6_an_unknown_vote_or_a_comment_without_a_vote_is_refused():
    assert opinion_problems("maybe", "", "候选A") and opinion_problems("", "说明", "候选A")
    assert opinion_problems("", "", "候选A") == []  # nothing typed yet: nothing to say


def test_art6_submitting_needs_an_opinion_on_every_candidate():
    (message, params), = submit_problems({"a": AGREE}, LIST, {"a": "候选A", "b": "候选B"})
    assert params == {"names": "候选B"}
    assert submit_problems({"a": AGREE, "b": ABSTAIN}, LIST, {}) == []


def test_art6_a_member_is_submitted_only_on_the_whole_list():
    assert member_state([], LIST) == NOT_STARTED
    assert member_state([Opinion(1, "a", "award", AGREE)], LIST) == DRAFT
    half = [Opinion(1, "a", "award", AGREE, submitted=True), Opinion(1, "b", "nomination", AGREE)]
    assert member_state(half, LIST) == DRAFT and locked_keys(half, LIST) == {"a"}
    done = [Opinion(1, "a", "award", AGREE, submitted=True), Opinion(1, "b", "nomination", ABSTAIN, submitted=True)]
    assert member_state(done, LIST) == SUBMITTED


def test_art20_an_opinion_on_a_level_the_office_changed_no_longer_applies():
    moved = {"a": "nomination", "b": "nomination"}
    given = [Opinion(1, "a", "award", AGREE, submitted=True), Opinion(1, "b", "nomination", AGREE, submitted=True)]
    assert locked_keys(given, moved) == {"b"} and member_state(given, moved) == DRAFT
    assert tally([1], moved, given).rows[0].missing == (1,)


def test_art6_the_tally_counts_submitted_opinions_and_names_who_is_missing():
    opinions = [Opinion(1, "a", "award", AGREE, submitted=True), Opinion(2, "a", "award", AGREE, submitted=True),
                Opinion(3, "a", "award", DISAGREE, "不同意", submitted=True),
                Opinion(1, "b", "nomination", ABSTAIN, submitted=True),
                Opinion(2, "b", "nomination", AGREE, submitted=True),
                Opinion(3, "b", "nomination", AGREE, submitted=True),
                Opinion(4, "a", "award", AGREE)]  # a draft: the member's own, not counted
    result = tally([1, 2, 3, 4], LIST, opinions)
    a, b = result.rows
    assert (a.agreed, a.disagreed, a.abstained, a.missing) == ((1, 2), (3,), (), (4,))
    assert (b.agreed, b.abstained, b.missing) == ((2, 3), (1,), (4,))
    assert result.not_submitted == (4,) and result.submitted == 3


def test_art6_majority_is_more_than_half_of_the_members_and_only_information():
    opinions = [Opinion(m, "a", "award", AGREE, submitted=True) for m in (1, 2)]
    assert not tally([1, 2, 3, 4], {"a": "award"}, opinions).rows[0].majority_agreed  # 2 of 4: not more than half
    assert tally([1, 2, 3], {"a": "award"}, opinions).rows[0].majority_agreed


def test_art21_the_decision_cites_the_tally_in_one_line():
    opinions = [Opinion(m, "a", "award", AGREE, submitted=True) for m in range(6)]
    opinions.append(Opinion(6, "a", "award", ABSTAIN, submitted=True))
    message, params = summary(tally(list(range(7)), {"a": "award"}, opinions).rows[0])
    assert message % params == "7 members: 6 agreed, 0 disagreed, 1 abstained, 0 not submitted"
