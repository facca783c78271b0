"""Art. 33 on the demo world: at the comprehensive evaluation (`flask demo --stage evaluation`), with experts seated
on named panels, sheets scored and reports submitted, the demo applicant's own pages show no expert, no panel, no
score of the review and no other applicant; the recommender's status page neither."""
import re

from sqlalchemy import select

from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.models import (
    Application,
    ComprehensiveReport,
    Expert,
    OrganizationAccount,
    Panel,
    Person,
    User,
)
from tests.demo_data import load_demo


def _text(page: str) -> str:
    return re.sub(r"<[^>]+>", " ", page)


def _secrets(db, own: Application) -> set[str]:
    experts = {name for name in db.session.scalars(select(Person.name).join(Expert, Expert.person_id == Person.id))}
    panels = set(db.session.scalars(select(Panel.name)))
    others = {a.organization.name for a in db.session.scalars(select(Application).where(
        Application.cycle_id == own.cycle_id, Application.organization_id != own.organization_id))}
    scores = {f"{report.score}" for report in db.session.scalars(select(ComprehensiveReport))} | \
        {f"{report.document_total}" for report in db.session.scalars(select(ComprehensiveReport))}
    # an automatic panel is named after its applicant ("2026-001 本溪华钢…"): that name is the organization's own
    return {secret for secret in experts | panels | others | scores
            if secret and len(secret) > 1 and own.organization.name not in secret}


def test_art33_the_demo_applicant_and_recommender_read_no_expert_panel_score_or_other_applicant(app, db, client):
    load_demo(app, "--stage", "evaluation")
    account = db.session.scalar(select(OrganizationAccount).join(User, OrganizationAccount.user_id == User.id)
                                .where(User.username == "applicant"))
    own = db.session.scalars(select(Application).where(Application.organization_id == account.organization_id)
                             .order_by(Application.id.desc())).first()
    secrets = _secrets(db, own)
    assert len(secrets) > 40  # the pool's experts, the panels, the other applicants, the scores
    client.post("/auth/login", data={"username": "applicant", "password": DEMO_PASSWORD})
    urls = ["/", "/my/"] + [f"/my/applications/{a.id}" for a in db.session.scalars(
        select(Application).where(Application.organization_id == account.organization_id))]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        found = [secret for secret in secrets if secret in _text(response.get_data(as_text=True))]
        assert found == [], (url, found)
    assert 'data-status="under_review"' in client.get(f"/my/applications/{own.id}").get_data(as_text=True)
    client.post("/auth/logout")
    client.post("/auth/login", data={"username": "recommender", "password": DEMO_PASSWORD})
    recommended = db.session.scalar(select(Application).where(Application.recommender_id == select(
        OrganizationAccount.organization_id).join(User, OrganizationAccount.user_id == User.id)
        .where(User.username == "recommender").scalar_subquery(), Application.cycle_id == own.cycle_id))
    page = client.get(f"/my/applications/{recommended.id}").get_data(as_text=True)
    own_secrets = {secret for secret in secrets if recommended.organization.name not in secret}
    assert [secret for secret in own_secrets if secret in _text(page)] == []
