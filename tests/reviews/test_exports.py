"""The cycle's score sheets as .xlsx for the office (Art. 18, 19): every sheet with its items, subtotals and total,
the panels' consensus, and excluded sheets (Art. 33) flagged with the reason."""
from datetime import datetime
from io import BytesIO
from urllib.parse import quote

from openpyxl import load_workbook

from reviewapp.conflicts import service
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.models import PanelReport, PanelStage, Relation, RelationSource, RelationType, ReportStatus, ScoreSheet
from reviewapp.models.base import utcnow
from tests.conftest import audit_actions
from tests.reviews.worlds import ITEMS, submit_sheet, uniform

DOC = PanelStage.DOCUMENT_REVIEW
STANDARD = load_standard()
SUBTOTALS = [f"{category.code} subtotal" for category in STANDARD.categories]


def url(setup) -> str:
    return f"/reviews/cycles/{setup.cycle.id}/sheets.xlsx"


def in_english(db, user):
    user.locale = "en"
    db.session.commit()


def scored(db, setup):
    """The leader and member1 submitted 60 and 70; member2 has a draft with one item; the report says 65."""
    for expert, value in zip(setup.experts[:2], (60, 70)):
        submit_sheet(db, setup.application, expert, DOC, uniform(value))
    db.session.add(ScoreSheet(application_id=setup.application.id, expert_id=setup.experts[2].id, stage=DOC,
                              percents={ITEMS[0]: 50}))
    db.session.add(PanelReport(application_id=setup.application.id, panel_id=setup.panel.id, stage=DOC,
                               consensus=uniform(65), recommend=True, status=ReportStatus.SUBMITTED,
                               submitted_at=utcnow()))
    db.session.commit()


def workbook(response):
    assert response.status_code == 200
    return load_workbook(BytesIO(response.data))


def rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_art18_the_export_lists_every_sheet_with_items_subtotals_and_total(db, doc_panel, office, client):
    in_english(db, office)
    scored(db, doc_panel)
    book = workbook(client.get(url(doc_panel)))
    assert book.sheetnames == ["Document review (资料评审)", "Consensus, document review",
                               "On-site review (现场评审)", "Consensus, on-site review"]
    header, *lines = rows(book["Document review (资料评审)"])
    assert list(header) == ["Number", "Applicant", "Expert", "Status", *ITEMS, *SUBTOTALS, "Total", "Submitted at",
                            "Excluded (reason)"]
    by_expert = {line[2]: line for line in lines}
    assert set(by_expert) == {"王组长", "李专家", "赵专家"}
    leader = by_expert["王组长"]
    assert leader[:4] == (doc_panel.application.number, "本溪板材示例有限公司", "王组长", "Submitted")
    assert leader[4:4 + len(ITEMS)] == (60,) * len(ITEMS)
    summary = summarize(STANDARD, uniform(60))
    assert leader[4 + len(ITEMS):-2] == (*(float(summary.category_scores[c.code]) for c in STANDARD.categories),
                                        float(summary.total))
    assert isinstance(leader[-2], datetime) and leader[-1] is None
    draft = by_expert["赵专家"]
    assert draft[3] == "Draft" and draft[4] == 50 and draft[5] is None and draft[-2] is None
    assert rows(book["On-site review (现场评审)"])[1:] == []


def test_art18_the_export_has_the_panels_consensus_per_applicant(db, doc_panel, office, client):
    in_english(db, office)
    scored(db, doc_panel)
    header, *lines = rows(workbook(client.get(url(doc_panel)))["Consensus, document review"])
    assert list(header) == ["Number", "Applicant", "Panel", "Status", *ITEMS, *SUBTOTALS, "Total", "Recommended",
                            "Submitted at"]
    (line,) = lines
    assert line[:4] == (doc_panel.application.number, "本溪板材示例有限公司", "第一评审组", "Submitted")
    assert line[4:4 + len(ITEMS)] == (65,) * len(ITEMS)
    assert line[-3] == float(summarize(STANDARD, uniform(65)).total) and line[-2] == "Yes"


def test_art33_an_excluded_members_sheet_is_listed_with_the_reason(db, doc_panel, office, client):
    in_english(db, office)
    scored(db, doc_panel)
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, from_person_id=doc_panel.experts[1].person_id,
                            to_org_id=doc_panel.application.organization_id, source=RelationSource.OFFICE))
    db.session.commit()
    service.forget_engines()
    _, *lines = rows(workbook(client.get(url(doc_panel)))["Document review (资料评审)"])
    reasons = {line[2]: line[-1] for line in lines}
    assert "李专家" in reasons["李专家"] and "Art. 33" in reasons["李专家"]
    assert reasons["王组长"] is None and reasons["赵专家"] is None


def test_art18_the_export_speaks_chinese_and_is_an_attachment_named_after_the_cycle(db, doc_panel, office, client):
    scored(db, doc_panel)
    response = client.get(url(doc_panel))
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"filename*=UTF-8''{quote(doc_panel.cycle.name)}" in disposition
    book = workbook(response)
    assert book.sheetnames[0] == "资料评审" and book.sheetnames[2] == "现场评审"
    assert rows(book["资料评审"])[0][:4] == ("申报编号", "申报组织", "评审专家", "状态")
    assert "score_sheets_exported" in audit_actions(db)


def test_a_name_that_looks_like_a_formula_stays_text(db, doc_panel, office, client):
    doc_panel.application.organization.name = '=HYPERLINK("http://example.com","x")'
    db.session.commit()
    scored(db, doc_panel)
    sheet = workbook(client.get(url(doc_panel))).worksheets[0]
    assert sheet["B2"].data_type == "s" and sheet["B2"].value.startswith("=HYPERLINK")


def test_art18_only_the_office_downloads_the_score_sheets(db, doc_panel, client):
    response = client.get(url(doc_panel))
    assert response.status_code == 302 and response.headers["Location"].startswith("/auth/login")
    assert doc_panel.leader().get(url(doc_panel)).status_code == 403


def test_the_review_overview_links_to_the_export(db, doc_panel, office, client):
    assert client.get(f"/reviews/cycles/{doc_panel.cycle.id}/sheets.xlsx").status_code == 200
    assert client.get("/reviews/cycles/9999/sheets.xlsx").status_code == 404
    page = client.get(f"/reviews/cycles/{doc_panel.cycle.id}").get_data(as_text=True)
    assert f'href="{url(doc_panel)}"' in page
