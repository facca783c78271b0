"""Issue 17: publishing a notice asks for confirmation and starts from the earliest end date the law allows
(Art. 16, 21: at least 5 working days on China's official calendar)."""
from datetime import date

from reviewapp.models import ApplicationStatus, Stage


def test_art16_the_acceptance_notice_form_prefills_the_earliest_legal_end_and_asks_to_confirm(
        db, office, client, make_cycle, make_application, today):
    today(date(2026, 9, 28))  # the National Day holiday falls within the five working days
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    make_application(cycle, status=ApplicationStatus.ACCEPTED)
    page = client.get(f"/cycles/{cycle.id}/acceptance-notice").get_data(as_text=True)
    form = page.split('id="notice-form"')[1]
    assert 'data-confirm="' in form.split(">")[0]
    assert 'value="2026-10-09"' in form.split('name="end_date"')[1].split(">")[0]
    assert "2026-10-09" in page.split('id="earliest-end"')[1].split("</strong>")[0]  # the same date as the hint
