"""GB/T 4754-2017 industry codes: checked against their section's divisions, and named for people (an expert's
specialties and an applicant's industry read "C31 黑色金属冶炼和压延加工业", not a bare code)."""
import pytest

from reviewapp.domain.industry import DIVISIONS, SECTIONS, check_industry_code, industry_label, industry_name


def test_every_division_of_every_section_has_a_name():
    assert sorted(DIVISIONS) == list(range(1, 98))
    for section, (_name, first, last) in SECTIONS.items():
        assert all(division in DIVISIONS for division in range(first, last + 1)), section


@pytest.mark.parametrize("code, label", [
    ("C31", "C31 黑色金属冶炼和压延加工业"), ("C3110", "C3110 黑色金属冶炼和压延加工业"),
    ("D44", "D44 电力、热力生产和供应业"), ("C", "C 制造业"), ("Q84", "Q84 卫生"), ("", ""), (None, "")])
def test_a_code_is_labelled_with_its_most_precise_name(code, label):
    assert industry_label(code) == label


def test_an_unknown_code_is_shown_as_it_is():
    assert industry_name("Z99") is None and industry_label("Z99") == "Z99"


def test_a_division_outside_its_section_is_refused():
    assert not check_industry_code("C44").ok and check_industry_code("c31").code == "C31"
