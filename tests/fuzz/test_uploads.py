"""Issue #8, uploads: application materials (Art. 15) and objection evidence (Art. 22) with files that are not what
they claim, damaged files, oversized files and hostile names. Never a server error; a refusal says why on the page
and leaves neither a record nor a file behind; an accepted file has exactly one record and one stored file, shows
its name harmlessly and downloads under a safe name."""
import re

import pytest
from hypothesis import given, note
from hypothesis import strategies as st
from sqlalchemy import func, select

from reviewapp.models import Material, PublicSubmission, SubmissionEvidence
from tests.fuzz.files import PDF, contents, filenames, sendable
from tests.fuzz.harness import multipart, stored_files
from tests.fuzz.known_bugs import tolerating_known_bugs
from tests.fuzz.profiles import fuzz_settings
from tests.fuzz.strategies import HOSTILE
from tests.fuzz.targets import FAILED_CHECK, Target
from tests.submissions.worlds import FILER, challenge_answer

MAX_BYTES = 64 * 1024  # the upload limit, lowered so that oversized files stay cheap to send

MATERIALS = Target("applications.upload", "base_world", "office",
                   lambda w: f"/applications/{w.application.id}/materials")
EVIDENCE = Target("submissions.objection", "submissions_world", "anonymous",
                  lambda w: f"/submissions/objection/{w.notice.id}")


@pytest.fixture
def small_uploads(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", MAX_BYTES)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4 * MAX_BYTES)


def count(db, model) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


def sizes():
    """Mostly small files; now and then one just over the per-file limit or over the request limit (413)."""
    return st.sampled_from([0, 0, 0, 0, 0, MAX_BYTES + 1, 4 * MAX_BYTES + 1])


def padded(data: bytes, size: int) -> bytes:
    return data.ljust(size, b"x")[:size] if size else data


def safe_download(response) -> None:
    """The download carries the stored bytes, never as a page, under a name without a path or a header break."""
    response.close()  # send_file streams the stored file
    assert response.status_code == 200, response.status_code
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment"), disposition
    assert not re.search(r"[\r\n]", disposition) and "/" not in disposition.split("filename", 1)[-1], disposition
    assert response.mimetype != "text/html"


def test_application_materials_survive_hostile_files(base_world, fuzzer, db, app, small_uploads):
    office = base_world.client("office")
    url = MATERIALS.url(base_world)

    @fuzz_settings(scale=2)
    @given(data=contents(), size=sizes(), name=filenames(),
           kind=st.sampled_from(["application_form", "supporting"]) | st.sampled_from(HOSTILE))
    def example(data, size, name, kind):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r} as {kind!r}")
        before, files = count(db, Material), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(office, MATERIALS, url, **multipart({"kind": kind, "file": (data, name)}))
            if answer.rejected:
                assert answer.status == 413 or any(c == "danger" for c, _m in answer.messages), answer.messages
                return
            assert count(db, Material) == before + 1 and len(stored_files(app) - files) == 1
            material = db.session.scalar(select(Material).order_by(Material.id.desc()))
            assert "/" not in material.original_name and "\x00" not in material.original_name
            safe_download(fuzzer.open(office, MATERIALS.endpoint, f"/applications/materials/{material.id}", "GET"))

    example()


DRAFT_FILES = Target("online.upload", "online_world", "applicant", lambda w: f"/online/drafts/{w.draft.id}/files")


def test_online_draft_files_survive_hostile_files(online_world, fuzzer, db, app, small_uploads):
    """Issue 18, Art. 15: an organization's own files on its online application, judged by their content."""
    applicant = online_world.client("applicant")
    url = DRAFT_FILES.url(online_world)

    @fuzz_settings(scale=2)
    @given(data=contents(), size=sizes(), name=filenames(),
           kind=st.sampled_from(["application_form", "supporting"]) | st.sampled_from(HOSTILE))
    def example(data, size, name, kind):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r} as {kind!r}")
        before, files = count(db, Material), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(applicant, DRAFT_FILES, url, **multipart({"kind": kind, "file": (data, name)}))
            if answer.rejected:
                assert answer.status == 413 or any(c == "danger" for c, _m in answer.messages), answer.messages
                return
            assert count(db, Material) == before + 1 and len(stored_files(app) - files) == 1
            material = db.session.scalar(select(Material).order_by(Material.id.desc()))
            assert "/" not in material.original_name and "\x00" not in material.original_name
            safe_download(fuzzer.open(applicant, DRAFT_FILES.endpoint, f"/online/files/{material.id}", "GET"))

    example()


SITE_EVIDENCE = Target("reports.attach_evidence", "onsite_world", "leader",
                       lambda w: f"/reviews/issues/{w.issue.id}/evidence")
JPEG = b"\xff\xd8\xff\xe0" + bytes(40) + b"\xff\xd9"


def test_site_visit_photos_survive_hostile_files(onsite_world, fuzzer, db, app, small_uploads):
    """Issue 17, Art. 19: a photo (JPEG, PNG) or PDF for a site-visit issue, judged by its content like any upload."""
    from reviewapp.models.site_evidence import SiteIssueEvidence

    leader = onsite_world.client("leader")
    url = SITE_EVIDENCE.url(onsite_world)

    @fuzz_settings(scale=2)
    @given(data=contents() | st.just(JPEG), size=sizes(), name=filenames())
    def example(data, size, name):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r}")
        before, files = count(db, SiteIssueEvidence), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(leader, SITE_EVIDENCE, url, **multipart({"file": (data, name)}))
            if answer.rejected:
                assert answer.status == 413 or any(c == "danger" for c, _m in answer.messages), answer.messages
                return
            assert count(db, SiteIssueEvidence) == before + 1 and len(stored_files(app) - files) == 1
            evidence = db.session.scalar(select(SiteIssueEvidence).order_by(SiteIssueEvidence.id.desc()))
            safe_download(fuzzer.open(leader, SITE_EVIDENCE.endpoint, f"/reviews/site-evidence/{evidence.id}", "GET"))

    example()


def test_objection_evidence_survives_hostile_files(submissions_world, fuzzer, db, app, small_uploads):
    public, office = submissions_world.client("anonymous"), submissions_world.client("office")
    url = EVIDENCE.url(submissions_world)
    files = st.lists(st.tuples(contents(), filenames().map(sendable)), max_size=6)

    @fuzz_settings(scale=2)
    @given(evidence=files, size=sizes())
    def example(evidence, size):
        if evidence and size:
            evidence[0] = (padded(evidence[0][0], size), evidence[0][1])
        note(f"evidence: {[(len(d), n) for d, n in evidence]}")
        page = fuzzer.open(public, EVIDENCE.endpoint, url, "GET").get_data(as_text=True)
        before, files_before = count(db, SubmissionEvidence), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(public, EVIDENCE, url, **multipart({
                **FILER, "facts": "事实", "reasons": "理由", "application_id": str(submissions_world.apps["B"].id),
                **challenge_answer(page), "evidence": evidence}))
            if answer.rejected:
                assert answer.status == 413 or "alert-danger" in (answer.html or "") or \
                    "invalid-feedback" in (answer.html or ""), "a refusal without its reason"
                return
            sent = [d for d, n in evidence if n]
            assert count(db, SubmissionEvidence) == before + len(sent)
            assert len(stored_files(app) - files_before) == len(sent)
            submission = db.session.scalar(select(PublicSubmission).order_by(PublicSubmission.id.desc()))
            fuzzer.check_page(office, EVIDENCE.endpoint, f"/submissions/{submission.id}", "the office's page")
            for item in submission.evidence:
                safe_download(fuzzer.open(office, EVIDENCE.endpoint, f"/submissions/evidence/{item.id}", "GET"))

    example()


BROKEN_MULTIPART = [
    # (content type, body): what a broken or hostile client sends instead of a well-formed multipart body
    ("multipart/form-data", b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF"),
    ("multipart/form-data; boundary=x", b""),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\""),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"file\"; "
                                        b"filename=\"a\r\nContent-Type: text/html\r\n\r\n<script>alert(1)</script>"),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\xff\xfe.pdf"
                                        b"\"\r\n\r\n" + PDF + b"\r\n--x--\r\n"),
    ("multipart/form-data; boundary=x", b"--x\r\nContent-Disposition: form-data; name=\"file\"; "
                                        b"filename*=UTF-8''..%2F..%2Fetc%2Fpasswd.pdf\r\n\r\n"
                                        + PDF + b"\r\n--x--\r\n"),
    ("multipart/form-data; boundary=x", b"--x\r\n" + b"X-Long: " + b"a" * 70_000 + b"\r\n\r\nbody\r\n--x--\r\n"),
    ("multipart/form-data; boundary=" + "b" * 200, b"--" + b"b" * 200 + b"--\r\n"),
    ("multipart/mixed; boundary=x", b"--x--\r\n"),
    ("application/json", b'{"file": "a.pdf"}'),
    ("text/plain", PDF),
]


def test_withdrawal_letters_survive_hostile_files(decision_world, fuzzer, db, app, small_uploads):
    """Art. 5: the applicant's letter is checked like any material; a refused letter leaves no withdrawal and no
    file (after the first accepted one, the application is withdrawn and every later letter is refused)."""
    from reviewapp.models import Withdrawal

    office = decision_world.client("office")
    target = Target("investigations.withdraw", "decision_world", "office",
                    lambda w: f"/investigations/withdraw/{w.application.id}")
    url = target.url(decision_world)

    @fuzz_settings()
    @given(data=contents(), size=sizes(), name=filenames(),
           note_text=st.sampled_from(["来函撤回"]) | st.sampled_from(HOSTILE))
    def example(data, size, name, note_text):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r}")
        before, files = count(db, Withdrawal), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(office, target, url, **multipart({
                "received_on": "2026-11-25", "note": note_text, "confirm": "y", "letter": (data, name)}))
            if answer.rejected:
                assert count(db, Withdrawal) == before and stored_files(app) == files
                return
            assert count(db, Withdrawal) == before + 1 and len(stored_files(app) - files) == 1
            withdrawal = db.session.scalar(select(Withdrawal).order_by(Withdrawal.id.desc()))
            assert "/" not in withdrawal.original_name and "\x00" not in withdrawal.original_name
            safe_download(fuzzer.open(office, target.endpoint, f"/investigations/withdrawals/{withdrawal.id}/letter",
                                      "GET"))

    example()


@pytest.mark.parametrize("endpoint, world, url", [
    ("applications.upload", "base_world", lambda w: f"/applications/{w.application.id}/materials"),
    ("graph_import.check", "base_world", lambda w: "/imports/check"),
    ("experts.import_check", "base_world", lambda w: "/experts/import/check"),
    ("submissions.objection", "submissions_world", lambda w: f"/submissions/objection/{w.notice.id}"),
])
def test_a_broken_multipart_body_is_refused(request, fuzzer, endpoint, world, url):
    world = request.getfixturevalue(world)
    client = world.client("anonymous" if endpoint.startswith("submissions") else "office")
    # a public form counts the missing check of a broken body against the client (issue 13 item 1)
    target = Target(endpoint, "", "", url, writes_on_rejection=FAILED_CHECK if endpoint.startswith("submissions")
                    else ())
    for content_type, body in BROKEN_MULTIPART:
        answer = fuzzer.post(client, target, url(world), data=body, content_type=content_type)
        assert answer.rejected, f"{endpoint} took a broken body ({content_type}, {body[:60]!r})"


# --- the register of winners (Art. 27, 29) and the commendation decision (Art. 24) ----------------------------------

def test_art29_use_of_funds_reports_survive_hostile_files(awarded_world, fuzzer, db, app, small_uploads):
    """The report's file is required and checked like any material, its note is free text shown on the register; a
    refusal leaves neither a report nor a file (each of the five years is recorded once: after that, every report
    is refused)."""
    from reviewapp.models import FundsReport

    office, award = awarded_world.client("office"), awarded_world.award
    target = Target("winners.add_funds_report", "awarded_world", "office",
                    lambda w: f"/winners/{w.award.id}/funds-reports")
    url = target.url(awarded_world)

    @fuzz_settings(scale=2)
    @given(data=contents(), size=sizes(), name=filenames(),
           year=st.sampled_from(["1", "2", "3", "4", "5"]) | st.sampled_from(HOSTILE),
           note_text=st.sampled_from(["", "按期报送"]) | st.sampled_from(HOSTILE))
    def example(data, size, name, year, note_text):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r} for year {year!r}")
        before, files = count(db, FundsReport), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(office, target, url, **multipart({
                "funds-report_year": year, "funds-received_on": "2026-11-26", "funds-note": note_text,
                "funds-attachment": (data, name)}))
            if answer.rejected:
                assert count(db, FundsReport) == before and stored_files(app) == files
                return
            assert count(db, FundsReport) == before + 1 and len(stored_files(app) - files) == 1
            report = db.session.scalar(select(FundsReport).order_by(FundsReport.id.desc()))
            assert "/" not in report.original_name and "\x00" not in report.original_name
            fuzzer.check_page(office, target.endpoint, f"/winners/{award.id}", "the register")
            safe_download(fuzzer.open(office, target.endpoint, f"/winners/files/funds/{report.id}", "GET"))

    example()


def test_art29_the_winners_own_reports_survive_hostile_files(winner_account_world, fuzzer, db, app, small_uploads):
    """Issue 18: the winner's own use-of-funds report, through its account: the file checked like any, the summary
    free text on its page and the office's register; a refusal leaves neither a report nor a file."""
    from reviewapp.models import FundsReport

    world = winner_account_world
    applicant, award = world.client("applicant"), world.award
    target = Target("winners.submit_funds_report", "winner_account_world", "applicant",
                    lambda w: f"/winners/mine/{w.award.id}/funds-reports")
    url, prefix = target.url(world), f"funds{award.id}-"

    @fuzz_settings()
    @given(data=contents(), size=sizes(), name=filenames(),
           year=st.sampled_from(["1", "2", "3"]) | st.sampled_from(HOSTILE),
           note_text=st.sampled_from(["用于质量提升培训"]) | st.sampled_from(HOSTILE))
    def example(data, size, name, year, note_text):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r} for year {year!r}")
        before, files = count(db, FundsReport), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(applicant, target, url, **multipart({
                prefix + "report_year": year, prefix + "note": note_text, prefix + "attachment": (data, name)}))
            if answer.rejected:
                assert count(db, FundsReport) == before and stored_files(app) == files
                return
            assert count(db, FundsReport) == before + 1 and len(stored_files(app) - files) == 1
            report = db.session.scalar(select(FundsReport).order_by(FundsReport.id.desc()))
            assert report.by_organization and "/" not in report.original_name
            fuzzer.check_page(applicant, target.endpoint, "/winners/mine", "the winner's page")
            fuzzer.check_page(world.client("office"), target.endpoint, f"/winners/{award.id}", "the register")

    example()


def test_art27_activity_attachments_survive_hostile_files(awarded_world, fuzzer, db, app, small_uploads):
    """The attachment is optional (an empty name: the activity without a file); the activity's title and place are
    on the public results (Art. 27)."""
    from reviewapp.models import WinnerActivity

    office = awarded_world.client("office")
    target = Target("winners.add_activity", "awarded_world", "office", lambda w: f"/winners/{w.award.id}/activities")
    url = target.url(awarded_world)

    @fuzz_settings()
    @given(data=contents(), size=sizes(), name=filenames(),
           title=st.sampled_from(["卓越绩效管理经验交流会"]) | st.sampled_from(HOSTILE))
    def example(data, size, name, title):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r}")
        before, files = count(db, WinnerActivity), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(office, target, url, **multipart({
                "activity-kind": "sharing", "activity-held_on": "2026-11-26", "activity-title": title,
                "activity-place": "本溪市会议中心", "activity-audience": "", "activity-promoter_id": "0",
                "activity-summary": "", "activity-attachment": (data, name)}))
            if answer.rejected:
                assert count(db, WinnerActivity) == before and stored_files(app) == files
                return
            assert count(db, WinnerActivity) == before + 1
            fuzzer.check_page(office, target.endpoint, f"/awards/results/{awarded_world.cycle.id}", "the results")
            activity = db.session.scalar(select(WinnerActivity).order_by(WinnerActivity.id.desc()))
            if activity.stored_name is None:  # no file chosen (an empty name): an activity without its attachment
                assert stored_files(app) == files
                return
            assert len(stored_files(app) - files) == 1 and "/" not in activity.original_name
            safe_download(fuzzer.open(office, target.endpoint, f"/winners/files/activity/{activity.id}", "GET"))

    example()


def test_art24_commendation_scans_survive_hostile_files(awarded_world, fuzzer, db, app, small_uploads):
    """The scan is optional and a PDF, judged by its content; a refused scan leaves neither the decision nor a file
    (after the first accepted decision every later one is refused: it is recorded once)."""
    from reviewapp.models import CommendationDecision

    office, cycle = awarded_world.client("office"), awarded_world.cycle
    target = Target("awards.commendation", "awarded_world", "office",
                    lambda w: f"/awards/cycles/{w.cycle.id}/commendation")
    url = target.url(awarded_world)

    @fuzz_settings()
    @given(data=contents(), size=sizes(), name=filenames(), text=st.sampled_from(["", "对以下组织予以表彰。"]))
    def example(data, size, name, text):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r}, text {text!r}")
        before, files = count(db, CommendationDecision), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(office, target, url, **multipart({
                "title": "关于表彰本届市长质量奖获奖组织的决定", "document_number": "本政发〔2026〕31号",
                "decided_on": "2026-11-26", "text": text, "scan": (data, name)}))
            if answer.rejected:
                assert count(db, CommendationDecision) == before and stored_files(app) == files
                return
            assert before == 0 and count(db, CommendationDecision) == 1
            decision = db.session.scalar(select(CommendationDecision))
            if decision.scan is None:  # no file chosen (an empty name): the decision by its text
                assert text and stored_files(app) == files
                return
            assert len(stored_files(app) - files) == 1 and "/" not in decision.scan.original_name
            safe_download(fuzzer.open(office, target.endpoint, f"/awards/cycles/{cycle.id}/commendation/scan", "GET"))

    example()


CORRECTED = Target("tracking.upload", "correction_world", "applicant",
                   lambda w: f"/my/applications/{w.application.id}/materials")


def test_art16_corrected_files_survive_hostile_files(correction_world, fuzzer, db, app, small_uploads):
    """Issue 18: the organization's own upload while its application is sent back for correction, judged by its
    content like the office's; a hostile `replaces` is refused, never a 500."""
    applicant = correction_world.client("applicant")
    url = CORRECTED.url(correction_world)

    @fuzz_settings(scale=2)
    @given(data=contents(), size=sizes(), name=filenames(),
           replaces=st.sampled_from(["0", "99999999999999999999", "-1", "x"]) | st.sampled_from(HOSTILE))
    def example(data, size, name, replaces):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r}, replacing {replaces!r}")
        before, files = count(db, Material), stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(applicant, CORRECTED, url,
                                 **multipart({"kind": "supporting", "replaces": replaces, "file": (data, name)}))
            if answer.rejected:
                assert answer.status == 413 or any(c == "danger" for c, _m in answer.messages), answer.messages
                return
            assert count(db, Material) == before + 1 and len(stored_files(app) - files) == 1
            material = db.session.scalar(select(Material).order_by(Material.id.desc()))
            safe_download(fuzzer.open(applicant, CORRECTED.endpoint, f"/my/materials/{material.id}", "GET"))

    example()
