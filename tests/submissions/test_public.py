"""The public side of objections (Art. 22) and reports of misconduct (Art. 34): filed without login while the
notice runs, refused with nothing written otherwise, followed with a receipt that never reveals who filed it."""
from datetime import date

import pytest
from sqlalchemy import select

from reviewapp.models import (
    AuditEntry,
    Expert,
    Person,
    PublicSubmission,
    RateLimitHit,
    Role,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
)
from reviewapp.submissions import operations
from tests.conftest import audit_actions
from tests.submissions.worlds import (
    FILER,
    PDF,
    count,
    decide,
    english,
    nothing_filed,
    object_to,
    receipt_of,
    report,
    stored_files,
)


def test_art22_the_running_notice_links_to_the_objection_form(client, proposed_notice):
    page = client.get(f"/notices/{proposed_notice.notice.id}").get_data(as_text=True)
    assert f'href="/submissions/objection/{proposed_notice.notice.id}"' in page
    assert 'id="report-link"' in page  # Art. 34: the footer of every page


def test_art22_an_objection_during_the_notice_gets_a_receipt_and_keeps_its_evidence(app, db, client,
                                                                                   proposed_notice):
    notice, apps = proposed_notice.notice, proposed_notice.apps
    response = object_to(client, notice, apps["B"], files=[("检测报告.pdf", PDF)])
    assert response.status_code == 302 and response.headers["Location"].endswith("/submissions/filed")
    page = client.get("/submissions/filed")
    receipt = receipt_of(page)
    submission = db.session.scalar(select(PublicSubmission))
    assert submission.receipt == receipt and len(receipt) == 13 and receipt.startswith("26-")
    assert (submission.kind, submission.subject, submission.status) == (
        SubmissionKind.OBJECTION, SubmissionSubject.APPLICANT, SubmissionStatus.RECEIVED)
    assert (submission.notice_id, submission.cycle_id, submission.organization_id) == (
        notice.id, proposed_notice.cycle.id, apps["B"].organization_id)
    assert submission.subject_name == "乙药业有限公司" and submission.filer_name == FILER["filer_name"]
    [evidence] = submission.evidence
    assert evidence.original_name == "检测报告.pdf" and evidence.mimetype == "application/pdf"
    assert operations.evidence_path(evidence).read_bytes() == PDF
    assert audit_actions(db) == ["submission_filed"]
    assert "赵举人" not in repr([e.details for e in _audit_entries(db)])  # the filer stays out of the trail


def _audit_entries(db):
    return db.session.scalars(select(AuditEntry)).all()


@pytest.mark.parametrize("day, phrase", [(date(2026, 11, 19), "has not started yet"),
                                         (date(2026, 11, 28), "the notice period is over")])
def test_art22_an_objection_outside_the_notice_is_refused_with_its_dates(db, client, proposed_notice, today, day,
                                                                        phrase):
    notice, apps = proposed_notice.notice, proposed_notice.apps
    object_page = client.get(f"/submissions/objection/{notice.id}")  # shown while it runs
    assert object_page.status_code == 200
    today(day)
    english(client)
    for response in (client.get(f"/submissions/objection/{notice.id}"),
                     client.post(f"/submissions/objection/{notice.id}",
                                 data={**FILER, "application_id": apps["A"].id, "facts": "事实", "reasons": "理由"})):
        page = response.get_data(as_text=True)
        assert response.status_code == 409
        assert phrase in page and "2026-11-20" in page and "2026-11-27" in page
    assert nothing_filed(db) and audit_actions(db) == []
    assert 'id="file-objection"' not in client.get(f"/notices/{notice.id}").get_data(as_text=True)


def test_art22_a_withdrawn_notice_takes_no_objection(db, client, proposed_notice):
    from reviewapp.models.base import utcnow

    proposed_notice.notice.withdrawn_at, proposed_notice.notice.withdrawal_reason = utcnow(), "名单有误"
    db.session.commit()
    english(client)
    response = client.get(f"/submissions/objection/{proposed_notice.notice.id}")
    assert response.status_code == 409 and "withdrawn" in response.get_data(as_text=True)


def test_art22_objections_concern_only_a_proposed_winner_notice(db, client, proposed_notice):
    from reviewapp.models import NoticeKind

    proposed_notice.notice.kind = NoticeKind.ACCEPTANCE
    db.session.commit()
    assert client.get(f"/submissions/objection/{proposed_notice.notice.id}").status_code == 404
    assert client.get("/submissions/objection/9999").status_code == 404


def test_art22_the_organization_must_be_one_of_the_notice(db, client, proposed_notice, make_application):
    outsider = make_application(proposed_notice.cycle)
    response = object_to(client, proposed_notice.notice, outsider)
    assert response.status_code == 422 and nothing_filed(db)


def test_art22_the_status_lookup_never_shows_who_filed(db, client, proposed_notice):
    object_to(client, proposed_notice.notice, proposed_notice.apps["A"])
    receipt = receipt_of(client.get("/submissions/filed"))
    other = type(client)(client.application)  # another browser, as the filer checking later
    page = other.post("/submissions/status", data={"receipt": receipt.lower().replace("-", " ")})
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and 'id="status-result"' in text
    assert receipt in text and 'data-status="received"' in text and "甲钢铁有限公司" in text
    for secret in (FILER["filer_name"], "13800000000", "zhao@example.cn", "质量事故", "第十一条"):
        assert secret not in text


def test_art22_an_unknown_receipt_is_not_found(client, proposed_notice):
    response = client.post("/submissions/status", data={"receipt": "26-AAAAAAAAAA"})
    assert response.status_code == 404 and 'id="not-found"' in response.get_data(as_text=True)


def test_art34_a_report_about_a_reviewer_never_names_them_in_public(db, client, office_client, make_user):
    expert_user = make_user("wangps", Role.EXPERT, display_name="王评审")
    assert report(client, subject="reviewer", subject_name="王评审").status_code == 302
    receipt = receipt_of(client.get("/submissions/filed"))
    submission = db.session.scalar(select(PublicSubmission))
    assert submission.subject is SubmissionSubject.REVIEWER
    expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == expert_user.id))
    office_client.post(f"/submissions/{submission.id}/link", data={"expert_id": expert.id, "organization_id": 0,
                                                                   "version": 1})
    decide(office_client, submission, ("investigating", ""),
           ("upheld", "经查，王评审在评审期间接受申报组织宴请，举报属实。"))
    text = client.post("/submissions/status", data={"receipt": receipt}).get_data(as_text=True)
    assert "王评审" not in text
    assert 'data-status="upheld"' in text and "接受申报组织宴请" in text
    assert "wangps" not in text


def test_art22_after_five_submissions_in_an_hour_the_address_gets_429(db, client):
    english(client)
    for _ in range(5):
        assert report(client).status_code == 302
    assert client.get("/submissions/report").status_code == 200  # reading is never limited (issue 13 item 1)
    refused = client.post("/submissions/report", data={**FILER, "facts": "x", "reasons": "y"})
    assert refused.status_code == 429 and "at most 5 per hour" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert count(db, PublicSubmission) == 5
    keys = set(db.session.scalars(select(RateLimitHit.key)))
    assert not any("127.0.0.1" in key for key in keys)  # the address itself is never stored


def test_art22_the_limit_is_per_address(db, client):
    """The first address, past its five filings, is refused; another address files; the first stays refused."""
    for _ in range(5):
        assert report(client).status_code == 302
    assert report(client).status_code == 429
    other = client.application.test_client()
    other.environ_base["REMOTE_ADDR"] = "203.0.113.9"
    assert report(other).status_code == 302
    assert report(client).status_code == 429
    db.session.expire_all()
    assert count(db, PublicSubmission) == 6


def test_art22_a_wrong_check_is_refused_and_nothing_filed(app, db, client):
    before = stored_files(app)
    english(client)
    response = report(client, answer="d3Jvbmc=", files=[("证据.pdf", PDF)])
    assert response.status_code == 422 and "check could not be verified" in response.get_data(as_text=True)
    db.session.expire_all()
    assert count(db, PublicSubmission) == 0 and stored_files(app) == before
    assert count(db, RateLimitHit) == 1  # the failure counts against the address (issue 13 item 1)


@pytest.mark.parametrize("files, message", [
    ([("证据.pdf", b"MZ\x90\x00 an executable renamed")], "is named like a PDF"),
    ([("证据.exe", b"MZ\x90\x00")], "is not a PDF, Word"),
    ([("big.pdf", PDF + b" " * 400)], "MB"),
    ([("ok.pdf", PDF), ("fake.pdf", b"plain text")], "fake.pdf"),
    ([(f"{i}.pdf", PDF) for i in range(6)], "At most 5 evidence files"),
])
def test_art22_oversized_or_fake_evidence_is_refused_with_nothing_written(app, db, client, proposed_notice,
                                                                         monkeypatch, files, message):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 300)
    english(client)  # the messages of application materials are translated already: assert the msgids
    before = stored_files(app)
    response = object_to(client, proposed_notice.notice, proposed_notice.apps["A"], files=files)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert nothing_filed(db) and stored_files(app) == before and audit_actions(db) == []


def test_art22_too_long_texts_are_refused(db, client):
    response = report(client, facts="事" * 10_001)
    assert response.status_code == 422 and nothing_filed(db)


def test_art22_a_failed_commit_leaves_no_evidence_file(app, db, client, monkeypatch):
    before = stored_files(app)

    def broken(*args, **kwargs):
        raise RuntimeError("database unavailable")

    monkeypatch.setattr(operations.audit, "record", broken)
    with pytest.raises(RuntimeError):
        report(client, files=[("证据.pdf", PDF)])
    assert nothing_filed(db) and stored_files(app) == before


# --- what the public reads (Art. 22, 34) ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["objection", "/submissions/report"])
def test_art22_art34_the_forms_say_evidence_is_optional(client, proposed_notice, url):
    english(client)
    url = f"/submissions/objection/{proposed_notice.notice.id}" if url == "objection" else url
    page = client.get(url).get_data(as_text=True)
    assert "evidence may be attached" in page and "Evidence, if any (PDF, Word or Excel files)" in page
    assert "the reasons and evidence" not in page


def test_art22_an_objection_without_evidence_is_filed(db, client, proposed_notice):
    assert object_to(client, proposed_notice.notice, proposed_notice.apps["A"]).status_code == 302
    assert db.session.scalar(select(PublicSubmission)).evidence == []


def status_of(client, receipt: str) -> str:
    return client.post("/submissions/status", data={"receipt": receipt}).get_data(as_text=True)


@pytest.mark.parametrize("steps, outcome", [
    ([("investigating", ""), ("upheld", "经调查，异议成立。")], "Upheld"),
    ([("investigating", ""), ("rejected", "经调查，异议所述事实不成立。")], "Not upheld"),
    ([("rejected", "异议不属于本次公示范围。")], "Not accepted for handling")])
def test_art22_the_receipt_shows_the_outcome_and_the_decision_on_the_case(db, client, office_client,
                                                                          proposed_notice, steps, outcome):
    object_to(client, proposed_notice.notice, proposed_notice.apps["B"])
    receipt = receipt_of(client.get("/submissions/filed"))
    decide(office_client, db.session.scalar(select(PublicSubmission)), *steps)
    english(client)
    page = status_of(client, receipt)
    assert f"<strong>{outcome}</strong>" in page
    assert ">Decision on the case</dt>" in page and ">Decision</dt>" not in page
