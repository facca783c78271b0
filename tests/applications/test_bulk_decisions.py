"""Issue 17: the office accepts or rejects several applications at once (Art. 16), each with its reasons, through
the single decision's rules; all or nothing."""
from sqlalchemy import select

from reviewapp.models import ApplicationStatus, AuditEntry, Notice, NoticeKind, Stage
from tests.acceptance import complete_for_acceptance
from tests.conftest import audit_actions


def post(client, cycle, decision, chosen, **fields):
    return client.post(f"/applications/cycle/{cycle.id}/decisions",
                       data={"decision": decision, "chosen": [str(a.id) for a in chosen], **fields},
                       follow_redirects=True).get_data(as_text=True)


def statuses(db, *applications):
    db.session.expire_all()
    return [a.status for a in applications]


def test_art16_the_page_shows_each_applications_eligibility_and_checklist(db, office, client, make_cycle,
                                                                         make_application):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    complete = complete_for_acceptance(make_application(cycle))
    incomplete = make_application(cycle)
    page = client.get(f"/applications/cycle/{cycle.id}/decisions").get_data(as_text=True)
    assert f'name="reason-{complete.id}"' in page and f'name="reason-{incomplete.id}"' in page
    # the written reason to accept over open items is asked only where the checklist has them
    assert f'name="override-{incomplete.id}"' in page and f'name="override-{complete.id}"' not in page
    assert "data-confirm" in page and "decide-many-link" in client.get(f"/cycles/{cycle.id}").get_data(as_text=True)


def test_art16_several_applications_are_accepted_at_once_each_with_its_reasons(db, office, client, make_cycle,
                                                                             make_application):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    complete = complete_for_acceptance(make_application(cycle))
    over = complete_for_acceptance(make_application(cycle), judgements=False)
    left_alone = make_application(cycle)
    post(client, cycle, "accept", [complete, over], **{f"reason-{complete.id}": "材料齐全",
                                                        f"override-{over.id}": "第十一条已现场核实"})
    assert statuses(db, complete, over, left_alone) == [ApplicationStatus.ACCEPTED, ApplicationStatus.ACCEPTED,
                                                        ApplicationStatus.REGISTERED]
    assert complete.decision_reason == "材料齐全" and over.override_reason == "第十一条已现场核实"
    assert over.accepted_over == ["art11_1", "art11_3", "art11_4", "art11_5"]
    assert audit_actions(db).count("application_accepted") == 2


def test_art16_a_refused_batch_writes_nothing_and_names_the_refused_application(db, office, client, make_cycle,
                                                                             make_application):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    first, second = make_application(cycle), make_application(cycle)
    page = post(client, cycle, "reject", [first, second], **{f"reason-{first.id}": "材料不全",
                                                             f"reason-{second.id}": ""})
    assert statuses(db, first, second) == [ApplicationStatus.REGISTERED, ApplicationStatus.REGISTERED]
    assert "application_rejected" not in audit_actions(db)
    refused = page.split(f'data-number="{second.number}"')[1].split('class="card mb-2')[0]
    assert "row-refusal" in refused and "row-refusal" not in page.split(f'data-number="{first.number}"')[1].split(
        f'data-number="{second.number}"')[0]
    assert "材料不全" in page and f'value="{first.id}" id="chosen-{first.id}" checked' in page  # what was typed stays


def test_art16_accepting_over_open_items_without_the_written_reason_refuses_the_whole_batch(
        db, office, client, make_cycle, make_application):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    complete = complete_for_acceptance(make_application(cycle))
    incomplete = make_application(cycle)
    post(client, cycle, "accept", [complete, incomplete])
    assert statuses(db, complete, incomplete) == [ApplicationStatus.REGISTERED, ApplicationStatus.REGISTERED]
    assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "application_accepted")) is None


def test_art16_nothing_chosen_too_long_or_the_wrong_stage_is_refused_with_a_message(db, office, client, make_cycle,
                                                                                   make_application):
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    application = make_application(cycle)
    assert "至少" in post(client, cycle, "reject", []) or "at least one" in post(client, cycle, "reject", [])
    post(client, cycle, "reject", [application], **{f"reason-{application.id}": "长" * 6000})
    post(client, cycle, "maybe", [application], **{f"reason-{application.id}": "理由"})
    assert statuses(db, application) == [ApplicationStatus.REGISTERED]
    db.session.add(Notice(cycle_id=cycle.id, kind=NoticeKind.ACCEPTANCE, title="t", body="b",
                          start_date=cycle.reference_date, end_date=cycle.reference_date, working_days=5, entries=[]))
    db.session.commit()
    post(client, cycle, "reject", [application], **{f"reason-{application.id}": "理由"})
    assert statuses(db, application) == [ApplicationStatus.REGISTERED]


def test_the_bulk_page_answers_a_huge_cycle_id_with_404(db, office, client):
    assert client.get("/applications/cycle/99999999999999999999/decisions").status_code == 404
