"""The score sheet's percentage options, built once per standard (reviews/scoring/widgets.py)."""
import re

from reviewapp.domain.standard import load_standard
from reviewapp.reviews.scoring.widgets import percent_options

STANDARD = load_standard()
KIND = STANDARD.categories[0].kind


def test_every_choice_once_with_its_band_text_and_the_saved_one_selected():
    html = str(percent_options(STANDARD, KIND, 35))
    assert re.findall(r'<option value="(\d*)"', html) == [""] + [str(p) for p in STANDARD.percent_choices]
    assert re.findall(r'<option value="(\d+)" selected', html) == ["35"]
    assert f'title="{STANDARD.band_texts[KIND][35]}">35%</option>' in html
    assert "&lt;" not in html  # the options are markup, not text


def test_no_choice_selected_for_an_item_not_scored_yet():
    assert " selected" not in str(percent_options(STANDARD, KIND, None))
