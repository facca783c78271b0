"""A cycle in its proposed-winner notice (Art. 21): three applicants on the approved list (甲 and 乙 for the award,
丙 for the nomination) and the notice running from 2026-11-20 to 2026-11-27 ("today" is 2026-11-26); helpers that
fill the public forms the way a person's browser does, solving the proof of work the page carries."""
import html as html_text
import io
import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import altcha
import pytest
from flask import current_app
from sqlalchemy import func, select

from reviewapp.extensions import db
from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    ListChange,
    ListEntry,
    Notice,
    NoticeKind,
    PublicSubmission,
    RateLimitHit,
    Role,
    Stage,
    SubmissionEvidence,
    UsedChallenge,
)
from tests.conftest import PASSWORD

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
NAMES = {"A": "甲钢铁有限公司", "B": "乙药业有限公司", "C": "丙机械有限公司"}
FILER = {"filer_name": "赵举人", "filer_contact": "13800000000 zhao@example.cn"}


@pytest.fixture
def proposed_notice(db, make_cycle, make_application, make_org):
    cycle = make_cycle(stage=Stage.PROPOSED_NOTICE)
    apps = {}
    for key, level, combined in (("A", AwardKind.AWARD, "870.00"), ("B", AwardKind.AWARD, "630.00"),
                                 ("C", AwardKind.NOMINATION, "650.00")):
        application = make_application(cycle, make_org(NAMES[key]), status=ApplicationStatus.ACCEPTED)
        application.goes_onsite = True
        db.session.add(ListEntry(cycle_id=cycle.id, application_id=application.id, level=level,
                                 combined_score=Decimal(combined)))
        apps[key] = application
    notice = Notice(cycle_id=cycle.id, kind=NoticeKind.PROPOSED_WINNERS, title="第十届本溪市市长质量奖拟奖公示",
                    body="现将拟获奖组织名单予以公示。", start_date=date(2026, 11, 20), end_date=date(2026, 11, 27),
                    working_days=6, entries=[{"application_id": apps[k].id, "number": apps[k].number,
                                              "organization": NAMES[k], "level": level}
                                             for k, level in (("A", "award"), ("B", "award"), ("C", "nomination"))])
    db.session.add(notice)
    db.session.commit()
    return SimpleNamespace(cycle=cycle, apps=apps, notice=notice)


def page_challenge(html: str) -> altcha.Challenge:
    """A challenge fetched from where the page's ALTCHA widget fetches it (its `challenge` attribute)."""
    url = html_text.unescape(re.search(r'<altcha-widget[^>]*\schallenge="([^"]+)"', html).group(1))
    response = current_app.test_client().get(url)
    assert response.status_code == 200, response.status_code
    return altcha.Challenge.from_dict(json.loads(response.get_data(as_text=True)))


def solve(challenge: altcha.Challenge) -> str:
    """What the widget sends once it has found the counter: the payload of the hidden input `altcha`."""
    solution = altcha.solve_challenge(challenge, timeout=30)
    return altcha.Payload(challenge, solution).to_base64()


def challenge_answer(html: str) -> dict:
    """The answer to the page's challenge, as the widget computes it (tests use a tiny cost: TestingConfig)."""
    return {"altcha": solve(page_challenge(html))}


def file_form(client, url: str, files=(), answer=None, **fields):
    """GET the form, then POST it with `fields` and evidence `files` [(name, bytes)]."""
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    data = {**FILER, "facts": "该企业2025年发生质量事故。", "reasons": "不符合第十一条规定。",
            **challenge_answer(page.get_data(as_text=True)), **fields}
    if answer is not None:
        data["altcha"] = answer
    data["evidence"] = [(io.BytesIO(content), name) for name, content in files]
    return client.post(url, data=data, content_type="multipart/form-data")


def object_to(client, notice, application, **kwargs):
    return file_form(client, f"/submissions/objection/{notice.id}", application_id=str(application.id), **kwargs)


def report(client, subject="applicant", subject_name="甲钢铁有限公司", **kwargs):
    return file_form(client, "/submissions/report", subject=subject, subject_name=subject_name, **kwargs)


def english(client) -> None:
    """Switch this browser to English: messages are asserted as their msgids, translated or not."""
    client.post("/auth/language", data={"locale": "en", "next": "/"})


def receipt_of(response) -> str:
    return re.search(r'id="receipt">([^<]+)<', response.get_data(as_text=True)).group(1)


def count(db, model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def stored_files(app) -> set[Path]:
    return {p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()}


def nothing_filed(db) -> bool:
    db.session.expire_all()
    return [count(db, m) for m in (PublicSubmission, SubmissionEvidence, RateLimitHit, UsedChallenge)] == [0, 0, 0, 0]


def list_unchanged(db) -> bool:
    db.session.expire_all()
    return count(db, ListChange) == 0 and count(db, ListEntry) == 3


@pytest.fixture
def office_client(app, make_user):
    make_user("office", Role.OFFICE, display_name="刘主任")
    client = app.test_client()
    client.post("/auth/login", data={"username": "office", "password": PASSWORD})
    return client


def decide(client, submission, *steps):
    """Move a submission through (status, decision) steps from the office's page, each with its current version."""
    for status, decision in steps:
        db.session.expire_all()
        current = db.session.get(PublicSubmission, submission.id).version
        response = client.post(f"/submissions/{submission.id}/status",
                               data={"status": status, "decision": decision or "", "version": current})
        assert response.status_code == 302, (status, response.status_code)
