"""Art. 24, 28, 4: a certificate per award, in Chinese, naming the award, the organization, the award year and the
validity; rendered to PNG for people to look at."""
from datetime import date
from pathlib import Path

import pypdfium2 as pdfium
from sqlalchemy import select

from reviewapp.models import AwardRecord, Role
from tests.awards.worlds import approve, commend
from tests.conftest import audit_actions

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "awards"


def award_of(db, org) -> AwardRecord:
    return db.session.scalar(select(AwardRecord).where(AwardRecord.organization_id == org.id))


def first_page_text(pdf_bytes: bytes, png: Path) -> str:
    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        page = pdf[0]
        width, height = page.get_size()
        assert width > height  # A4 landscape
        image = page.render(scale=1.5).to_pil()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        image.save(png)
        gray = image.convert("L")
        assert sum(gray.histogram()[:128]) > 0.003 * gray.width * gray.height  # ink on the page
        return "".join(page.get_textpage().get_text_range().split())
    finally:
        pdf.close()


def test_art24_28_the_award_certificate_states_award_organization_year_and_validity(db, office, client,
                                                                                    approval_cycle):
    approve(client, approval_cycle.cycle)
    commend(client, approval_cycle.cycle)
    award = award_of(db, approval_cycle.orgs["甲"])
    response = client.get(f"/awards/{award.id}/certificate")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    text = first_page_text(response.data, ARTIFACTS / "certificate-award.png")
    assert "荣誉证书" in text and "甲钢铁有限公司" in text
    assert "本溪市市长质量奖" in text and "提名奖" not in text
    assert "获奖年度：2026年" in text and "有效期至：2031年11月24日" in text  # Art. 28, Art. 4
    # Art. 24: it cites the commendation decision that grants it and bears its date
    assert "根据《本溪市人民政府关于表彰本届市长质量奖获奖组织的决定》（本政发〔2026〕31号）" in text
    assert "本溪市人民政府" in text and "2026年11月26日" in text
    assert f"BXSZZLJ-2026-{award.id:04d}" in text
    assert "award_certificate_printed" in audit_actions(db)


def test_art24_the_nomination_certificate_names_the_nomination_award(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    commend(client, approval_cycle.cycle)
    award = award_of(db, approval_cycle.orgs["乙"])
    text = first_page_text(client.get(f"/awards/{award.id}/certificate").data, ARTIFACTS / "certificate-nomination.png")
    assert "本溪市市长质量奖提名奖" in text and "乙药业有限公司" in text


def test_art12_a_repeat_winner_gets_the_certificate(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    commend(client, approval_cycle.cycle)
    award = award_of(db, approval_cycle.orgs["丙"])
    assert client.get(f"/awards/{award.id}/certificate").mimetype == "application/pdf"


def test_art24_no_certificate_before_the_commendation_decision(db, office, client, approval_cycle):
    approve(client, approval_cycle.cycle)
    award = award_of(db, approval_cycle.orgs["甲"])
    response = client.get(f"/awards/{award.id}/certificate")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/awards/cycles/{approval_cycle.cycle.id}/commendation"
    assert "record the decision first" in client.get(response.headers["Location"]).get_data(as_text=True)
    assert "award_certificate_printed" not in audit_actions(db)


def test_art24_an_award_of_a_cycle_before_this_system_is_printed_without_a_decision(db, office, client, make_org):
    org = make_org("老牌获奖有限公司")
    award = AwardRecord(organization_id=org.id, kind="award", awarded_on=date(2016, 12, 1), cycle_name="第五届")
    db.session.add(award)
    db.session.commit()
    text = first_page_text(client.get(f"/awards/{award.id}/certificate").data, ARTIFACTS / "certificate-past.png")
    assert "老牌获奖有限公司" in text and "根据" not in text and "2016年12月1日" in text


def test_art31_32_no_certificate_for_a_revoked_award(db, office, client, make_org):
    org = make_org()
    award = AwardRecord(organization_id=org.id, kind="award", awarded_on=date(2024, 12, 1),
                        revoked_on=date(2026, 1, 5), revocation_article=31, revocation_reason="材料造假")
    db.session.add(award)
    db.session.commit()
    response = client.get(f"/awards/{award.id}/certificate")
    assert response.status_code == 302 and response.headers["Location"] == f"/organizations/{org.id}"
    assert "no certificate" in client.get(response.headers["Location"]).get_data(as_text=True)


def test_wrong_roles_get_403_on_the_certificate(db, make_user, auth, client, make_org):
    org = make_org()
    award = AwardRecord(organization_id=org.id, kind="award", awarded_on=date(2024, 12, 1))
    db.session.add(award)
    db.session.commit()
    make_user("expert", Role.EXPERT)
    auth.login("expert")
    assert client.get(f"/awards/{award.id}/certificate").status_code == 403
