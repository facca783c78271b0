"""Issue 13 item 6: a score sheet's and a panel report's per-item texts are limited on the server (one expert
stored a 20 MB sheet, and the leader's consolidation page became 20 MB) and in the page; a refused save writes
nothing and keeps what was typed."""
import html
import re

from reviewapp.domain import limits
from reviewapp.models import PanelStage
from tests.reviews.test_reports import form_data, report_of
from tests.reviews.test_reports import opened as report_opened
from tests.reviews.test_reports import url as report_url
from tests.reviews.test_sheets import opened, post, sheet_of
from tests.reviews.worlds import ITEMS, submit_sheet, uniform

DOC = PanelStage.DOCUMENT_REVIEW


def flashed(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.get_data(as_text=True)))


def test_item6_a_sheet_item_text_over_the_limit_is_refused_and_nothing_is_saved(db, seated):
    application, _, _, client = seated
    version = opened(client, application)
    long_text = "优" * (limits.ITEM_TEXT + 1)
    response = post(client, application, {ITEMS[0]: 60}, version=version, **{f"str-{ITEMS[1]}": long_text,
                                                                             f"opp-{ITEMS[2]}": "短"})
    page = flashed(response)
    assert response.status_code == 200
    assert sheet_of(db, application) is None  # not even a draft
    assert ITEMS[1] in page and str(limits.ITEM_TEXT) in page
    assert long_text in page  # what the expert typed is still on the page


def test_item6_a_sheet_item_text_at_the_limit_is_saved(db, seated):
    application, _, _, client = seated
    version = opened(client, application)
    text = "优" * limits.ITEM_TEXT
    post(client, application, {ITEMS[0]: 60}, version=version, **{f"str-{ITEMS[1]}": text})
    assert sheet_of(db, application).strengths == {ITEMS[1]: text}


def test_item6_the_sheet_page_limits_every_text_it_offers(db, seated):
    application, _, _, client = seated
    page = client.get(f"/reviews/{application.id}/document_review").get_data(as_text=True)
    for code in ITEMS:
        for prefix in ("str", "opp"):
            field = re.search(rf'<textarea[^>]*name="{prefix}-{re.escape(code)}"[^>]*>', page).group(0)
            assert f'maxlength="{limits.ITEM_TEXT}"' in field
    comment = re.search(r'<textarea[^>]*name="comment"[^>]*>', page).group(0)
    assert f'maxlength="{limits.LONG_TEXT}"' in comment  # WTForms renders its Length validator's maximum


def test_item6_a_report_text_over_the_limit_is_refused_and_nothing_is_saved(db, doc_panel):
    for expert in doc_panel.experts:
        submit_sheet(db, doc_panel.application, expert, DOC, uniform(60))
    leader = doc_panel.leader()
    version = report_opened(leader, doc_panel)
    category = "4.1"
    response = leader.post(report_url(doc_panel), follow_redirects=True, data=form_data(
        version, uniform(60), **{f"just-{ITEMS[0]}": "理" * (limits.ITEM_TEXT + 1),
                                 f"cstr-{category}": "优" * (limits.CATEGORY_TEXT + 1)}))
    page = flashed(response)
    assert response.status_code == 200
    assert report_of(db, doc_panel) is None
    assert ITEMS[0] in page and str(limits.ITEM_TEXT) in page
    page = leader.get(report_url(doc_panel)).get_data(as_text=True)
    assert re.search(rf'name="just-{re.escape(ITEMS[0])}" maxlength="{limits.ITEM_TEXT}"', page)
    assert re.search(rf'name="cstr-{re.escape(category)}" maxlength="{limits.CATEGORY_TEXT}"', page)
