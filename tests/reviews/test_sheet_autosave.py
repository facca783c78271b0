"""Issue 17, the expert's sheet that never loses work (Art. 18, 19): the draft saves itself through a JSON endpoint
that is the draft button's own save (same checks, same optimistic lock); a stale save keeps what was typed and
shows the newer saved version item by item; a refused submission names and marks the items still blank; the
submission asks first. Only the sheet's own expert reaches the endpoint, and only while the sheet is a draft."""
from sqlalchemy import select

from reviewapp.conflicts import service
from reviewapp.models import Relation, RelationSource, RelationType, ScoreSheet, SheetStatus
from tests.conftest import csrf_token_from, version_in
from tests.reviews.test_sheets import ITEMS, opened, post, sheet_of, url


def autosave(client, application, version, **fields):
    return client.post(f"{url(application)}/autosave", data={"version": str(version), **fields})


def test_art18_the_draft_saves_itself_as_the_draft_button_does(db, seated):
    application, _, _, client = seated
    answer = autosave(client, application, opened(client, application),
                      **{"pct-4.1.2": "60", "str-4.1.2": "高层领导以身作则", "comment": "总体良好"})
    assert answer.status_code == 200 and answer.json["saved"] is True
    assert answer.json["message"].startswith("已自动保存")
    sheet = sheet_of(db, application)
    assert sheet.percents == {"4.1.2": 60} and sheet.strengths == {"4.1.2": "高层领导以身作则"}
    assert sheet.comment == "总体良好" and sheet.status is SheetStatus.DRAFT
    assert answer.json["version"] == sheet.version
    # the page's next save carries the version the answer gave: it is not stale
    again = autosave(client, application, answer.json["version"], **{"pct-4.1.2": "65"})
    assert again.status_code == 200 and sheet_of(db, application).percents == {"4.1.2": 65}


def test_art5_the_autosave_keeps_the_checks_and_saves_nothing_it_refuses(db, seated):
    application, _, _, client = seated
    answer = autosave(client, application, opened(client, application), **{"pct-4.1.2": "62"})
    assert answer.status_code == 422 and "4.1.2" in answer.json["message"] and sheet_of(db, application) is None
    answer = autosave(client, application, opened(client, application), **{"str-4.1.2": "长" * 5000})
    assert answer.status_code == 422 and sheet_of(db, application) is None


def test_a_stale_autosave_answers_the_saved_version_beside_what_was_typed(db, seated):
    application, _, _, client = seated
    opened_at = opened(client, application)
    post(client, application, {"4.1.2": 60}, version=opened_at, **{"str-4.1.2": "另一个标签页的文字"})
    answer = autosave(client, application, opened_at, **{"pct-4.1.2": "20", "pct-4.1.3": "50",
                                                         "str-4.1.2": "我刚输入的文字"})
    assert answer.status_code == 409 and answer.json["stale"] is True
    assert answer.json["version"] == sheet_of(db, application).version
    assert set(answer.json["items"]) == {"4.1.2", "4.1.3"}  # only the items that differ
    box = answer.json["items"]["4.1.2"]
    assert "我刚输入的文字" in box and "另一个标签页的文字" in box and "高层领导的作用" in box
    assert sheet_of(db, application).percents == {"4.1.2": 60}  # nothing saved


def test_a_stale_save_without_script_keeps_the_typed_work_beside_the_saved_version(db, seated):
    """Today's gap: only the overall comment survived a stale save. Now every typed score and text stays in its
    field, the newer saved version is under each item that differs, and saving again (deliberately) goes through."""
    application, _, _, client = seated
    opened_at = opened(client, application)
    post(client, application, {"4.1.2": 60}, version=opened_at, **{"str-4.1.2": "另一个标签页的文字"})
    page = post(client, application, {"4.1.2": 20}, version=opened_at,
                **{"str-4.1.2": "我刚输入的文字", "comment": "我的总体评价"}).get_data(as_text=True)
    assert "alert-danger" in page and '<option value="20" selected' in page
    assert "我刚输入的文字" in page.split('name="str-4.1.2"')[1].split("</textarea>")[0]
    assert 'class="saved-version' in page and "另一个标签页的文字" in page and "我的总体评价" in page
    assert sheet_of(db, application).percents == {"4.1.2": 60}
    post(client, application, {"4.1.2": 20}, version=version_in(page))
    assert sheet_of(db, application).percents == {"4.1.2": 20}


def test_art18_a_submitted_sheet_does_not_save_itself(db, seated):
    application, _, _, client = seated
    post(client, application, {code: 50 for code in ITEMS}, submit=True, version=opened(client, application))
    version = sheet_of(db, application).version
    answer = autosave(client, application, version, **{"pct-4.1.2": "100"})
    assert answer.status_code == 422 and answer.json["locked"] is True
    assert sheet_of(db, application).percents["4.1.2"] == 50


def test_art17_art33_only_the_sheets_own_unconflicted_expert_reaches_the_autosave(db, seated, make_application,
                                                                                 make_org, office, client):
    application, expert, _, expert_client = seated
    other = make_application(application.cycle, make_org("本溪药业示例有限公司"))
    assert autosave(expert_client, other, 1, **{"pct-4.1.2": "60"}).status_code == 404  # not on its panel
    assert autosave(client, application, 1, **{"pct-4.1.2": "60"}).status_code == 403  # the office
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=expert.person_id,
                            to_org_id=application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    assert autosave(expert_client, application, 1, **{"pct-4.1.2": "60"}).status_code == 404
    assert db.session.scalar(select(ScoreSheet)) is None


def test_art18_a_refused_submission_names_and_marks_the_items_still_blank(db, seated):
    application, _, _, client = seated
    typed = {code: 50 for code in ITEMS if code not in ("4.2.3", "4.7.4")}
    page = post(client, application, typed, submit=True, version=opened(client, application)).get_data(as_text=True)
    assert "4.2.3 战略部署" in page and "4.7.4 财务结果" in page  # by title, not only by code
    assert page.count("is-invalid") == 2 and 'id="pct-4.2.3"' in page.split("is-invalid")[1][:200]
    assert 'href="#row-4.2.3"' in page


def test_submitting_the_sheet_asks_first_and_says_only_the_office_can_reopen_it(db, seated):
    application, _, _, client = seated
    page = client.get(url(application)).get_data(as_text=True)
    button = page.split('name="submit_sheet"')[0].rsplit("<input", 1)[1] + page.split('name="submit_sheet"')[1][:300]
    assert "data-confirm=" in button and "办公室" in button


def test_the_autosave_needs_the_pages_csrf_token(db, seated, app, monkeypatch):
    application, _, _, client = seated
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    page = client.get(url(application)).get_data(as_text=True)
    fields = {"pct-4.1.2": "60"}
    assert autosave(client, application, version_in(page), **fields).status_code == 400
    assert sheet_of(db, application) is None
    answer = autosave(client, application, version_in(page), csrf_token=csrf_token_from(page), **fields)
    assert answer.status_code == 200 and sheet_of(db, application).percents == {"4.1.2": 60}
