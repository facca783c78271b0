"""The expert's score sheet (Art. 5, 18, 19): step-5 percentages of the GB/T 19580 items, totals on the server,
drafts, submission and locking, stale saves refused, reopening by the office with a reason, and access only for
the assigned, signed, unconflicted expert (Art. 17, 33)."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.domain.standard import load_standard
from reviewapp.models import ApplicationStatus, Relation, RelationSource, RelationType, ScoreSheet, SheetStatus, Stage
from reviewapp.models.base import utcnow
from tests.conftest import audit_actions, version_in

ITEMS = [item.code for item in load_standard().items]


def url(application, stage="document_review"):
    return f"/reviews/{application.id}/{stage}"


def sheet_of(db, application):
    db.session.expire_all()
    return db.session.scalar(select(ScoreSheet).where(ScoreSheet.application_id == application.id))


def opened(client, application) -> int:
    """Open the sheet as the expert does; the version the page carries."""
    page = client.get(url(application))
    assert page.status_code == 200
    return version_in(page.get_data(as_text=True))


def post(client, application, percents, submit=False, version=None, **extra):
    db_sheet_version = version
    data = {f"pct-{code}": str(value) for code, value in percents.items()}
    data.update(extra)
    data["version"] = str(db_sheet_version)
    data["submit_sheet" if submit else "save_draft"] = "y"
    return client.post(url(application), data=data, follow_redirects=True)


def test_art18_a_draft_is_saved_and_the_total_computed_on_the_server(db, seated):
    application, _, _, client = seated
    page = post(client, application, {"4.1.2": 60, "4.7.2": 45}, version=opened(client, application),
                **{"str-4.1.2": "高层领导以身作则", "opp-4.7.2": "缺少对标数据"}).get_data(as_text=True)
    sheet = sheet_of(db, application)
    assert sheet.percents == {"4.1.2": 60, "4.7.2": 45} and sheet.status is SheetStatus.DRAFT
    assert sheet.strengths == {"4.1.2": "高层领导以身作则"} and sheet.opportunities == {"4.7.2": "缺少对标数据"}
    assert "66.00" in page  # 50 x 60% + 80 x 45%
    assert "score_sheet_saved" in audit_actions(db)


@pytest.mark.parametrize("value", ["62", "105", "-5", "abc"])
def test_art5_only_step_five_percentages_from_0_to_100(db, seated, value):
    application, _, _, client = seated
    page = post(client, application, {"4.1.2": value}, version=opened(client, application)).get_data(as_text=True)
    assert "alert-danger" in page and sheet_of(db, application) is None


def test_art18_submitting_needs_every_item_then_the_sheet_is_locked(db, seated):
    application, _, _, client = seated
    version = opened(client, application)
    page = post(client, application, {"4.1.2": 60}, submit=True, version=version).get_data(as_text=True)
    assert "alert-danger" in page and sheet_of(db, application) is None
    post(client, application, {code: 50 for code in ITEMS}, submit=True, version=version_in(page))
    sheet = sheet_of(db, application)
    assert sheet.status is SheetStatus.SUBMITTED and sheet.submitted_at is not None
    post(client, application, {code: 100 for code in ITEMS}, version=sheet.version)
    assert sheet_of(db, application).percents["4.1.2"] == 50  # locked


def test_a_save_from_a_stale_tab_is_refused_not_merged(db, seated):
    application, _, _, client = seated
    opened_at = opened(client, application)
    post(client, application, {"4.1.2": 60}, version=opened_at)  # tab one
    page = post(client, application, {"4.1.2": 20}, version=opened_at).get_data(as_text=True)  # tab two, stale
    assert "alert-danger" in page and sheet_of(db, application).percents == {"4.1.2": 60}


def test_the_office_reopens_a_submitted_sheet_with_a_reason(db, seated, office, client):
    application, _, _, expert_client = seated
    post(expert_client, application, {code: 50 for code in ITEMS}, submit=True,
         version=opened(expert_client, application))
    sheet = sheet_of(db, application)
    client.post(f"/reviews/sheets/{sheet.id}/reopen", data={"reason": ""})
    assert sheet_of(db, application).status is SheetStatus.SUBMITTED
    client.post(f"/reviews/sheets/{sheet.id}/reopen", data={"reason": "专家申请更正4.7.2的评分"})
    assert sheet_of(db, application).status is SheetStatus.DRAFT
    assert "score_sheet_reopened" in audit_actions(db)


def test_art17_a_sheet_is_not_reopened_once_the_cycle_moved_past_its_review(db, seated, office, client):
    application, _, _, expert_client = seated
    post(expert_client, application, {code: 50 for code in ITEMS}, submit=True,
         version=opened(expert_client, application))
    application.cycle.stage = Stage.ONSITE_REVIEW
    db.session.commit()
    sheet = sheet_of(db, application)
    client.post(f"/reviews/sheets/{sheet.id}/reopen", data={"reason": "专家申请更正"})
    assert sheet_of(db, application).status is SheetStatus.SUBMITTED


def test_art33_a_conflicted_expert_cannot_open_or_submit_a_sheet(db, seated):
    application, expert, _, client = seated
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=expert.person_id,
                            to_org_id=application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    assert client.get(url(application)).status_code == 404
    assert client.post(url(application), data={"pct-4.1.2": "60", "save_draft": "y", "version": "1"}
                       ).status_code == 404


def test_art17_unassigned_wrong_stage_or_dissolved_is_404(db, seated, make_application, make_org):
    application, _, panel, client = seated
    other = make_application(application.cycle, make_org("本溪药业示例有限公司"), status=ApplicationStatus.ACCEPTED)
    assert client.get(url(other)).status_code == 404
    assert client.get(url(application, "onsite_review")).status_code == 404
    assert client.get(url(application, "nonsense")).status_code == 404
    panel.dissolved_at = utcnow()
    db.session.commit()
    assert client.get(url(application)).status_code == 404


def test_the_totals_match_the_standard(db, seated):
    application, _, _, client = seated
    post(client, application, {code: 100 for code in ITEMS}, version=opened(client, application))
    from reviewapp.domain.standard import summarize

    assert summarize(load_standard(), sheet_of(db, application).percents).total == Decimal("1000.00")


def test_opening_the_sheet_writes_nothing_until_the_first_save(db, seated):
    """A page view is not a draft: the expert's home keeps "not started" and no save time is shown."""
    application, _, _, client = seated
    page = client.get(url(application)).get_data(as_text=True)
    assert sheet_of(db, application) is None and "最近保存于" not in page
    assert "未开始" in client.get("/").get_data(as_text=True)


def test_art18_a_refused_submission_keeps_what_the_expert_typed(db, seated):
    """Submitting with an item still blank is refused, and every score and text typed is still on the page."""
    application, _, _, client = seated
    typed = {code: 50 for code in ITEMS[:-1]}
    page = post(client, application, typed, submit=True, version=opened(client, application),
                **{"str-4.1.2": "高层领导以身作则", "opp-4.7.2": "缺少对标数据", "comment": "总体良好"}
                ).get_data(as_text=True)
    assert "alert-danger" in page and ITEMS[-1] in page and sheet_of(db, application) is None
    assert page.count('<option value="50" selected') == len(typed)
    assert load_standard().band_texts["process"][50] in page.split('band-text" aria-live')[1]
    assert "高层领导以身作则" in page and "缺少对标数据" in page and "总体良好" in page


def test_the_applicants_page_leads_the_expert_to_the_sheet_and_the_locked_sheet_says_how_to_change_it(db, seated):
    application, _, _, client = seated
    page = client.get(f"/applications/{application.id}").get_data(as_text=True)
    assert f'href="{url(application)}"' in page and "my-review-links" in page
    post(client, application, {code: 50 for code in ITEMS}, submit=True, version=opened(client, application))
    sheet_page = client.get(url(application)).get_data(as_text=True)
    assert 'id="sheet-locked"' in sheet_page and "办公室" in sheet_page
