"""Issue #8: security headers on every response, no inline script in any page, a fresh session at login and at
logout, downloads that browsers save rather than render."""
import io
import re
from html.parser import HTMLParser
from pathlib import Path

from sqlalchemy import select

from reviewapp.models import Material, PanelStage, Role, Stage
from reviewapp.permissions import public
from reviewapp.security import CONTENT_SECURITY_POLICY, HEADERS, download_name
from tests.access import ACCESS
from tests.conftest import PASSWORD
from tests.reviews.worlds import submit_sheet, uniform
from tests.test_access_matrix import routes

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def directives(policy: str) -> dict[str, list[str]]:
    parsed = (part.split() for part in policy.split(";") if part.strip())
    return {name: sources for name, *sources in parsed}


class InlineScriptFinder(HTMLParser):
    """Everything a script-src 'self' policy would block: <script> without src, on...= handlers, javascript: URLs,
    htmx's hx-on attributes."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.found.append(f"<script> without src, line {self.getpos()[0]}")
        for name, value in attrs.items():
            if name.startswith("on") or name.startswith(("hx-on", "data-hx-on")):
                self.found.append(f"<{tag} {name}=...>, line {self.getpos()[0]}")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>, line {self.getpos()[0]}")


def inline_scripts(html: str) -> list[str]:
    finder = InlineScriptFinder()
    finder.feed(html)
    finder.close()
    return finder.found


def logged_in(app, username: str):
    client = app.test_client()
    client.post("/auth/login", data={"username": username, "password": PASSWORD})
    return client


def assert_page_without_inline_script(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.mimetype == "text/html", url
    html = response.get_data(as_text=True)
    assert inline_scripts(html) == [], url
    return html


# --- headers -----------------------------------------------------------------------------------------------

def test_every_endpoint_answers_an_anonymous_get_with_the_security_headers(app, client):
    checked = set()
    for endpoint, _, url in routes(app):
        response = client.get(url)
        for name, value in HEADERS.items():
            assert response.headers.get(name) == value, (endpoint, url, response.status_code, name)
        checked.add(endpoint)
    assert checked == set(ACCESS)


def test_logged_in_pages_static_files_and_errors_carry_the_headers_too(client, make_user, auth):
    make_user("office", Role.OFFICE)
    auth.login("office")
    for url in ("/", "/cycles/", "/static/js/score-sheet.js", "/no-such-page"):
        with client.get(url) as response:
            assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, url
            assert response.headers["X-Content-Type-Options"] == "nosniff", url


def test_the_policy_allows_scripts_from_our_origin_only_and_no_framing():
    policy = directives(CONTENT_SECURITY_POLICY)
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["default-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["frame-ancestors"] == ["'none'"] and policy["object-src"] == ["'none'"]
    assert policy["form-action"] == ["'self'"] and policy["base-uri"] == ["'self'"]
    assert HEADERS["X-Frame-Options"] == "DENY"


def test_a_header_a_view_sets_itself_is_kept(make_app):
    probe_app = make_app()
    probe_app.add_url_rule("/_framed_probe", "framed_probe", public(
        lambda: ("ok", 200, {"X-Frame-Options": "SAMEORIGIN", "Referrer-Policy": "no-referrer"})))
    response = probe_app.test_client().get("/_framed_probe")
    assert response.status_code == 200
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN" and response.headers["Referrer-Policy"] == "no-referrer"
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


# --- no inline script --------------------------------------------------------------------------------------

def test_the_finder_sees_what_the_policy_would_block():
    assert inline_scripts('<script>alert(1)</script><script src="/static/js/a.js"></script>') == \
        ["<script> without src, line 1"]
    assert len(inline_scripts('<select onchange="this.form.submit()"></select><a href="javascript:go()">x</a>')) == 2
    assert inline_scripts('<div data-points="10" style="top: 0">fine</div>') == []


def test_review_pages_have_no_inline_script(app, db, doc_panel, make_user):
    make_user("office", Role.OFFICE)
    office, member = logged_in(app, "office"), doc_panel.client("member1")
    application = doc_panel.application
    assert_page_without_inline_script(office, "/")
    assert_page_without_inline_script(member, "/")
    sheet = assert_page_without_inline_script(member, f"/reviews/{application.id}/document_review")
    assert 'id="live-total"' in sheet and "/static/js/score-sheet.js" in sheet
    for expert, value in zip(doc_panel.experts, (60, 70, 60), strict=True):
        submit_sheet(db, application, expert, PanelStage.DOCUMENT_REVIEW, uniform(value))
    consolidation = assert_page_without_inline_script(doc_panel.leader(),
                                                      f"/reviews/{application.id}/document_review/report")
    assert "王组长" in consolidation
    assert_page_without_inline_script(office, "/cycles/")
    assert_page_without_inline_script(office, f"/cycles/{doc_panel.cycle.id}")
    assert_page_without_inline_script(office, f"/applications/{application.id}")


def test_public_pages_have_no_inline_script(client, proposed_notice):
    notice = proposed_notice.notice
    for url in ("/auth/login", "/notices/", f"/notices/{notice.id}", f"/submissions/objection/{notice.id}",
                "/submissions/report", "/submissions/status"):
        assert_page_without_inline_script(client, url)


def test_no_template_carries_an_inline_script(app):
    """Every template as written, rendered or not (a page behind a rare state would otherwise slip through)."""
    for name in app.jinja_env.list_templates(extensions=["html"]):
        source = app.jinja_env.loader.get_source(app.jinja_env, name)[0]
        # Jinja's own tags out of the way first: `<input {{ 'checked' if x }}>` is not an attribute named x.
        html = re.sub(r"{{.*?}}|{%.*?%}|{#.*?#}", "x", source, flags=re.DOTALL)
        assert inline_scripts(html) == [], name


# --- session rotation --------------------------------------------------------------------------------------

def session_cookie(client) -> str:
    return client.get_cookie("session").value


def test_login_starts_a_new_session_keeping_only_the_language(app, db, client, make_user):
    make_user("alice", Role.EXPERT)
    client.get("/auth/login")
    with client.session_transaction() as session:
        session["planted"] = "fixation"
        session["locale"] = "en"
        before_token = session["csrf_token"]
    before = session_cookie(client)
    assert client.post("/auth/login", data={"username": "alice", "password": PASSWORD}).status_code == 302
    assert session_cookie(client) != before
    with client.session_transaction() as session:
        assert "planted" not in session and session.get("csrf_token") != before_token
        assert session["locale"] == "en" and session["_user_id"]


def test_a_failed_login_does_not_touch_the_session(client, make_user):
    make_user("alice", Role.EXPERT)
    client.get("/auth/login")
    with client.session_transaction() as session:
        session["planted"] = "kept until a login succeeds"
    client.post("/auth/login", data={"username": "alice", "password": "wrong-password-here"})
    with client.session_transaction() as session:
        assert session["planted"] == "kept until a login succeeds" and "_user_id" not in session


def test_the_csrf_token_from_before_the_login_is_dead_after_it(app, client, make_user, monkeypatch):
    from tests.conftest import csrf_token_from

    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    make_user("alice", Role.EXPERT)
    old_token = csrf_token_from(client.get("/auth/login").get_data(as_text=True))
    client.post("/auth/login", data={"username": "alice", "password": PASSWORD, "csrf_token": old_token})
    assert client.post("/auth/logout", data={"csrf_token": old_token}).status_code == 400
    new_token = csrf_token_from(client.get("/").get_data(as_text=True))
    assert new_token != old_token
    assert client.post("/auth/logout", data={"csrf_token": new_token}).status_code == 302


def test_logout_empties_the_session_but_the_language(client, make_user, auth):
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    with client.session_transaction() as session:
        session["planted"] = "from the logged-in session"
        session["locale"] = "en"
    auth.logout()
    with client.session_transaction() as session:
        assert "planted" not in session and "_user_id" not in session and session["locale"] == "en"
    assert client.get("/").status_code == 302


def test_logout_still_ends_a_remember_me_login(client, make_user, auth):
    make_user("alice", Role.EXPERT)
    auth.login("alice", remember="y")
    assert client.get_cookie("remember_token") is not None
    auth.logout()
    assert client.get_cookie("remember_token") is None
    assert client.get("/").status_code == 302


# --- downloads ---------------------------------------------------------------------------------------------

def test_download_names_end_with_the_kind_the_content_is():
    assert download_name("申报表.pdf", "application/pdf") == "申报表.pdf"
    assert download_name("REPORT.PDF", "application/pdf") == "REPORT.PDF"
    assert download_name("report.html", "application/pdf") == "report.html.pdf"
    assert download_name("data", XLSX_MIMETYPE) == "data.xlsx"


def test_a_material_downloads_as_an_attachment_of_its_detected_type(db, client, make_user, auth, make_cycle,
                                                                   make_application):
    make_user("office", Role.OFFICE)
    auth.login("office")
    application = make_application(make_cycle(stage=Stage.APPLICATION))
    client.post(f"/applications/{application.id}/materials", content_type="multipart/form-data",
                data={"kind": "application_form", "file": (io.BytesIO(PDF), "申报表.html")})
    material = db.session.scalar(select(Material))
    with client.get(f"/applications/materials/{material.id}") as response:
        assert response.status_code == 200 and response.mimetype == "application/pdf"
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment;") and disposition.endswith(".html.pdf")
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_an_xlsx_export_is_an_attachment_of_its_type(db, client, make_user, auth, doc_panel):
    make_user("office", Role.OFFICE)
    auth.login("office")
    response = client.get(f"/reviews/cycles/{doc_panel.cycle.id}/sheets.xlsx")
    assert response.status_code == 200 and response.mimetype == XLSX_MIMETYPE
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# --- no inline style (issue 14) ----------------------------------------------------------------------------

TEMPLATES = Path(__file__).resolve().parents[1] / "templates"
INLINE_STYLE = re.compile(r"""<style[\s>]|\sstyle\s*=\s*["']""", re.IGNORECASE)


def test_no_template_a_browser_is_sent_has_an_inline_style():
    """style-src 'self' refuses style="..." and <style>: their rules live in static/app.css. The printable
    templates (extending _print/base.html) are rendered to PDF by WeasyPrint, which no CSP governs."""
    offenders = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        source = template.read_text(encoding="utf-8")
        if template.parent.name == "_print" or '{% extends "_print/base.html" %}' in source:
            continue
        offenders += [f"{template.relative_to(TEMPLATES)}:{number}" for number, line in
                      enumerate(source.splitlines(), 1) if INLINE_STYLE.search(line)]
    assert offenders == []
