"""Issue 18: the demo has an organization writing its online application and one awaiting the demo recommender's
opinion; `flask demo --stage panels` still closes the applications."""
from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.models import ApplicationDraft, DraftStatus
from tests.demo_data import load_demo


def _login(app, username):
    client = app.test_client()
    client.post("/auth/login", data={"username": username, "password": DEMO_PASSWORD})
    return client


def test_art15_the_demo_recommender_has_a_pending_opinion_and_an_organization_a_draft(app, db):
    load_demo(app)
    statuses = {d.organization.name: d.status for d in db.session.query(ApplicationDraft)}
    assert statuses == {"本溪桥源精密机械有限公司": DraftStatus.DRAFT,
                        "本溪百草堂中药饮片有限公司": DraftStatus.AWAITING_RECOMMENDATION}
    assert "本溪百草堂中药饮片有限公司" in _login(app, "recommender").get("/").get_data(as_text=True)
    home = _login(app, "qiaoyuan").get("/").get_data(as_text=True)
    assert 'id="open-draft"' in home and "草稿" in home
    load_demo(app, "--stage", "panels")
