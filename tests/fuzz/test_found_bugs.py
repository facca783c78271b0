"""The bugs the fuzzing of issue #8 found, each reduced to the request that shows it, so that the fix stays.

A bug not fixed yet is marked xfail(strict=True, reason="bug: ...") and listed in tests/fuzz/known_bugs.py (so the
fuzzing of its endpoints goes on past it); when a fix makes it pass, remove the mark and the entry together. The
first ones were fixed in 8bceab5."""

import pytest
from sqlalchemy import select

from reviewapp.models import Expert, Organization, Person, ScoreSheet, SheetStatus
from tests.fuzz.files import VALID_ENTITIES, graph_workbook
from tests.fuzz.forms import baseline
from tests.fuzz.harness import multipart, scripts_in
from tests.reviews.worlds import ITEMS
from tests.submissions.worlds import FILER, challenge_answer


def answered(client, url: str, data: dict) -> int:
    """The status a user gets: an exception escaping the view is the 500 the error handler would render."""
    try:
        return client.post(url, data=data).status_code
    except Exception:  # noqa: BLE001 - TESTING propagates what production answers with a 500
        return 500


# --- hidden version fields ----------------------------------------------------------------------------------------

VERSIONED_FORMS = {
    # endpoint: (world, who, world -> the form's URL, world -> the page rendering it)
    "applications.edit": ("base_world", "office", lambda w: f"/applications/{w.application.id}/edit", None),
    "cycles.edit": ("base_world", "office", lambda w: f"/cycles/{w.cycle.id}/edit", None),
    "organizations.edit": ("base_world", "office", lambda w: f"/organizations/{w.org.id}/edit", None),
    "experts.edit": ("base_world", "office", lambda w: f"/experts/{w.expert.id}/edit", None),
    "experts.change_status": ("base_world", "office", lambda w: f"/experts/{w.expert.id}/status",
                              lambda w: f"/experts/{w.expert.id}"),
    "experts.update_contact": ("base_world", "expert", lambda w: "/experts/me/contact", lambda w: "/experts/me"),
    "scoring.sheet": ("review_world", "member1", lambda w: f"/reviews/{w.application.id}/document_review", None),
    "reports.consolidate_report": ("review_world", "leader",
                                   lambda w: f"/reviews/{w.application.id}/document_review/report", None),
    "submissions.link": ("submissions_world", "office", lambda w: f"/submissions/{w.report.id}/link",
                         lambda w: f"/submissions/{w.report.id}"),
}
# Where the version is compared in SQL, a number beyond 64 bits fails in SQLite too.
COMPARED_IN_SQL = {"scoring.sheet", "reports.consolidate_report"}


def _versioned_cases():
    for endpoint in sorted(VERSIONED_FORMS):
        yield endpoint, "x"
        if endpoint in COMPARED_IN_SQL:
            yield endpoint, "9" * 30


@pytest.mark.parametrize("endpoint, version", list(_versioned_cases()))
def test_a_version_that_is_not_a_number_is_refused(request, endpoint, version):
    """Was: int(form.version.data or 0) in the views, a 500 for anything but digits (ValueError), and where the
    version is compared in SQL for a number beyond 64 bits (OverflowError). Now reviewapp.forms.version_of."""
    world_name, who, url, page = VERSIONED_FORMS[endpoint]
    world = request.getfixturevalue(world_name)
    client = world.client(who)
    html = client.get((page or url)(world)).get_data(as_text=True)
    fields = baseline(html, url(world), (page or url)(world))
    assert answered(client, url(world), {**fields, "version": version}) < 500


@pytest.mark.parametrize("version", ["²", "9" * 30])
def test_a_panel_version_in_unicode_digits_is_refused(review_world, version):
    """Was: panels.routes._version let through what str.isdigit() accepts ('²' then failed in int())."""
    office = review_world.client("office")
    assert answered(office, f"/panels/{review_world.panel.id}/dissolve", {"version": version}) < 500


# --- ids and entity tokens beyond what the database holds ---------------------------------------------------------

def test_a_huge_id_in_a_merge_is_refused(base_world):
    """Was: MergeForm's ids unbounded, handed to SQLite by db.get_or_404 (OverflowError)."""
    office = base_world.client("office")
    data = {"kind": "organization", "survivor_id": str(10**30), "merged_id": str(base_world.twin.id)}
    assert answered(office, "/duplicates/merge", data) < 500


@pytest.mark.parametrize("form", ["relation", "office declaration", "own relation"])
def test_a_huge_entity_token_is_refused(base_world, form):
    """Was: graph.vocabulary.parse_token read p<digits>/o<digits> unbounded (and in any script's digits), and
    resolve_entity handed the id to SQLite (OverflowError) on every form with an entity picker."""
    token = f"o{10**30}"
    who, url, data = {
        "relation": ("office", f"/graph/people/{base_world.person.id}/relations",
                     {"direction": "out", "type": "director_of", "other": token}),
        "office declaration": ("office", "/graph/declarations/office",
                               {"office-person": f"p{base_world.expert.person_id}", "office-organization": token,
                                "office-reason": "x"}),
        "own relation": ("expert", "/graph/me/relations", {"type": "employed_by", "other": token}),
    }[form]
    assert answered(base_world.client(who), url, data) < 500


# --- numbers Decimal cannot quantize -----------------------------------------------------------------------------

@pytest.mark.parametrize("share", ["NaN", "Infinity", "1e30"])
def test_a_share_decimal_cannot_hold_is_refused(base_world, share):
    """Was: RelationForm.share quantized share_percent / 100 to 4 places: decimal.InvalidOperation for NaN,
    Infinity and anything from about 1e24."""
    office = base_world.client("office")
    data = {"direction": "in", "type": "shareholder_of", "other": f"p{base_world.person.id}", "share_percent": share}
    assert answered(office, f"/graph/organizations/{base_world.org.id}/relations", data) < 500


@pytest.mark.parametrize("share", [1e30, "inf"])
def test_a_share_cell_decimal_cannot_hold_is_listed_as_a_problem(base_world, share):
    """Was: domain.coi.graph_workbook._share quantized the cell the same way: the import's check answered 500."""
    data = graph_workbook(VALID_ENTITIES, [["shareholder_of", "E-ZHANG", "O-GROUP", None, None, share, None]])
    office = base_world.client("office")
    try:
        status = office.post("/imports/check", **multipart({"file": (data, "graph.xlsx"), "dry_run": "y"})).status_code
    except Exception:  # noqa: BLE001
        status = 500
    assert status == 422


# --- the score sheet ---------------------------------------------------------------------------------------------

def test_a_percentage_in_unicode_digits_is_refused(review_world):
    """Was: reviews.operations.clean_percents tested value.isdigit() before int(value): '²' passed, int() failed."""
    member = review_world.client("member1")
    url = f"/reviews/{review_world.application.id}/document_review"
    assert answered(member, url, {f"pct-{ITEMS[0]}": "²", "version": "1", "save_draft": "y"}) < 500


def test_texts_for_items_the_standard_does_not_have_are_not_stored(review_world, db):
    """Was: reviews.operations.save stored every str-<code> / opp-<code> field; once the sheet was submitted, the
    leader's consolidation page raised KeyError on the unknown code, for good."""
    member, leader = review_world.client("member1"), review_world.client("leader")
    url = f"/reviews/{review_world.application.id}/document_review"
    scores = {f"pct-{item}": "60" for item in ITEMS}
    response = member.post(url, data={**scores, "str-4.9.9": "不存在的条目", "version": "1", "submit_sheet": "y"})
    assert response.status_code == 302
    sheet = db.session.scalar(select(ScoreSheet).where(ScoreSheet.expert_id == review_world.experts[1].id))
    assert sheet.status is SheetStatus.SUBMITTED and "4.9.9" not in sheet.strengths
    try:
        status = leader.get(f"/reviews/{review_world.application.id}/document_review/report").status_code
    except Exception:  # noqa: BLE001
        status = 500
    assert status == 200


# --- a stored script in a validation message ----------------------------------------------------------------------

SCRIPT = "<script>alert(1)</script>"


@pytest.mark.parametrize("form", ["organization", "expert"])
def test_a_stored_name_in_a_validation_message_is_escaped(base_world, db, form):
    """Was: OrganizationForm.validate_credit_code and ExpertForm.validate_certificate_number put the other record's
    stored name into a lazy_gettext message; flask_babel's LazyString has __html__, so Jinja took the message, name
    and all, for safe HTML."""
    office = base_world.client("office")
    if form == "organization":
        holder = db.session.get(Organization, base_world.org.id)
        holder.name = f"本溪{SCRIPT}"
        db.session.commit()
        page = office.post("/organizations/new", data={"name": "新公司", "kind": "enterprise",
                                                       "credit_code": holder.credit_code})
    else:
        expert = db.session.scalar(select(Expert).join(Person).where(Person.id == base_world.expert.person_id))
        expert.person.name, expert.certificate_number = f"李{SCRIPT}", "ZJ-1"
        db.session.commit()
        page = office.post("/experts/new", data={"name": "周专家", "certificate_number": "ZJ-1"})
    html = page.get_data(as_text=True)
    assert page.status_code in (200, 422) and "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # the message shown
    assert scripts_in(html) == []


# --- fixed this session: input the database or WTForms cannot hold --------------------------------------------------

@pytest.mark.parametrize("form", ["login", "public report", "new person"])
def test_a_nul_character_in_a_text_field_is_no_server_error(submissions_world, form):
    """Was (PostgreSQL only): a NUL character in any text field reached the database, and PostgreSQL text cannot
    hold it: psycopg.DataError, a 500 - also for anyone, on the login form and the public report form. Now
    reviewapp.wrappers.CleanRequest removes NUL from every form and query value and upload name."""
    client = submissions_world.client("office" if form == "new person" else "anonymous")
    url, data = {
        "login": ("/auth/login", {"username": "li\x00zj", "password": "x"}),
        "public report": ("/submissions/report", {**FILER, "facts": "事\x00实", "reasons": "理由",
                                                  "subject": "applicant",
                                                  "subject_name": "甲钢铁有限公司"}),
        "new person": ("/graph/people/new", {"name": "王\x00五"}),
    }[form]
    if form == "public report":
        data |= challenge_answer(client.get(url).get_data(as_text=True))
    assert answered(client, url, data) < 500


def test_a_nul_character_is_removed_where_input_enters(base_world, db):
    """On every database alike: the person is stored with the name as typed, less the NUL; a query value too."""
    office = base_world.client("office")
    assert office.post("/graph/people/new", data={"name": "王\x00五"}).status_code == 302
    assert db.session.scalar(select(Person).where(Person.name == "王五")) is not None
    assert office.get("/experts/?q=%00").status_code == 200


@pytest.mark.parametrize("form", ["merge", "new cycle", "new application", "expert filter (GET)"])
def test_an_integer_too_large_for_a_float_is_refused(base_world, form):
    """Found by the thorough profile: '9' * 400 in form_data-asset_contribution of applications.edit. Was: WTForms'
    NumberRange calls math.isnan() on the field's value, and an IntegerField holds any integer int() reads (up to
    4,300 digits): from 309 digits on the conversion to float raised OverflowError, a 500. Now every form uses
    reviewapp.forms.IntegerField, which refuses more than 15 digits."""
    office, big = base_world.client("office"), "9" * 400
    method, url, data = {
        "merge": ("POST", "/duplicates/merge", {"kind": "organization", "survivor_id": big, "merged_id": "1"}),
        "new cycle": ("POST", "/cycles/new", {"name": "第十一届", "year": big, "reference_date": "2027-11-16"}),
        "new application": ("POST", f"/applications/new/{base_world.cycle.id}", {"form_data-employees": big}),
        "expert filter (GET)": ("GET", f"/experts/?max_load={big}", None),
    }[form]
    try:
        status = office.open(url, method=method, data=data).status_code
    except Exception:  # noqa: BLE001 - TESTING propagates what production answers with a 500
        status = 500
    assert status < 500


# --- fixed since (b3c3eee) -----------------------------------------------------------------------------------------

def test_the_edit_page_shows_the_users_roles(base_world):
    """Found by tests/fuzz/test_forms.py's check that a form submitted as rendered is accepted."""
    office = base_world.client("office")
    url = f"/admin/users/{base_world.other.id}"
    assert baseline(office.get(url).get_data(as_text=True), url).get("roles") == "expert"


@pytest.mark.parametrize("who", ["expert", "office"])
def test_stored_text_is_never_a_formula_in_the_pool_export(base_world, who):
    """Found by the spreadsheet fuzzing's formulas (tests/fuzz/files.py FORMULAS), looked for in the exports."""
    import io

    from openpyxl import load_workbook

    formula = '=HYPERLINK("http://evil.example/","x")'
    if who == "expert":  # the phone is checked as a number now; an e-mail address can still start with "="
        formula = "=1+2@evil.example"
        base_world.client("expert").post("/experts/me/contact", data={"email": formula, "version": "1"})
    else:
        base_world.client("office").post("/experts/new", data={"name": formula})
    export = base_world.client("office").get("/experts/export.xlsx")
    cells = [cell for row in load_workbook(io.BytesIO(export.data))["专家"].iter_rows(min_row=2) for cell in row]
    assert formula in [cell.value for cell in cells]  # the text is exported...
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []  # ...as text


def test_every_known_bug_has_its_test_here():
    from tests.fuzz.known_bugs import KNOWN_BUGS

    assert {bug.name for bug in KNOWN_BUGS} <= {name for name in globals() if name.startswith("test_")}
