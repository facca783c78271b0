"""Every user-facing string goes through Babel and has a Chinese translation; Chinese is the default."""
import subprocess
import sys
from datetime import UTC
from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from reviewapp.models import Role
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "reviewapp" / "translations" / "zh" / "LC_MESSAGES"


def extracted_msgids(tmp_path) -> set[str]:
    """As scripts/i18n.sh extracts them: Babel's default would skip templates/_macros and templates/_print."""
    pot = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-k", "_l",
                    "-k", "N_", "-k", "lazy_gettext", "--ignore-dirs", ".*", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as f:
        return {_key(m.id) for m in read_po(f) if m.id}


def _key(msgid):
    """A plural entry's msgid (singular, plural) and msgstr are sequences: compared and hashed as tuples."""
    return msgid if isinstance(msgid, str) else tuple(msgid)


def _filled(string) -> bool:
    """A plural entry's msgstr is a tuple, truthy even when every form in it is empty."""
    return all(string) if isinstance(string, tuple) else bool(string)


def test_every_string_has_a_chinese_translation(tmp_path):
    with (ZH / "messages.po").open("rb") as f:
        catalog = read_po(f)
    translated = {_key(m.id) for m in catalog if m.id and not m.fuzzy and _filled(m.string)}
    missing = extracted_msgids(tmp_path) - translated
    assert not missing, f"run scripts/i18n.sh and translate: {sorted(missing)}"


def test_compiled_catalog_matches_the_po_file():
    with (ZH / "messages.po").open("rb") as f:
        po = {_key(m.id): _key(m.string) for m in read_po(f) if m.id}
    with (ZH / "messages.mo").open("rb") as f:
        mo = {_key(m.id): _key(m.string) for m in read_mo(f) if m.id}
    assert po == mo, "run scripts/i18n.sh (pybabel compile)"


def test_chinese_by_default(client):
    page = client.get("/auth/login").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page and "用户名" in page


def test_browser_language_english_is_honoured(client):
    page = client.get("/auth/login", headers={"Accept-Language": "en-US,en;q=0.9"}).get_data(as_text=True)
    assert "User name" in page


def test_switching_language_is_remembered_for_the_user(db, make_user, auth, client):
    user = make_user("alice", Role.EXPERT)
    auth.login("alice")
    client.post("/auth/language", data={"locale": "en", "next": "/"})
    assert "Welcome" in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert user.locale == "en"


def test_the_saved_preference_beats_the_browser(make_user, auth, client):
    make_user("alice", Role.EXPERT)  # saved preference: zh
    auth.login("alice")
    page = client.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "欢迎" in page


def test_the_welcome_speaks_the_users_language_not_the_browsers(make_user, client):
    """Was: the login request's locale was chosen for the anonymous visitor (the browser's English), so a user whose
    saved preference is Chinese read "Welcome, ..." on a Chinese page."""
    make_user("alice", Role.EXPERT, display_name="李专家")  # saved preference: zh
    english = {"Accept-Language": "en-US,en;q=0.9"}
    client.post("/auth/login", data={"username": "alice", "password": PASSWORD}, headers=english)
    page = client.get("/", headers=english).get_data(as_text=True)
    assert "欢迎，李专家" in page and "Welcome" not in page


def test_an_unknown_language_is_ignored(client):
    client.post("/auth/language", data={"locale": "fr", "next": "/auth/login"})
    assert "用户名" in client.get("/auth/login").get_data(as_text=True)


def test_language_switch_refuses_an_open_redirect(client):
    response = client.post("/auth/language", data={"locale": "en", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_every_audit_action_has_a_label():
    """The audit log shows people what happened, not codes: every action the code records has a label."""
    import re
    from pathlib import Path

    from reviewapp.audit_labels import ACTION_LABELS

    source = "\n".join(path.read_text(encoding="utf-8") for path in Path("reviewapp").rglob("*.py"))
    actions = set(re.findall(r'audit\.record\(\s*"([a-z_]+)"', source))
    assert actions and not actions - set(ACTION_LABELS), sorted(actions - set(ACTION_LABELS))


def test_every_audited_object_type_has_a_label():
    """The log names what an entry is about in words: every table an entry can name, and the explicit types."""
    import re
    from pathlib import Path

    from reviewapp.audit_labels import OBJECT_TYPE_LABELS
    from reviewapp.models import Base

    source = "\n".join(path.read_text(encoding="utf-8") for path in Path("reviewapp").rglob("*.py"))
    explicit = set(re.findall(r'object_type="([a-z_]+)"', source))
    missing = (set(Base.metadata.tables) | explicit) - set(OBJECT_TYPE_LABELS)
    assert explicit and not missing, sorted(missing)


def test_a_choice_that_is_not_offered_is_refused_in_chinese(db, make_user, auth, client):
    """WTForms' own Chinese catalog lacks this message (fuzzy there): reviewapp.forms fills it from ours."""
    make_user("office", Role.OFFICE)
    auth.login("office")
    page = client.post("/admin/users/new", data={"username": "wang", "display_name": "王力", "roles": ["bogus"],
                                                 "locale": "zh", "password": "initial-password-1"})
    html = page.get_data(as_text=True)
    assert "“bogus”不是该字段的有效选项。" in html and "not a valid choice" not in html


def test_a_moment_is_written_like_a_date(app):
    """2026-11-26 08:30, not the Chinese locale's 2026/11/26 beside dates written 2026-11-26."""
    from datetime import datetime

    from flask_babel import force_locale, format_datetime

    with app.test_request_context(), force_locale("zh"):
        assert format_datetime(datetime(2026, 11, 26, 0, 30, tzinfo=UTC), "short").startswith("2026-11-26 ")
