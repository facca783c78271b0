"""The one way to refuse (reviewapp/errors.py) and the one audited download (reviewapp/downloads.py): a refused or
stale write changes nothing and says why, where the user looks; a download is in the audit before it is sent."""
from pathlib import Path

import pytest
from flask import get_flashed_messages
from sqlalchemy import select
from wtforms import Form, StringField

from reviewapp.domain.i18n import N_
from reviewapp.errors import STALE_MESSAGE, Refused, StaleWrite, flashing_refusals
from reviewapp.models import AuditEntry, Organization, OrgKind


class NoticeForm(Form):
    title = StringField()
    end_date = StringField()


@pytest.fixture
def request_context(app, db):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        yield


def flashed():
    return get_flashed_messages(with_categories=True)


def test_a_refused_write_is_rolled_back_and_flashed(db, request_context):
    with flashing_refusals() as outcome:
        db.session.add(Organization(name="甲公司", kind=OrgKind.ENTERPRISE))
        raise Refused(N_("No application has been accepted."))
    assert not outcome.done and isinstance(outcome.refused, Refused) and not outcome.stale
    assert not db.session.new
    assert flashed() == [("danger", "No application has been accepted.")]


def test_every_problem_of_a_refusal_is_shown_with_its_parameters(request_context):
    problems = [(N_("%(n)s application(s) still await the acceptance decision."), {"n": 2}),
                (N_("No application has been accepted."), {})]
    with flashing_refusals(intro=N_("The group's decision was not recorded:"), category="warning"):
        raise Refused.because_of(problems)
    assert flashed() == [("warning", "The group's decision was not recorded:"),
                         ("warning", "2 application(s) still await the acceptance decision."),
                         ("warning", "No application has been accepted.")]


def test_a_refusal_shows_under_the_field_at_fault(request_context):
    form = NoticeForm()
    with flashing_refusals(form):
        raise Refused(N_("No application has been accepted."), field="title")
    with flashing_refusals(form, field="end_date"):  # where a refusal that names no field shows
        raise Refused(N_("A rejection needs its reason."))
    assert form.title.errors == ["No application has been accepted."]
    assert form.end_date.errors == ["A rejection needs its reason."]
    assert flashed() == []


def test_a_stale_write_says_what_changed(request_context):
    with flashing_refusals() as outcome:
        raise StaleWrite
    with flashing_refusals(stale_message=N_("Someone else changed this cycle while you were editing. Reload the page "
                                            "and make your change again.")) as named:
        raise StaleWrite
    assert outcome.stale and named.stale and not outcome.done
    assert [message for _, message in flashed()] == [
        STALE_MESSAGE, "Someone else changed this cycle while you were editing. Reload the page and make your change "
                       "again."]


def test_a_refusal_needs_a_reason():
    with pytest.raises(ValueError):
        Refused.because_of([])


def test_a_write_that_goes_through_is_done(request_context):
    with flashing_refusals() as outcome:
        pass
    assert outcome.done and outcome.refused is None and flashed() == []


def test_an_audited_file_is_recorded_before_it_is_sent_and_a_missing_one_is_404(db, app, tmp_path):
    from werkzeug.exceptions import NotFound

    from reviewapp.downloads import audited_file

    class Stored:
        __tablename__, id, original_name, mimetype = "material", 7, "申报表.pdf", "application/pdf"

    path = Path(tmp_path) / "stored"
    with app.test_request_context("/"):
        with pytest.raises(NotFound):
            audited_file(path, Stored(), action="material_downloaded")
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "material_downloaded")) is None
        path.write_bytes(b"%PDF-1.4")
        response = audited_file(path, Stored(), action="material_downloaded", details={"name": "申报表.pdf"})
        response.close()
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "material_downloaded"))
    assert (entry.object_type, entry.object_id, entry.details) == ("material", "7", {"name": "申报表.pdf"})
    assert "attachment" in response.headers["Content-Disposition"]
