"""Issue 18: the demo's online applications (Art. 15), in the current cycle while its call is open: 本溪桥源精密机械
(login `qiaoyuan`) is still writing its draft; 本溪百草堂中药饮片 (login `baicaotang`) submitted a complete one that
awaits the opinion of 本溪市质量协会 (the demo's `recommender` login). Each organization writes through its own login,
as it would; the office only created the organizations and their accounts."""
from datetime import date

from sqlalchemy import select

from reviewapp import audit
from reviewapp.admin.operations import create_user
from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.demo.data import credit_code
from reviewapp.demo.documents import minimal_pdf, self_assessment
from reviewapp.demo.summary import DemoSummary
from reviewapp.domain.online_application import opening_refusal
from reviewapp.extensions import db
from reviewapp.models import (
    ApplicationDraft,
    Cycle,
    DraftStatus,
    Organization,
    OrganizationAccount,
    OrgKind,
    Role,
    User,
)
from reviewapp.models.base import utcnow
from reviewapp.online import operations as online_ops
from reviewapp.online.queries import call_facts
from reviewapp.organizations import operations as org_ops

RECOMMENDER_CODE = ("51", "210500", "MJ0813626")  # 本溪市质量协会 (data/recommenders.json, key xiehui)

# username, display name, organization, whether it submits, the form, the files it uploaded, its self-assessment base
ONLINE = [
    ("qiaoyuan", "孙立（桥源精机）", {
        "name": "本溪桥源精密机械有限公司", "credit_code": ("91", "210504", "MA0W2C8L5"), "founded_on": "2009-04-20",
        "industry_code": "C34", "address": "本溪市明山区东明路18号", "contact_name": "孙立",
        "contact_phone": "024-42217730", "contact_email": "sunli@qyjj-demo.example.com"},
     False, {"profile": "民营精密机械企业，主要为冶金和矿山设备配套精密零部件。",
             "main_products": "精密轴承座、减速机壳体", "employees": 420}, {"application_form": "申报表.pdf"}, 55),
    ("baicaotang", "周敏（百草堂）", {
        "name": "本溪百草堂中药饮片有限公司", "credit_code": ("91", "210502", "MA0X5F3Q1"), "founded_on": "2006-09-12",
        "industry_code": "C27", "address": "本溪市平山区药都大街88号", "contact_name": "周敏",
        "contact_phone": "024-42338816", "contact_email": "zhoumin@bct-demo.example.com"},
     True, {"profile": "以辽细辛、人参等道地药材为主的中药饮片生产企业，通过药品GMP符合性检查。",
            "main_products": "中药饮片、配方颗粒原料", "employees": 380, "revenue": 46000, "profit_tax": 3900,
            "asset_contribution": 11,
            "quality_achievements": "建立从种植基地到成品的全过程质量追溯体系，饮片抽检合格率100%。",
            "innovation": "参与制定辽宁省中药饮片炮制规范3项，拥有发明专利8项。"},
     {"application_form": "申报表.pdf", "self_assessment_report": "自我评价报告.pdf",
      "supporting": "证明材料.pdf"}, 60),
]


def _organization(spec: dict, acting) -> Organization:
    code = credit_code(*spec["credit_code"])
    org = db.session.scalar(select(Organization).where(Organization.credit_code == code))
    if org is None:
        org = org_ops.create_organization({**spec, "credit_code": code, "kind": OrgKind.ENTERPRISE.value,
                                           "founded_on": date.fromisoformat(spec["founded_on"]),
                                           "for_profit": True}, acting)
    return org


def _login(username: str, display_name: str, org: Organization, email: str, acting) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        user = create_user(username, display_name, DEMO_PASSWORD, [Role.APPLICANT], "zh", acting=acting, commit=False)
        account = OrganizationAccount(user=user, organization=org, credit_code=org.credit_code,
                                      organization_name=org.name, contact_name=display_name.split("（")[0],
                                      phone=org.contact_phone, email=email, invited_by_id=acting.id,
                                      verified_at=utcnow(), verified_by_id=acting.id)
        db.session.add(account)
        audit.record("organization_account_invited", account, user=acting,
                     details={"username": username, "role": Role.APPLICANT.value, "organization_id": org.id})
        db.session.commit()
    return user


def _form(form: dict, base: int, complete: bool, recommender: Organization) -> dict:
    """The draft's form; an unfinished one has the first categories of the self-assessment only."""
    percents = self_assessment(base)
    return {"award": "award", "recommender_id": recommender.id, "form_data": form,
            "self_assessment": percents if complete else dict(list(percents.items())[:9])}


def load_online(cycle: Cycle, acting, summary: DemoSummary) -> None:
    """The two organizations, their logins and drafts; nothing when the call is not open (an old installation)."""
    if opening_refusal(call_facts(cycle)) is not None:
        return
    recommender = db.session.scalar(select(Organization).where(
        Organization.credit_code == credit_code(*RECOMMENDER_CODE)))
    for username, display_name, spec, submits, form, files, base in ONLINE:
        org = _organization(spec, acting)
        user = _login(username, display_name, org, spec["contact_email"], acting)
        if db.session.scalar(select(ApplicationDraft.id).where(ApplicationDraft.cycle_id == cycle.id,
                                                               ApplicationDraft.organization_id == org.id)):
            continue
        draft = online_ops.start_draft(cycle, org, user)
        online_ops.save_draft(draft, _form(form, base, submits, recommender), draft.version, user)
        for kind, name in files.items():
            pdf = minimal_pdf([f"Benxi Mayor's Quality Award - online application of {username}", kind])
            online_ops.add_file(draft, kind, name, pdf, user)
        if submits:
            online_ops.submit(draft, draft.version, user)
        summary.count("online applications")


def before_closing(cycle: Cycle) -> None:
    """`flask demo --stage panels` and later close the applications: the demo's online application awaiting its
    recommender is taken back to a draft by its organization first (the cycle waits for it otherwise, Art. 15)."""
    for draft in db.session.scalars(select(ApplicationDraft).where(
            ApplicationDraft.cycle_id == cycle.id, ApplicationDraft.status == DraftStatus.AWAITING_RECOMMENDATION)):
        online_ops.take_back(draft, draft.submitted_by)
