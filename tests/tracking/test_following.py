"""Issue 18: an organization follows its own applications (/my), and after the cycle downloads its feedback report
(Art. 26), certificate and commendation decision (Art. 24). Art. 33: never an expert's name, a panel, a score or
another applicant; object by object, never another organization's application or file."""
import re

import pytest
from sqlalchemy import select

from reviewapp.models import (
    Application,
    AuditEntry,
    Expert,
    ImpartialityDeclaration,
    OrgKind,
    PanelStage,
    Person,
    Role,
    Stage,
)
from tests.acceptance import complete_for_acceptance
from tests.awards.worlds import PDF, approve, commend
from tests.demo_data import load_demo
from tests.reviews.worlds import seat_panel, submit_sheet, submitted_report, uniform

SECRETS = ("王组长", "李专家", "第一评审组", "第二评审组", "870.00", "870", "630", "65%", "乙药业有限公司",
           "丙机械有限公司", "combined_score")


def _expert(db, make_user, cycle, username, name):
    user = make_user(username, Role.EXPERT, display_name=name)
    expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
    db.session.add(ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version="2026.1",
                                           text_sha256="x" * 64))
    return expert


@pytest.fixture
def reviewed(db, app, today, make_user, make_applicant, approval_cycle):
    """甲 (an award), 乙 (a nomination) and 丙 of the approval world, reviewed by named experts on named panels with
    scores; 甲 has a verified login (huagang); the office approved the results and recorded the commendation."""
    cycle = approval_cycle.cycle
    jia = db.session.scalar(select(Application).where(Application.organization_id == approval_cycle.orgs["甲"].id))
    complete_for_acceptance(jia, judgements=False)
    experts = [_expert(db, make_user, cycle, "leader", "王组长"), _expert(db, make_user, cycle, "member1", "李专家")]
    panel = seat_panel(db, cycle, PanelStage.DOCUMENT_REVIEW, "第一评审组", experts, [jia])
    submit_sheet(db, jia, experts[1], PanelStage.DOCUMENT_REVIEW, uniform(65))
    submitted_report(db, jia, panel, PanelStage.DOCUMENT_REVIEW, uniform(65), strengths={"4.1": "领导作用突出"},
                     opportunities={"4.7": "结果对比不足"})
    make_user("office", Role.OFFICE)
    make_applicant(approval_cycle.orgs["甲"], "huagang")
    make_applicant(approval_cycle.orgs["乙"], "yiyao")
    return {"cycle": cycle, "jia": jia, "orgs": approval_cycle.orgs, "panel": panel}


def pages_of(client, application):
    urls = ["/", "/my/", f"/my/applications/{application.id}"]
    return {url: client.get(url).get_data(as_text=True) for url in urls}


def assert_nothing_confidential(pages):
    for url, page in pages.items():
        text = re.sub(r"<[^>]+>", " ", page)
        for secret in SECRETS:
            assert secret not in text, f"{secret} on {url}"


def test_art33_the_applicant_never_sees_experts_panels_scores_or_other_applicants(db, client, auth, reviewed,
                                                                                  today):
    jia, cycle = reviewed["jia"], reviewed["cycle"]
    auth.login("huagang")
    for stage in (Stage.DOCUMENT_REVIEW, Stage.ONSITE_REVIEW, Stage.PROPOSED_NOTICE, Stage.APPROVAL):
        cycle.stage = stage
        db.session.commit()
        pages = pages_of(client, jia)
        assert 'data-status="under_review"' in pages[f"/my/applications/{jia.id}"] or stage is Stage.PROPOSED_NOTICE
        assert_nothing_confidential(pages)


def test_art23_26_after_the_approval_the_winner_reads_its_award_and_downloads_feedback_and_certificate(
        db, client, auth, reviewed):
    jia, cycle = reviewed["jia"], reviewed["cycle"]
    auth.login("office")
    assert approve(client, cycle).status_code == 302
    assert commend(client, cycle, scan=(PDF, "表彰决定.pdf")).status_code == 302
    auth.logout()
    auth.login("huagang")
    pages = pages_of(client, jia)
    show = pages[f"/my/applications/{jia.id}"]
    assert 'data-status="awarded"' in show and "feedback-link" in show and "certificate-link" in show
    assert_nothing_confidential(pages)
    feedback = client.get(f"/my/applications/{jia.id}/feedback.pdf")
    assert feedback.status_code == 200 and feedback.mimetype == "application/pdf"
    assert client.get(f"/my/applications/{jia.id}/certificate.pdf").status_code == 200
    with client.get(f"/my/applications/{jia.id}/commendation") as scan:
        assert scan.status_code == 200
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"feedback_downloaded", "certificate_downloaded", "commendation_downloaded"} <= actions


def test_art26_no_feedback_or_certificate_before_the_results_are_public(db, client, auth, reviewed):
    jia = reviewed["jia"]
    auth.login("huagang")
    show = client.get(f"/my/applications/{jia.id}").get_data(as_text=True)
    assert "feedback-link" not in show and "certificate-link" not in show
    for suffix in ("feedback.pdf", "certificate.pdf", "commendation"):
        assert client.get(f"/my/applications/{jia.id}/{suffix}").status_code == 404


def test_art33_another_organizations_application_and_files_do_not_exist_for_it(db, client, auth, reviewed):
    """Object-level: 乙's login asks for 甲's pages, files and downloads by their ids: 404 every time."""
    jia = reviewed["jia"]
    auth.login("office")
    approve(client, reviewed["cycle"])
    commend(client, reviewed["cycle"], scan=(PDF, "表彰决定.pdf"))
    auth.logout()
    auth.login("yiyao")
    material = jia.current_materials[0]
    for url in (f"/my/applications/{jia.id}", f"/my/applications/{jia.id}/correct", f"/my/materials/{material.id}",
                f"/my/applications/{jia.id}/feedback.pdf", f"/my/applications/{jia.id}/certificate.pdf",
                f"/my/applications/{jia.id}/commendation", "/my/applications/99999999999999999999"):
        assert client.get(url).status_code == 404, url
    for url in (f"/my/applications/{jia.id}/resubmit", f"/my/applications/{jia.id}/materials"):
        assert client.post(url, data={"note": "x"}).status_code == 404, url
    assert "甲钢铁有限公司" not in client.get("/my/").get_data(as_text=True)


def test_other_roles_are_refused_the_organizations_pages(db, client, auth, reviewed, make_user):
    jia = reviewed["jia"]
    make_user("lizhuan", Role.EXPERT)
    make_user("group", Role.LEADING_GROUP)
    for username in ("office", "lizhuan", "group"):
        auth.login(username)
        for url in ("/my/", f"/my/applications/{jia.id}", f"/my/materials/{jia.current_materials[0].id}"):
            assert client.get(url).status_code == 403, (username, url)
        auth.logout()


def test_an_unverified_login_sees_nothing_of_its_organizations_applications(db, client, auth, reviewed,
                                                                           make_applicant):
    jia = reviewed["jia"]
    make_applicant(reviewed["orgs"]["甲"], "newcomer", verified=False)
    auth.login("newcomer")
    assert client.get(f"/my/applications/{jia.id}").status_code == 403


def test_the_recommender_reads_the_status_of_the_applications_naming_it_and_nothing_more(
        db, client, auth, reviewed, make_user):
    """Art. 10, 15, 33: read-only, status in words, no files, no corrections, no experts."""
    from reviewapp.models import OrganizationAccount

    jia = reviewed["jia"]
    user = make_user("xiehui", Role.RECOMMENDER)
    db.session.add(OrganizationAccount(user_id=user.id, organization_id=jia.recommender_id,
                                       organization_name="本溪市质量协会", verified_at=user.created_at))
    db.session.commit()
    other = db.session.scalar(select(Application).where(Application.organization_id == reviewed["orgs"]["乙"].id))
    other.recommender_id = make_org_recommender(db)
    db.session.commit()
    auth.login("xiehui")
    page = client.get(f"/my/applications/{jia.id}").get_data(as_text=True)
    assert "applicant-status" in page and 'id="files"' not in page
    assert_nothing_confidential({"show": page})
    assert client.get(f"/my/applications/{other.id}").status_code == 404
    assert client.get(f"/my/materials/{jia.current_materials[0].id}").status_code == 403


def make_org_recommender(db):
    from reviewapp.models import Organization

    org = Organization(name="本溪市另一协会", kind=OrgKind.INDUSTRY_ASSOCIATION)
    db.session.add(org)
    db.session.commit()
    return org.id


def test_art16_the_demo_has_an_application_sent_back_for_correction_its_login_sees(app, db, client, auth):
    """The demo (flask demo): 桓仁雪岭冰酒庄园's login `xueling` reads what the office asks it to correct, and the
    demo's own applicant (`applicant`) follows its application with nothing confidential on the page."""
    from reviewapp.demo.accounts import DEMO_PASSWORD

    load_demo(app)
    auth.login("xueling", DEMO_PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert 'data-status="correction"' in home and "整改报告" in home
    auth.logout()
    auth.login("applicant", DEMO_PASSWORD)
    assert 'id="home-my-applications"' in client.get("/").get_data(as_text=True)
