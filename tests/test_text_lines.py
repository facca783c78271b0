"""SVG labels do not wrap by themselves: charts.text_lines breaks them into lines of character cells (a Chinese
character one cell, a Latin letter or digit about half) and marks what is cut."""
from reviewapp.charts import text_lines


def test_a_short_text_is_one_line_and_a_long_one_two_with_an_ellipsis():
    assert text_lines("本钢集团", 10) == ["本钢集团"]
    assert text_lines("本溪钢铁（集团）特种板材有限责任公司本溪分公司", 10) == [
        "本溪钢铁（集团）特种", "板材有限责任公司本…"]


def test_two_lines_are_of_even_length_not_a_full_line_and_a_widow():
    assert text_lines("本溪药都制药股份有限公司", 10.5) == ["本溪药都制药", "股份有限公司"]


def test_digits_take_half_a_cell():
    assert text_lines("竞争对手（2020-01-01 至今）", 15.5) == ["竞争对手（2020-01-01 至今）"]


def test_an_empty_text_is_one_empty_line():
    assert text_lines("", 10) == [""]
