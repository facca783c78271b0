"""The score sheet's percentage options and item rows, built once per standard (reviews/scoring/widgets.py)."""
import random
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from reviewapp.domain import limits
from reviewapp.domain.standard import load_standard
from reviewapp.reviews.scoring.routes import Entries
from reviewapp.reviews.scoring.widgets import item_rows, percent_options

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


# The item loop templates/reviews/sheet.html rendered before item_rows (issue 19): the rows must stay as they were.
TEMPLATE_LOOP = ("{% from 'reviews/_saved_version.html' import saved_item %}"
                 "{%- set strengths, strengths_hint = _('Strengths'), _('Strengths (优势)') %}"
                 "{%- set opportunities, opportunities_hint = _('Opportunities for improvement'), "
                 "_('Opportunities for improvement (改进机会)') %}"
                 "{%- for category in standard.categories %}\n"
                 + (Path(__file__).parent / "sheet_item_loop.html").read_text(encoding="utf-8") + "\n{% endfor %}")
ITEM_ROWS = """{% from 'reviews/_saved_version.html' import saved_item %}
{%- for category in standard.categories %}
    {{ item_rows(standard, category, shown, refused_items, locked, application.self_assessment, saved, saved_item) }}
{% endfor %}"""


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_item_rows_are_the_html_the_template_loop_rendered(app, language):
    rnd = random.Random(19)
    codes = [item.code for item in STANDARD.items]

    def some(values):
        return {code: rnd.choice(values) for code in codes if rnd.random() < 0.5}

    texts = ["", "a<b>&\"'{x}", "改进 %s {0} %%", "plain"]
    with app.test_request_context("/", headers={"Accept-Language": language}):
        for _ in range(30):
            shown = Entries(some(STANDARD.percent_choices), some(texts), some(texts), "")
            saved = (Entries(some(STANDARD.percent_choices), some(texts), some(texts), "")
                     if rnd.random() < 0.4 else None)
            context = {"standard": STANDARD, "shown": shown, "saved": saved, "locked": rnd.random() < 0.3,
                       "refused_items": tuple(code for code in codes if rnd.random() < 0.3),
                       "application": SimpleNamespace(self_assessment=some([0, 35, 100])),
                       "percent_options": percent_options, "item_rows": item_rows, "limits": limits}
            expected = app.jinja_env.from_string(TEMPLATE_LOOP).render(context)
            assert app.jinja_env.from_string(ITEM_ROWS).render(context) == expected
