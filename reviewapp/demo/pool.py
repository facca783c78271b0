"""The demo's expert pool (评审员专家库): the demo experts' profiles and some forty more experts across Benxi's main
industries (iron and steel, pharmaceuticals, mining, building materials, power, food, tourism, services, IT,
health), some working in corporate groups of the applicants, so that automatic assignment shows refusals and
explanations."""
import random
from datetime import date

from sqlalchemy import select

from reviewapp import audit
from reviewapp.extensions import db
from reviewapp.models import Expert, Organization, OrgKind, Person, Relation, RelationSource, RelationType

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎"
GIVEN = ["建国", "志强", "秀英", "海涛", "丽华", "立新", "振东", "晓梅", "国栋", "文静", "春雷", "玉兰", "德明", "红梅",
         "宏伟", "雪峰", "淑芬", "永刚", "秋菊", "长青", "明辉", "凤霞", "铁军", "佳琪", "博文", "思远", "亚楠", "子健"]
TITLES = ["正高级工程师", "高级工程师", "教授", "副教授", "高级经济师", "研究员", "主任医师", "高级会计师"]
# industry codes of GB/T 4754 with the employers the demo's experts come from
FIELDS = [
    (["C31", "C32"], "东北大学示例冶金学院"), (["C27"], "沈阳药科大学示例"), (["B08", "B09"], "辽宁省地质矿产研究院示例"),
    (["C30"], "本溪市建材研究所示例"), (["D44"], "辽宁电力科学研究院示例"), (["C13", "C14"], "本溪市食品检验检测中心示例"),
    (["N78", "L72"], "辽宁科技学院示例"), (["I65"], "本溪市大数据中心示例"), (["Q84"], "本溪市中心医院示例"),
    (["C34", "C35"], "本溪市特种设备检验所示例"), (["C26"], "本溪市产品质量检验所示例"),
]
CATEGORIES = ["4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7"]
POOL_SIZE = 40

# the demo login experts' profiles: username -> (title, specialties, strengths, certificate, can lead)
LOGIN_PROFILES = {
    "expert": ("高级工程师", ["C31"], ["4.5", "4.7"], "ZJPS-2021-0107", True),
    "expert2": ("教授", ["C33", "C34"], ["4.2", "4.6"], "ZJPS-2020-0042", True),
    "leader": ("正高级工程师", ["C31", "C27"], ["4.1", "4.2"], "ZJPS-2019-0003", True),
    "sunzj": ("高级经济师", ["C13"], ["4.3"], None, False),
    "zhouzj": ("高级咨询师", ["M72", "L72"], ["4.1", "4.5"], "ZJPS-2022-0230", False),
    "wuzj": ("主任药师", ["C27"], ["4.4", "4.7"], "ZJPS-2021-0151", True),
    "zhengzj": ("高级工程师", ["C29", "C30"], ["4.6"], None, False),
    "qianzj": ("高级工程师", ["C31"], ["4.5"], "ZJPS-2023-0311", False),
    "fengzj": ("教授", ["C26", "Q84"], ["4.2", "4.7"], "ZJPS-2018-0019", True),
}


def pool_size() -> int:
    """The experts of the demo's pool: the demo experts with a login and the pool's own."""
    return len(LOGIN_PROFILES) + POOL_SIZE


def _organization(name: str, acting, summary) -> Organization:
    org = db.session.scalar(select(Organization).where(Organization.name == name))
    if org is None:
        org = Organization(name=name, kind=OrgKind.INSTITUTION, for_profit=False)
        db.session.add(org)
        audit.record("organization_created", org, user=acting, details={"name": name, "demo": True})
        summary.count("organizations")
    return org


def _profile(expert: Expert, title, specialties, strengths, certificate, can_lead, reference: date) -> None:
    expert.title, expert.specialties, expert.strengths = title, specialties, strengths
    expert.certificate_number = certificate
    expert.certificate_expires = date(reference.year + 2, 12, 31) if certificate else None
    expert.can_lead = can_lead


def load_pool(login_experts: dict[str, Person], group_member: Organization, reference: date, acting,
              summary) -> None:
    """`login_experts`: the demo experts with a login, by username; `group_member`: an organization of an
    applicant's corporate group, where two pool experts work (a conflict the assignment must avoid)."""
    for username, person in login_experts.items():
        expert = db.session.scalar(select(Expert).where(Expert.person_id == person.id))
        if expert is not None and expert.title is None:
            _profile(expert, *LOGIN_PROFILES[username], reference)
    rng = random.Random(2026)  # the same pool on every run
    for index in range(POOL_SIZE):
        name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        specialties, employer_name = FIELDS[index % len(FIELDS)]
        key = f"demo-pool-{index:02d}"
        if db.session.scalar(select(Person.id).where(Person.import_key == key)):
            continue
        person = Person(name=name, import_key=key)
        db.session.add(person)
        db.session.flush()
        expert = Expert(person_id=person.id, phone=f"139{index:08d}", email=f"pool{index:02d}@example.cn")
        certificate = f"ZJPS-20{18 + index % 6}-{index + 400:04d}" if index % 5 in (0, 1) else None
        _profile(expert, rng.choice(TITLES), list(specialties), sorted(rng.sample(CATEGORIES, 2)), certificate,
                 index % 3 == 0, reference)
        db.session.add(expert)
        employer = group_member if index in (0, 11) else _organization(employer_name, acting, summary)
        relation = Relation(type=RelationType.EMPLOYED_BY, from_person_id=person.id, to_org_id=employer.id,
                            start_date=date(2000 + index % 20, 9, 1), source=RelationSource.OFFICE,
                            recorded_by_id=acting.id)
        db.session.add(relation)
        audit.record("expert_created", expert, user=acting, details={"name": name, "demo": True})
        summary.count("pool experts")
    db.session.commit()
