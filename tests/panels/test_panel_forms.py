"""The office's panel page says what it refuses before the form is filled (Art. 13, 17), explains a refused
panel name, and states a fixed panel size as one number."""
import pytest
from sqlalchemy import select

from reviewapp.models import ApplicationStatus, Panel, Stage
from tests.conftest import audit_actions


@pytest.fixture
def cycle_at(make_cycle, make_application):
    def make(stage):
        cycle = make_cycle(stage=stage)
        make_application(cycle, status=ApplicationStatus.ACCEPTED)
        return cycle
    return make


@pytest.mark.parametrize("name, expected", [("   ", ("Give the panel a name.", "请填写评审组名称。")),
                                            ("组" * 101, ("at most 100", "100"))])
def test_art17_a_blank_or_overlong_panel_name_is_explained_and_nothing_is_created(db, office, client, cycle_at,
                                                                                 name, expected):
    cycle = cycle_at(Stage.PANELS)
    page = client.post(f"/panels/cycles/{cycle.id}/document_review/new", data={"name": name},
                       follow_redirects=True).get_data(as_text=True)
    alert = page.split("alert-danger")[1].split("</div>")[0]
    assert any(text in alert for text in expected)
    assert db.session.scalar(select(Panel)) is None and "panel_created" not in audit_actions(db)


def test_art17_a_panel_name_is_stored_without_surrounding_spaces(db, office, client, cycle_at):
    cycle = cycle_at(Stage.PANELS)
    client.post(f"/panels/cycles/{cycle.id}/document_review/new", data={"name": "  第一评审组  "})
    assert db.session.scalar(select(Panel.name)) == "第一评审组"


@pytest.mark.parametrize("stage, panels", [(Stage.PANELS, "onsite_review"),
                                           (Stage.ACCEPTANCE_REVIEW, "document_review"),
                                           (Stage.ONSITE_REVIEW, "document_review"),
                                           (Stage.COMPREHENSIVE_EVALUATION, "onsite_review")])
def test_art13_art17_no_new_panel_form_where_the_stage_refuses_it(db, office, client, cycle_at, stage, panels):
    cycle = cycle_at(stage)
    page = client.get(f"/panels/cycles/{cycle.id}/{panels}").get_data(as_text=True)
    assert 'id="forming-refused"' in page
    assert f"/panels/cycles/{cycle.id}/{panels}/new" not in page and f"/{panels}/propose" not in page
    # the server refuses all the same
    client.post(f"/panels/cycles/{cycle.id}/{panels}/new", data={"name": "第一评审组"})
    client.post(f"/panels/cycles/{cycle.id}/{panels}/propose")
    assert db.session.scalar(select(Panel)) is None
    assert not {"panel_created", "assignment_proposed"} & set(audit_actions(db))


@pytest.mark.parametrize("stage, panels", [(Stage.PANELS, "document_review"), (Stage.DOCUMENT_REVIEW, "onsite_review"),
                                           (Stage.ONSITE_REVIEW, "onsite_review")])
def test_art17_the_new_panel_form_is_offered_where_panels_are_formed(db, office, client, cycle_at, stage, panels):
    cycle = cycle_at(stage)
    page = client.get(f"/panels/cycles/{cycle.id}/{panels}").get_data(as_text=True)
    assert 'id="forming-refused"' not in page and f"/panels/cycles/{cycle.id}/{panels}/new" in page


def test_a_fixed_panel_size_is_stated_as_one_number(db, office, client, cycle_at):
    cycle = cycle_at(Stage.PANELS)
    client.post(f"/panels/cycles/{cycle.id}/document_review/new", data={"name": "第一评审组"})
    page = client.get(f"/panels/cycles/{cycle.id}/document_review").get_data(as_text=True)
    assert "5 至 5" not in page and "5 to 5" not in page
    assert "评审专家 5 名" in page or "and 5 experts" in page
    assert "须为 5 名" in page or "this stage needs 5." in page


def test_a_size_range_is_still_stated_as_a_range(db, office, client, cycle_at):
    cycle = cycle_at(Stage.DOCUMENT_REVIEW)
    client.post(f"/panels/cycles/{cycle.id}/onsite_review/new", data={"name": "现场评审一组"})
    page = client.get(f"/panels/cycles/{cycle.id}/onsite_review").get_data(as_text=True)
    assert "3 至 5" in page or "3 to 5" in page


def test_art17_a_draft_left_behind_by_the_stage_offers_no_confirmation(db, office, client, make_cycle,
                                                                       make_application):
    from reviewapp.models import AssignmentProposal, PanelStage

    cycle = make_cycle(stage=Stage.PANELS)
    make_application(cycle, status=ApplicationStatus.ACCEPTED)
    client.post(f"/panels/cycles/{cycle.id}/document_review/propose")
    proposal = db.session.scalar(select(AssignmentProposal))
    assert proposal.stage is PanelStage.DOCUMENT_REVIEW
    assert 'id="confirm-proposal"' in client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True)
    cycle.stage = Stage.ONSITE_REVIEW
    db.session.commit()
    page = client.get(f"/panels/proposals/{proposal.id}").get_data(as_text=True)
    assert 'id="forming-refused"' in page and 'id="confirm-proposal"' not in page
    client.post(f"/panels/proposals/{proposal.id}/confirm")
    assert db.session.scalar(select(Panel)) is None
