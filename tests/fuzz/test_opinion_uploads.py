"""Art. 8(4), 9: a department's scanned reply is checked like application materials. Hostile files and names never
cause a server error; a refused scan leaves neither the reply nor a file (after the first accepted reply, every later
one is refused: a reply is recorded once); an accepted scan downloads under a safe name."""
import pytest
from hypothesis import given, note
from sqlalchemy import select

from reviewapp.models import OpinionRequest
from tests.fuzz.files import contents, filenames, sendable
from tests.fuzz.harness import multipart, stored_files
from tests.fuzz.known_bugs import tolerating_known_bugs
from tests.fuzz.profiles import fuzz_settings
from tests.fuzz.targets import Target
from tests.fuzz.test_uploads import MAX_BYTES, padded, safe_download, sizes


@pytest.fixture
def small_uploads(app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", MAX_BYTES)
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 4 * MAX_BYTES)


def test_art9_scanned_replies_survive_hostile_files(opinion_world, fuzzer, db, app, small_uploads):
    office = opinion_world.client("office")
    opinion = opinion_world.opinion
    target = Target("applications.record_reply", "opinion_world", "office",
                    lambda w: f"/applications/opinions/{w.opinion.id}/reply")
    url, prefix = target.url(opinion_world), f"reply{opinion.id}-"

    @fuzz_settings()
    @given(data=contents(), size=sizes(), name=filenames())
    def example(data, size, name):
        data, name = padded(data, size), sendable(name)
        note(f"{len(data)} bytes named {name!r}")
        db.session.expire_all()
        answered_before, files = db.session.get(OpinionRequest, opinion.id).replied_on, stored_files(app)
        with tolerating_known_bugs(fuzzer.stats):
            answer = fuzzer.post(office, target, url, **multipart({
                f"{prefix}replied_on": "2026-11-25", f"{prefix}reply_text": "未发现问题。",
                f"{prefix}raises_problem": "no", f"{prefix}scan": (data, name)}))
            db.session.expire_all()
            stored = db.session.get(OpinionRequest, opinion.id)
            if answer.rejected:
                assert stored.replied_on == answered_before and stored_files(app) == files
                return
            assert answered_before is None and stored.replied_on is not None
            if stored.scan_stored_name is None:  # no file chosen (an empty name): a reply without its scan
                assert stored_files(app) == files
                return
            assert len(stored_files(app) - files) == 1 and "/" not in stored.scan_name
            safe_download(fuzzer.open(office, target.endpoint, f"/applications/opinions/{stored.id}/scan", "GET"))

    example()
    assert db.session.scalar(select(OpinionRequest.id)) == opinion.id
