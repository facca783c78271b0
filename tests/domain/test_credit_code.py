"""GB 32100-2015 unified social credit codes, and Art. 11(2): applicants are registered within Benxi."""
import pytest

from reviewapp.domain.credit_code import (
    BENXI_DIVISIONS,
    CHARSET,
    MSG_CHARACTER,
    MSG_CHECK_CHAR,
    MSG_LENGTH,
    PROVINCES,
    check_credit_code,
    credit_code_check_char,
    division_name,
    normalize_credit_code,
)

# A published code (Shenzhen Tencent Computer Systems Co., Ltd.), checked by hand:
#   values  9 1 4 4 0 3 0 0 7 1 5 2 6 7 2 6 X=29
#   weights 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28
#   sum = 9+3+36+108+0+78+0+0+140+29+125+26+48+168+20+180+812 = 1782; 1782 mod 31 = 15; 31-15 = 16 -> 'G'
KNOWN_VALID = "9144030071526726XG"


def valid_code(division: str, organisation: str = "MA0ABCD12", prefix: str = "91") -> str:
    first17 = prefix + division + organisation
    return first17 + credit_code_check_char(first17)


def test_charset_has_31_characters_without_i_o_z_s_v():
    assert len(CHARSET) == 31
    assert not set("IOZSV") & set(CHARSET)


def test_check_char_of_a_published_code_matches_the_hand_computation():
    assert credit_code_check_char(KNOWN_VALID[:17]) == "G"


def test_published_code_is_valid_and_located_by_its_province():
    result = check_credit_code(KNOWN_VALID)
    assert result.valid and result.message is None and result.params == {}
    assert result.division_code == "440300"
    assert result.division_name == "广东省"
    assert result.in_benxi is False


def test_check_char_remainder_zero_gives_zero_not_31():
    # (31 - 0) % 31 == 0: a weighted sum divisible by 31 has check character '0'
    assert credit_code_check_char("0" * 17) == "0"


def test_check_char_refuses_wrong_length_or_characters():
    with pytest.raises(ValueError):
        credit_code_check_char("91210500")
    with pytest.raises(ValueError):
        credit_code_check_char("9121050OMA0ABCD12")


def test_normalisation_strips_whitespace_inside_and_out():
    assert normalize_credit_code(" 9144 0300\t7152 6726\u3000XG \n") == KNOWN_VALID


def test_normalisation_turns_full_width_half_width():
    assert normalize_credit_code("ＡＢ１２") == "AB12"


def test_normalisation_upper_cases():
    assert normalize_credit_code("9144030071526726xg") == KNOWN_VALID


def test_lower_case_full_width_input_is_accepted_after_normalisation():
    typed = "９１４４０３００７１５２６７２６ｘｇ"
    result = check_credit_code(typed)
    assert result.valid
    assert result.code == KNOWN_VALID


def test_wrong_length_is_refused_with_the_length():
    result = check_credit_code("91210500MA0ABCD1")
    assert not result.valid
    assert result.message == MSG_LENGTH
    assert result.params == {"length": 16}
    assert result.division_code is None and result.division_name is None and not result.in_benxi


def test_empty_input_is_refused_as_wrong_length():
    result = check_credit_code("   ")
    assert result.message == MSG_LENGTH and result.params == {"length": 0}


@pytest.mark.parametrize("letter", list("IOZSV"))
def test_letters_i_o_z_s_v_are_refused_with_their_position(letter):
    code = "91210500MA0AB" + letter + "D123"
    result = check_credit_code(code)
    assert not result.valid
    assert result.message == MSG_CHARACTER
    assert result.params == {"position": 14, "char": letter}


def test_punctuation_is_refused_as_a_character():
    result = check_credit_code("91210500-A0ABCD123")
    assert result.message == MSG_CHARACTER and result.params == {"position": 9, "char": "-"}


def test_wrong_check_char_is_refused_naming_the_expected_one():
    result = check_credit_code(KNOWN_VALID[:17] + "H")
    assert not result.valid
    assert result.message == MSG_CHECK_CHAR
    assert result.params == {"expected": "G", "actual": "H"}


def test_swapped_characters_are_caught_by_the_check_char():
    swapped = KNOWN_VALID[:9] + KNOWN_VALID[10] + KNOWN_VALID[9] + KNOWN_VALID[11:]
    assert check_credit_code(swapped).message == MSG_CHECK_CHAR


def test_messages_format_with_their_params():
    for raw in ("123", "91210500MA0ABIDC12", KNOWN_VALID[:17] + "H"):
        result = check_credit_code(raw)
        assert "%(" not in result.message % result.params


@pytest.mark.parametrize("division, name", sorted(BENXI_DIVISIONS.items()))
def test_codes_registered_in_each_benxi_division_are_in_benxi(division, name):
    result = check_credit_code(valid_code(division))
    assert result.valid
    assert result.division_code == division
    assert result.division_name == name
    assert result.in_benxi is True


def test_other_benxi_division_codes_count_as_benxi_art_11_2():
    # e.g. a development zone's own code: still within Benxi's administrative area
    result = check_credit_code(valid_code("210571"))
    assert result.in_benxi
    assert result.division_name == "本溪市（代码 210571）"


def test_shenyang_code_is_not_in_benxi():
    result = check_credit_code(valid_code("210102"))
    assert result.valid
    assert result.division_name == "沈阳市"
    assert result.in_benxi is False


def test_code_of_a_social_organisation_registered_in_benxi():
    # registration authority 5 (民政), category 1 (社会团体)
    result = check_credit_code(valid_code("210502", "MJ0000001", prefix="51"))
    assert result.valid and result.in_benxi and result.division_name == "平山区"


def test_division_name_of_liaoning_province_level_code_is_the_province():
    assert division_name("210000") == "辽宁省"


def test_division_name_knows_all_31_mainland_provinces():
    assert len(PROVINCES) == 31
    assert division_name("110105") == "北京市"
    assert division_name("650102") == "新疆维吾尔自治区"


def test_division_name_of_unknown_or_malformed_codes_is_none():
    assert division_name("710000") is None  # not one of the 31 mainland provinces
    assert division_name("990000") is None
    assert division_name("MA0ABC") is None
    assert division_name("2105") is None
