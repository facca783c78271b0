import pytest

from reviewapp.domain.coi.names import (
    DuplicateSuggestion,
    NamedEntity,
    core_name,
    duplicate_suggestions,
    names_match,
    normalize_name,
)


@pytest.mark.parametrize("name, core", [
    ("本钢板材股份有限公司", "本钢板材"),
    ("本溪市本钢板材股份有限公司", "本钢板材"),
    ("本钢板材", "本钢板材"),
    ("本钢集团有限公司", "本钢"),
    ("辽宁省本溪市华康乳业有限责任公司", "华康乳业"),
    ("（本溪）华康 乳业　有限公司", "华康乳业"),
    ("ＢＸ Ｓｔｅｅｌ Co., Ltd.", "bxsteel"),
])
def test_core_name_drops_place_prefix_legal_form_and_width(name, core):
    assert core_name(name) == core


def test_normalize_folds_full_width_and_spaces():
    assert normalize_name("本钢 板材（股份）") == normalize_name("本钢板材(股份)")


def test_a_core_never_shrinks_below_two_characters():
    assert core_name("本溪钢厂") == "钢厂" and core_name("钢铁公司") == "钢铁" and core_name("本溪公司") == "本溪"


def test_full_and_short_names_are_suggested_once():
    entities = [NamedEntity("o1", "本钢板材股份有限公司"), NamedEntity("o2", "本钢板材"),
                NamedEntity("o3", "本溪市本钢板材股份有限公司"), NamedEntity("o4", "华康乳业有限公司")]
    assert duplicate_suggestions(entities) == [
        DuplicateSuggestion("o1", "o2", "same_name"), DuplicateSuggestion("o1", "o3", "same_name"),
        DuplicateSuggestion("o2", "o3", "same_name")]


def test_a_short_name_that_prefixes_the_full_core_is_suggested():
    entities = [NamedEntity("o1", "华康"), NamedEntity("o2", "华康乳业有限公司")]
    assert duplicate_suggestions(entities) == [DuplicateSuggestion("o1", "o2", "short_name")]


def test_a_group_and_its_member_are_not_two_names_of_one_organization():
    """本钢集团 prefixes 本钢检测技术有限公司 because the member carries the group's name: a member, not a duplicate.
    The group's full and short names are still one organization."""
    entities = [NamedEntity("o1", "本钢集团"), NamedEntity("o2", "本钢检测技术有限公司"),
                NamedEntity("o3", "本钢集团有限公司")]
    assert duplicate_suggestions(entities) == [DuplicateSuggestion("o1", "o3", "same_name")]


def test_different_credit_codes_are_never_duplicates():
    entities = [NamedEntity("o1", "华康乳业有限公司", "91210502AAAAAAAA1X"),
                NamedEntity("o2", "华康乳业", "91210503BBBBBBBB2Y"), NamedEntity("o3", "华康乳业")]
    pairs = {(s.a, s.b) for s in duplicate_suggestions(entities)}
    assert pairs == {("o1", "o3"), ("o2", "o3")}


def test_one_person_entered_twice_is_suggested():
    people = [NamedEntity("p1", "王 建国"), NamedEntity("p2", "王建国"), NamedEntity("p3", "王建")]
    suggestions = duplicate_suggestions(people)
    assert DuplicateSuggestion("p1", "p2", "same_name") in suggestions


def test_names_match_for_possible_conflicts():
    assert names_match("本钢板材", "本溪市本钢板材股份有限公司")
    assert not names_match("本钢板材", "华康乳业")
    assert not names_match("钢", "钢厂")
