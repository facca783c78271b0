"""Issue 13, item 1: the public forms (objections, Art. 22; reports of misconduct, Art. 34) behind a reverse proxy.
Each citizen is counted by their own address (the proxy's X-Forwarded-For, trusted only from TRUSTED_PROXIES
proxies), an IPv6 client by its /64; the form is always shown, only filings are limited; the check is a proof of
work a script must pay for each filing, and failed answers are counted; the public's evidence has a daily total."""
import base64
import json
import time
from datetime import timedelta

import altcha
import pytest
from flask import request
from sqlalchemy import select

from config import TestingConfig
from reviewapp import create_app, proof_of_work
from reviewapp.domain import challenge as challenge_rules
from reviewapp.domain import submissions as rules
from reviewapp.extensions import db as _db
from reviewapp.models import PublicSubmission, RateLimitHit, SubmissionEvidence, UsedChallenge
from reviewapp.models.base import utcnow
from reviewapp.permissions import public
from reviewapp.submissions import operations
from tests.conftest import IsolatedClient
from tests.submissions.worlds import FILER, PDF, count, english, page_challenge, report, solve, stored_files

PROXY = "10.0.0.2"
REPORT = {**FILER, "subject": "applicant", "subject_name": "甲钢铁有限公司", "facts": "事实", "reasons": "理由"}


@pytest.fixture
def proxied_app(app):
    """The app as deployed behind one reverse proxy (TRUSTED_PROXIES=1), on the tests' database and uploads."""
    class BehindOneProxy(TestingConfig):
        SQLALCHEMY_DATABASE_URI = app.config["SQLALCHEMY_DATABASE_URI"]
        UPLOAD_FOLDER = app.config["UPLOAD_FOLDER"]
        TODAY = app.config["TODAY"]
        TRUSTED_PROXIES = 1

    other = create_app(BehindOneProxy)
    other.test_client_class = IsolatedClient
    yield other
    with other.app_context():
        _db.engine.dispose()


def via(client, remote_addr: str, forwarded_for: str | None = None):
    """A client whose requests come from `remote_addr` (the proxy, or the citizen when there is none)."""
    client.environ_base["REMOTE_ADDR"] = remote_addr
    if forwarded_for:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return client


def hit_keys(db) -> set[str]:
    db.session.expire_all()
    return set(db.session.scalars(select(RateLimitHit.key)))


# --- the real client address (TRUSTED_PROXIES) -----------------------------------------------------------------

def test_issue13_item1_behind_a_trusted_proxy_each_citizen_has_their_own_limit(db, proxied_app):
    """Art. 22, 34: five filings by one citizen behind the proxy no longer close the form for the whole city."""
    first = via(proxied_app.test_client(), PROXY, "198.51.100.7")
    for _ in range(5):
        assert report(first).status_code == 302
    assert first.post("/submissions/report", data=REPORT).status_code == 429
    other = via(proxied_app.test_client(), PROXY, "198.51.100.8")
    assert report(other).status_code == 302
    assert hit_keys(db) >= {rules.address_key("testing", "198.51.100.7"), rules.address_key("testing", "198.51.100.8")}
    assert rules.address_key("testing", PROXY) not in hit_keys(db)


def test_issue13_item1_without_trusted_proxies_a_forwarded_header_cannot_choose_the_address(db, client):
    """TRUSTED_PROXIES=0 (the default): a client that sends X-Forwarded-For is still counted by its own address."""
    for n in range(5):
        assert report(via(client, "203.0.113.5", f"198.51.100.{n}")).status_code == 302
    spoofed = via(client, "203.0.113.5", "198.51.100.99")
    assert spoofed.post("/submissions/report", data=REPORT).status_code == 429
    assert hit_keys(db) == {rules.address_key("testing", "203.0.113.5")}


def test_issue13_item1_remote_addr_is_the_client_for_every_form(proxied_app):
    """The login form reads request.remote_addr too: behind the proxy it is the client's address, and the scheme
    and host are the ones the client used."""
    seen = {}

    @proxied_app.route("/_seen")
    @public
    def _seen():
        seen.update(addr=request.remote_addr, scheme=request.scheme, host=request.host)
        return ""

    proxied_app.test_client().get("/_seen", environ_base={"REMOTE_ADDR": PROXY}, headers={
        "X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "award.benxi.gov.cn"})
    assert seen == {"addr": "198.51.100.7", "scheme": "https", "host": "award.benxi.gov.cn"}


def test_issue13_item1_ipv6_clients_are_counted_by_their_64_network(db, client):
    """A device picks addresses in its /64 at will: all of them are one client; the next /64 is another."""
    for n in range(5):
        assert report(via(client, f"2001:db8:1:2::{n + 1:x}")).status_code == 302
    same_network = via(client, "2001:db8:1:2:ffff:eeee:dddd:cccc")
    assert same_network.post("/submissions/report", data=REPORT).status_code == 429
    assert report(via(client, "2001:db8:1:3::1")).status_code == 302


# --- reading is never limited -----------------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["objection", "/submissions/report"])
def test_issue13_item1_the_form_is_shown_even_after_the_limit(db, client, proposed_notice, url):
    """Only filings are limited: the empty form still answers 200; a sixth filing gets 429 with the reason, keeps
    what was typed and writes nothing."""
    url = f"/submissions/objection/{proposed_notice.notice.id}" if url == "objection" else url
    english(client)
    for _ in range(5):
        assert report(client).status_code == 302
    form = client.get(url)
    assert form.status_code == 200 and "<altcha-widget" in form.get_data(as_text=True)
    before = count(db, PublicSubmission), count(db, RateLimitHit)
    data = {**REPORT, "application_id": str(proposed_notice.apps["A"].id), "facts": "第六次的事实",
            **{"altcha": solve(page_challenge(form.get_data(as_text=True)))}}
    refused = client.post(url, data=data)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 429 and "at most 5 per hour" in page and "第六次的事实" in page
    db.session.expire_all()
    assert (count(db, PublicSubmission), count(db, RateLimitHit)) == before


# --- the proof of work -------------------------------------------------------------------------------------------

def test_issue13_item1_the_check_is_a_signed_proof_of_work_not_a_question(client):
    page = client.get("/submissions/report").get_data(as_text=True)
    assert 'id="challenge-question"' not in page and 'name="challenge_answer"' not in page
    assert '<altcha-widget id="altcha" name="altcha" auto="onsubmit" language="zh-cn"' in page
    assert 'challenge="/submissions/challenge"' in page
    challenge = page_challenge(page)
    assert challenge.parameters.algorithm == "PBKDF2/SHA-256" and challenge.signature
    assert len(challenge.parameters.key_prefix) == 32  # the exact key of the drawn counter, not a lucky prefix
    assert challenge.parameters.expires_at > time.time()
    assert 'src="/static/vendor/altcha/altcha.min.js"' in page and 'type="module"' in page
    assert 'id="needs-javascript"' in page  # <noscript>: says the form needs JavaScript


def test_issue13_item1_a_script_that_does_not_do_the_work_is_refused_and_counted(app, db, client):
    """Without the widget's answer, with a guessed counter, or with a challenge it signed itself, nothing is filed;
    each failure counts against the client."""
    english(client)
    page = client.get("/submissions/report").get_data(as_text=True)
    challenge = page_challenge(page)
    guessed = altcha.Payload(challenge, altcha.Solution(counter=0, derived_key="00" * 32)).to_base64()
    forged = altcha.create_challenge("PBKDF2/SHA-256", 1, counter=1, hmac_secret="not-the-key")
    forged_payload = solve(forged)
    for payload, message in ((None, "Please complete the check"), (guessed, "The check was not solved"),
                             (forged_payload, "could not be verified"), ("bm90IGpzb24=", "could not be verified")):
        data = {**REPORT, **({"altcha": payload} if payload else {})}
        response = client.post("/submissions/report", data=data)
        assert response.status_code == 422 and message in response.get_data(as_text=True), message
    db.session.expire_all()
    assert count(db, PublicSubmission) == 0
    assert count(db, RateLimitHit) == 4
    assert hit_keys(db) == {rules.failed_check_key("testing", "127.0.0.1")}


def test_issue13_item1_a_wrong_answer_uses_the_challenge_up(db, client):
    """One answer per challenge: after a wrong one, even the right answer to the same challenge is refused."""
    english(client)
    challenge = page_challenge(client.get("/submissions/report").get_data(as_text=True))
    wrong = altcha.Payload(challenge, altcha.Solution(counter=1, derived_key="ab" * 32)).to_base64()
    assert client.post("/submissions/report", data={**REPORT, "altcha": wrong}).status_code == 422
    again = client.post("/submissions/report", data={**REPORT, "altcha": solve(challenge)})
    assert again.status_code == 422 and "already used" in again.get_data(as_text=True)
    db.session.expire_all()
    assert count(db, PublicSubmission) == 0 and count(db, UsedChallenge) == 1


def test_issue13_item1_repeated_failures_from_one_client_are_limited(app, db, client, monkeypatch):
    """After SUBMISSION_FAILED_CHECK_LIMIT failed checks within the hour, the client's filings get 429 (even a
    solved one), with the reason; other clients are not affected, and the form is still shown."""
    monkeypatch.setitem(app.config, "SUBMISSION_FAILED_CHECK_LIMIT", 3)
    english(client)
    for _ in range(3):
        assert client.post("/submissions/report", data={**REPORT, "altcha": "x"}).status_code == 422
    form = client.get("/submissions/report")
    assert form.status_code == 200
    refused = client.post("/submissions/report", data={**REPORT, "altcha": solve(page_challenge(
        form.get_data(as_text=True)))})
    assert refused.status_code == 429 and "Too many failed checks" in refused.get_data(as_text=True)
    assert "at most 3 per hour" in refused.get_data(as_text=True)
    assert count(db, PublicSubmission) == 0
    assert report(via(app.test_client(), "203.0.113.77")).status_code == 302


def test_issue13_item1_a_solved_challenge_files_once(db, client):
    english(client)
    payload = solve(page_challenge(client.get("/submissions/report").get_data(as_text=True)))
    assert client.post("/submissions/report", data={**REPORT, "altcha": payload}).status_code == 302
    again = client.post("/submissions/report", data={**REPORT, "altcha": payload})
    assert again.status_code == 422 and "already used" in again.get_data(as_text=True)
    db.session.expire_all()
    assert count(db, PublicSubmission) == 1
    assert rules.failed_check_key("testing", "127.0.0.1") in hit_keys(db)  # a replay counts as a failed check


def test_issue13_item1_an_expired_challenge_is_refused_with_its_lifetime(app, db, client):
    english(client)
    with app.test_request_context():
        old = challenge_rules.make_challenge(proof_of_work.hmac_key(), 20, 1, now=time.time() - 2 * 60 * 60)
    late = client.post("/submissions/report", data={**REPORT, "altcha": solve(altcha.Challenge.from_dict(old.data))})
    assert late.status_code == 422 and "The check expired after 30 minutes" in late.get_data(as_text=True)
    assert count(db, PublicSubmission) == 0


def test_issue13_item1_the_signing_key_is_not_the_secret_key(app, client):
    """A challenge signed with SECRET_KEY itself (or the test key of another install) is not ours."""
    english(client)
    own = altcha.create_challenge("PBKDF2/SHA-256", 1, counter=3, hmac_secret=app.config["SECRET_KEY"],
                                  expires_at=int(time.time()) + 600)
    response = client.post("/submissions/report", data={**REPORT, "altcha": solve(own)})
    assert response.status_code == 422 and "could not be verified" in response.get_data(as_text=True)


def test_issue13_item1_a_tampered_payload_is_refused(client):
    english(client)
    challenge = page_challenge(client.get("/submissions/report").get_data(as_text=True))
    payload = json.loads(base64.b64decode(solve(challenge)))
    payload["challenge"]["parameters"]["expiresAt"] += 10 ** 6  # a longer life than signed
    tampered = base64.b64encode(json.dumps(payload).encode()).decode()
    response = client.post("/submissions/report", data={**REPORT, "altcha": tampered})
    assert response.status_code == 422 and "could not be verified" in response.get_data(as_text=True)


# --- the evidence quota ------------------------------------------------------------------------------------------

def _fill_today(db, used_bytes: int, uploaded_at=None) -> None:
    """Evidence already stored: one filed report whose file is recorded as `used_bytes` large."""
    submission = db.session.scalar(select(PublicSubmission).order_by(PublicSubmission.id.desc()))
    db.session.add(SubmissionEvidence(submission_id=submission.id, original_name="big.pdf",
                                      stored_name=f"x{used_bytes}-{uploaded_at}", mimetype="application/pdf",
                                      size=used_bytes, sha256="0" * 64, uploaded_at=uploaded_at or utcnow()))
    db.session.commit()


def test_issue13_item1_evidence_past_the_daily_quota_is_refused_with_nothing_written(app, db, client, monkeypatch):
    monkeypatch.setitem(app.config, "EVIDENCE_DAILY_QUOTA_MB", 1)
    english(client)
    assert report(client).status_code == 302
    _fill_today(db, rules.MB - len(PDF) + 1)
    before_files, before_rows = stored_files(app), (count(db, PublicSubmission), count(db, SubmissionEvidence))
    response = report(client, facts="带证据的第二份举报", files=[("证据.pdf", PDF)])
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "limit for evidence files from the public (1 MB in all) would be exceeded" in page
    assert "带证据的第二份举报" in page  # the typed text is kept to send again without the files
    db.session.expire_all()
    assert (count(db, PublicSubmission), count(db, SubmissionEvidence)) == before_rows
    assert stored_files(app) == before_files
    assert report(client, facts="不带证据").status_code == 302  # a filing without files is still taken


def test_issue13_item1_the_quota_counts_today_in_benxi_only(app, db, client, monkeypatch):
    """Yesterday's evidence (before 16:00 UTC, Benxi's midnight) does not count against today's quota."""
    monkeypatch.setitem(app.config, "EVIDENCE_DAILY_QUOTA_MB", 1)
    assert report(client).status_code == 302
    start, _end = rules.city_day_bounds(utcnow(), operations.CITY_TZ)
    _fill_today(db, rules.MB, uploaded_at=start - timedelta(seconds=1))
    assert report(client, files=[("证据.pdf", PDF)]).status_code == 302


def test_issue13_item1_the_office_sees_todays_evidence_against_the_quota(app, db, client, office_client, monkeypatch):
    monkeypatch.setitem(app.config, "EVIDENCE_DAILY_QUOTA_MB", 2)
    assert report(client).status_code == 302
    _fill_today(db, rules.MB // 2)
    english(office_client)
    page = office_client.get("/submissions/").get_data(as_text=True)
    assert 'id="evidence-usage"' in page
    assert "0.5 MB of 2 MB" in page and 'aria-valuenow="25"' in page


def test_issue13_item1_the_office_dashboard_shows_todays_evidence(app, db, client, office_client, monkeypatch):
    monkeypatch.setitem(app.config, "EVIDENCE_DAILY_QUOTA_MB", 500)
    assert report(client, files=[("证据.pdf", PDF)]).status_code == 302
    page = office_client.get("/").get_data(as_text=True)
    assert 'id="evidence-usage"' in page and "今日公众提交的证据材料" in page \
        and "已用 0.0 MB（每日上限 500 MB）" in page
    assert 'href="/submissions/" id="evidence-usage-link"' in page


def test_issue13_item1_each_fetch_gives_a_fresh_challenge_never_cached_never_limited(app, db, client, monkeypatch):
    monkeypatch.setitem(app.config, "SUBMISSION_FAILED_CHECK_LIMIT", 1)
    assert client.post("/submissions/report", data={**REPORT, "altcha": "x"}).status_code == 422  # now limited
    first, second = client.get("/submissions/challenge"), client.get("/submissions/challenge")
    assert first.status_code == second.status_code == 200 and first.mimetype == "application/json"
    assert first.headers["Cache-Control"] == "no-store"
    assert first.json["parameters"]["nonce"] != second.json["parameters"]["nonce"]
    assert set(first.json) == {"parameters", "signature"}


def test_issue13_item1_behind_the_proxy_the_login_records_the_clients_address(db, proxied_app, make_user):
    """The login's throttling per address (issue 13 item 5) reads the same request.remote_addr."""
    from reviewapp.models import LoginAttempt

    make_user("alice")
    client = via(proxied_app.test_client(), PROXY, "198.51.100.7")
    client.post("/auth/login", data={"username": "alice", "password": "wrong password"})
    db.session.expire_all()
    assert set(db.session.scalars(select(LoginAttempt.remote_addr))) == {"198.51.100.7"}
