"""Issue 18: applying online (Art. 14-16): the draft, its files, the submission to the recommender and its signed
opinion, which registers the application with the office."""
from datetime import date

from sqlalchemy import func, select

from reviewapp.models import (
    Application,
    ApplicationDraft,
    AuditEntry,
    CreditRecord,
    CreditRecordKind,
    DraftStatus,
    Material,
    Notification,
    Relation,
    RelationType,
    Stage,
)
from reviewapp.uploads import upload_folder
from tests.online.conftest import FORM, ITEMS, complete, draft_data, sign, start, submit, upload


def _draft(w, draft) -> ApplicationDraft:
    w.db.session.expire_all()
    return w.db.session.get(ApplicationDraft, draft.id)


def _count(w, model, *where) -> int:
    w.db.session.expire_all()
    return w.db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_art15_a_draft_is_saved_incomplete_and_every_save_is_audited(world):
    draft = start(world)
    assert draft.organization_id == world.org.id and draft.status is DraftStatus.DRAFT
    c = world.client("huagang")
    data = draft_data(0, draft.version, items=ITEMS[:3], form={"profile": "只写了简介"})
    assert c.post(f"/online/drafts/{draft.id}", data=data).status_code == 302
    saved = _draft(world, draft)
    assert saved.form_data == {"profile": "只写了简介"} and saved.self_assessment == {c: 60 for c in ITEMS[:3]}
    assert saved.recommender_id is None and saved.updated_by_id == world.applicant.id
    page = c.get(f"/online/drafts/{draft.id}").get_data(as_text=True)
    assert 'id="submission-problems"' in page
    actions = set(world.db.session.scalars(select(AuditEntry.action)))
    assert {"draft_started", "draft_saved"} <= actions


def test_starting_twice_opens_the_same_draft_and_a_paper_application_refuses_one(world, make_application):
    first = start(world)
    assert start(world).id == first.id
    make_application(world.cycle, world.other_org)
    response = world.client("yiyao").post(f"/online/start/{world.cycle.id}", follow_redirects=True)
    assert "办公室已在本届登记了贵组织的申报" in response.get_data(as_text=True)
    assert _count(world, ApplicationDraft) == 1


def test_a_stale_save_is_refused(world):
    draft = start(world)
    c = world.client("huagang")
    c.post(f"/online/drafts/{draft.id}", data=draft_data(0, draft.version))
    response = c.post(f"/online/drafts/{draft.id}", data=draft_data(world.recommender.id, draft.version))
    assert response.status_code == 200
    assert _draft(world, draft).recommender_id is None


def test_art15_upload_a_good_file_remove_it_and_refuse_a_bad_one(world):
    draft = start(world)
    c = world.client("huagang")
    assert upload(c, draft).status_code == 302
    material = world.db.session.scalar(select(Material).where(Material.draft_id == draft.id))
    path = upload_folder() / material.stored_name
    assert path.exists() and material.application_id is None
    response = c.get(f"/online/files/{material.id}")
    assert response.status_code == 200
    response.close()
    bad = upload(c, draft, data=b"MZ\x90\x00 not a pdf", name="病毒.pdf")
    assert bad.status_code == 302
    assert _count(world, Material) == 1
    assert c.post(f"/online/files/{material.id}/remove").status_code == 302
    assert _count(world, Material) == 0 and not path.exists()


def test_art15_submission_is_refused_with_each_missing_thing_named(world):
    draft = start(world)
    page = submit(world, draft).get_data(as_text=True)
    assert _draft(world, draft).status is DraftStatus.DRAFT
    for expected in ("申报未提交：", "申报表缺少：组织概况", "自我评价缺少 23 个 GB/T 19580 评分项",
                     "请上传申报表（签章扫描件）", "请上传自我评价报告", "请选择签署推荐意见的推荐单位"):
        assert expected in page, expected


def test_art11_submission_is_refused_when_an_automatic_eligibility_check_fails(world):
    world.db.session.add(CreditRecord(organization_id=world.org.id, kind=CreditRecordKind.SERIOUS_DISHONESTY,
                                      start_date=date(2025, 1, 1), source="信用中国"))
    world.db.session.commit()
    draft = complete(world, start(world))
    page = submit(world, draft).get_data(as_text=True)
    assert _draft(world, draft).status is DraftStatus.DRAFT
    assert "自动资格审查未通过" in page


def test_art15_nothing_is_submitted_after_the_deadline_day_in_benxi(world):
    draft = complete(world, start(world))
    world.today(date(2026, 12, 11))
    page = submit(world, draft).get_data(as_text=True)
    assert _draft(world, draft).status is DraftStatus.DRAFT
    assert "2026-12-10" in page
    world.today(date(2026, 12, 10))  # the deadline day itself still counts
    submit(world, draft)
    assert _draft(world, draft).status is DraftStatus.AWAITING_RECOMMENDATION


def test_art15_submitting_tells_the_recommender_and_locks_the_draft_until_taken_back(world):
    draft = complete(world, start(world))
    submit(world, draft)
    submitted = _draft(world, draft)
    assert submitted.status is DraftStatus.AWAITING_RECOMMENDATION and submitted.submitted_by_id == world.applicant.id
    assert world.db.session.scalar(select(Notification).where(Notification.user_id == world.recommender_user.id,
                                                              Notification.kind == "draft_submitted"))
    c = world.client("huagang")
    c.post(f"/online/drafts/{draft.id}", data=draft_data(world.recommender.id, submitted.version, form={}))
    assert _draft(world, draft).form_data["profile"] == FORM["profile"]
    assert upload(c, draft).status_code == 302 and _count(world, Material) == 2
    assert "xiehui" not in c.get("/").get_data(as_text=True)
    assert c.post(f"/online/drafts/{draft.id}/take-back").status_code == 302
    assert _draft(world, draft).status is DraftStatus.DRAFT


def test_art15_the_recommender_signs_and_the_application_is_registered_with_its_files(world):
    draft = complete(world, start(world))
    submit(world, draft)
    rec = world.client("xiehui")
    assert "本溪华钢" in rec.get("/online/opinions").get_data(as_text=True)
    assert "本溪华钢" in rec.get("/").get_data(as_text=True)
    assert rec.get(f"/online/opinions/{draft.id}").status_code == 200
    page = sign(world, draft, scan=None).get_data(as_text=True)
    assert _draft(world, draft).status is DraftStatus.AWAITING_RECOMMENDATION  # the stamped letter is required
    page = sign(world, draft, signed_on="2026-11-27").get_data(as_text=True)  # not after today
    assert _draft(world, draft).status is DraftStatus.AWAITING_RECOMMENDATION
    page = sign(world, draft).get_data(as_text=True)
    signed = _draft(world, draft)
    assert signed.status is DraftStatus.REGISTERED, page
    application = world.db.session.get(Application, signed.application_id)
    assert application.organization_id == world.org.id and application.recommender_id == world.recommender.id
    assert application.recommendation_signatory == "吴秘书长"
    assert application.registered_by_id == world.recommender_user.id
    assert application.self_assessment == {code: 60 for code in ITEMS} and application.form_data["employees"] == 1200
    kinds = sorted(m.kind.value for m in application.materials)
    assert kinds == ["application_form", "recommendation_letter", "self_assessment_report"]
    assert all(m.draft_id == draft.id for m in application.materials)
    assert world.db.session.scalar(select(Relation).where(Relation.type == RelationType.RECOMMENDED,
                                                          Relation.to_org_id == world.org.id))
    office = world.client("office")
    assert application.number in office.get(f"/cycles/{world.cycle.id}").get_data(as_text=True)
    shown = office.get(f"/applications/{application.id}").get_data(as_text=True)
    assert "推荐意见.pdf" in shown
    letter = next(m for m in application.materials if m.kind.value == "recommendation_letter")
    response = office.get(f"/applications/materials/{letter.id}")
    assert response.status_code == 200
    response.close()
    notified = set(world.db.session.scalars(select(Notification.kind)))
    assert {"online_application_registered", "draft_registered"} <= notified
    # registered: the organization can no longer remove its files
    assert world.client("huagang").post(f"/online/files/{letter.id}/remove").status_code == 302
    assert _count(world, Material) == 3


def test_art15_a_scan_that_is_not_what_it_claims_is_refused_and_nothing_is_registered(world):
    draft = complete(world, start(world))
    submit(world, draft)
    files_before = set(upload_folder().iterdir())
    sign(world, draft, scan=b"<html><script>alert(1)</script></html>")
    assert _draft(world, draft).status is DraftStatus.AWAITING_RECOMMENDATION
    assert _count(world, Application) == 0 and _count(world, Material) == 2
    assert set(upload_folder().iterdir()) == files_before


def test_art15_the_recommender_declines_with_a_reason_and_the_organization_may_resubmit(world):
    draft = complete(world, start(world))
    submit(world, draft)
    rec = world.client("xiehui")
    assert rec.post(f"/online/opinions/{draft.id}/decline", data={"reason": ""}).status_code == 200
    assert _draft(world, draft).status is DraftStatus.AWAITING_RECOMMENDATION
    assert rec.post(f"/online/opinions/{draft.id}/decline", data={"reason": "材料不实"}).status_code == 302
    declined = _draft(world, draft)
    assert declined.status is DraftStatus.DECLINED and declined.decline_reason == "材料不实"
    assert world.db.session.scalar(select(Notification).where(Notification.user_id == world.applicant.id,
                                                              Notification.kind == "draft_declined"))
    home = world.client("huagang").get("/").get_data(as_text=True)
    assert "材料不实" in home
    assert rec.get(f"/online/opinions/{draft.id}").status_code == 404  # no longer its to read
    c = world.client("huagang")
    c.post(f"/online/drafts/{draft.id}", data=draft_data(world.other_recommender.id, declined.version))
    submit(world, draft)
    assert _draft(world, draft).status is DraftStatus.AWAITING_RECOMMENDATION
    assert world.client("gongxin").get(f"/online/opinions/{draft.id}").status_code == 200


def test_art15_signing_after_the_deadline_counts_the_submission_date(world):
    draft = complete(world, start(world))
    submit(world, draft)
    world.today(date(2026, 12, 20))
    sign(world, draft, signed_on="2026-12-20")
    assert _draft(world, draft).status is DraftStatus.REGISTERED


def test_art16_signing_is_refused_once_the_cycle_left_the_application_stage(world):
    draft = complete(world, start(world))
    submit(world, draft)
    world.cycle.stage = Stage.ACCEPTANCE_REVIEW
    world.db.session.commit()
    sign(world, draft)
    assert _draft(world, draft).status is DraftStatus.AWAITING_RECOMMENDATION
    assert _count(world, Application) == 0


def test_art15_the_cycle_cannot_leave_its_application_stage_while_a_draft_awaits_its_recommender(world):
    from reviewapp.cycles.queries import stage_blockers

    draft = complete(world, start(world))
    submit(world, draft)
    world.today(date(2026, 12, 11))
    messages = [b.message for b in stage_blockers(world.db.session.get(type(world.cycle), world.cycle.id))]
    assert any("recommender" in m for m in messages)
    assert 'id="drafts-awaiting"' in world.client("office").get(f"/cycles/{world.cycle.id}").get_data(as_text=True)


def test_art33_another_organization_never_reaches_the_draft_or_its_files(world):
    draft = start(world)
    c = world.client("huagang")
    upload(c, draft)
    material = world.db.session.scalar(select(Material))
    other = world.client("yiyao")
    assert other.get(f"/online/drafts/{draft.id}").status_code == 404
    assert other.post(f"/online/drafts/{draft.id}", data=draft_data(0, 1)).status_code == 404
    assert other.get(f"/online/files/{material.id}").status_code == 404
    assert other.post(f"/online/files/{material.id}/remove").status_code == 404
    assert other.post(f"/online/drafts/{draft.id}/submit").status_code == 404
    assert other.post(f"/online/drafts/{draft.id}/files").status_code == 404
    assert other.get("/online/drafts/99999999999").status_code == 404
    assert _count(world, Material) == 1


def test_art33_a_recommender_reads_only_what_names_it_and_only_once_submitted(world):
    draft = complete(world, start(world))
    material = world.db.session.scalar(select(Material))
    rec = world.client("xiehui")
    assert rec.get(f"/online/opinions/{draft.id}").status_code == 404  # not submitted yet
    assert rec.get(f"/online/files/{material.id}").status_code == 404
    submit(world, draft)
    response = rec.get(f"/online/files/{material.id}")
    assert response.status_code == 200
    response.close()
    other = world.client("gongxin")
    assert other.get(f"/online/opinions/{draft.id}").status_code == 404
    assert other.get(f"/online/files/{material.id}").status_code == 404
    assert sign(world, draft, username="gongxin").status_code == 404
    assert other.post(f"/online/opinions/{draft.id}/decline", data={"reason": "x"}).status_code == 404
    assert "本溪华钢" not in other.get("/online/opinions").get_data(as_text=True)
    assert _draft(world, draft).status is DraftStatus.AWAITING_RECOMMENDATION


def test_office_expert_and_group_never_reach_the_organizations_pages(world):
    draft = start(world)
    for username in ("office", "lizj", "group"):
        c = world.client(username)
        assert c.get(f"/online/drafts/{draft.id}").status_code == 403
        assert c.post(f"/online/start/{world.cycle.id}").status_code == 403
        assert c.get("/online/opinions").status_code == 403
    # a draft's file reaches the office only with the application
    upload(world.client("huagang"), draft)
    material = world.db.session.scalar(select(Material))
    assert world.client("office").get(f"/applications/materials/{material.id}").status_code == 404


def test_the_applicant_home_offers_the_online_application(world):
    home = world.client("huagang").get("/").get_data(as_text=True)
    assert 'id="start-draft"' in home
    draft = start(world)
    home = world.client("huagang").get("/").get_data(as_text=True)
    assert 'id="open-draft"' in home and 'id="home-draft-status"' in home
    world.cycle.stage = Stage.ACCEPTANCE_REVIEW
    world.db.session.commit()
    assert draft.id
    assert 'id="start-draft"' not in world.client("yiyao").get("/").get_data(as_text=True)


def test_art14_may_apply_online_names_who_may_start_and_until_when(world):
    from reviewapp.permissions import may_apply_online

    cycle = world.cycle
    assert may_apply_online(world.applicant, cycle)
    assert not may_apply_online(world.recommender_user, cycle) and not may_apply_online(world.office, cycle)
    world.today(date(2026, 12, 11))
    assert not may_apply_online(world.applicant, cycle)
