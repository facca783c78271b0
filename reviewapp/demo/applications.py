"""The demo's cycles and applicants: two cycles, three recommending bodies and fifteen applicants, one for each
outcome of the eligibility rules (Art. 11, 12, 30-32).

Everything is written through the ordinary operations, so the audit trail records it as if the office had
typed it in. Each thing is looked up by its natural key first (the cycle's name, the organization's credit code,
a record's organization, kind and date, an application's cycle and organization) and only what is missing is
created.

Dates are computed from the current cycle's reference date D (ten days before the first load), so every
organization keeps its intended outcome whenever the demo is loaded. Names are realistic but fictional.
"""
from datetime import date, timedelta

from sqlalchemy import select

from reviewapp import audit
from reviewapp.applications import operations as application_ops
from reviewapp.applications.eligibility import eligibility_report
from reviewapp.city_calendar import city_today
from reviewapp.cycles import operations as cycle_ops
from reviewapp.demo import call as demo_call
from reviewapp.demo.data import credit_code, day_of, read
from reviewapp.demo.documents import minimal_pdf, self_assessment
from reviewapp.demo.summary import DemoRefused, DemoSummary
from reviewapp.domain.cycle_settings import MAX_AWARDS, MAX_NOMINATIONS, default_settings
from reviewapp.domain.dates import years_before
from reviewapp.domain.files import safe_display_name
from reviewapp.domain.standard import DEFAULT_VERSION
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AwardKind,
    AwardRecord,
    CreditRecord,
    CreditRecordKind,
    Cycle,
    FindingKind,
    Material,
    MisconductFinding,
    Organization,
    Stage,
)
from reviewapp.organizations import operations as org_ops

PREVIOUS_CYCLE_NAME = "第九届本溪市市长质量奖"
CURRENT_CYCLE_NAME = "第十届本溪市市长质量奖"
REFERENCE_DAYS_AGO = 10
APPLICATION_DAYS = 60  # days from the reference date to the application deadline
MATERIAL_NAME = "申报表.pdf"


# --- small helpers --------------------------------------------------------------------------------------
def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- the data -------------------------------------------------------------------------------------------
def _cycle_announcement(name: str, deadline: date) -> str:
    return (f"本溪市质量强市工作领导小组办公室决定开展{name}评审工作。依据《本溪市市长质量奖管理办法》第十四条，"
            f"现公布申报通告：在本溪市行政区域内依法注册、正常运营3年以上的组织，经行业主管部门、行业协会或县（区）"
            f"市场监管部门推荐，可于{cn_date(deadline)}前提交申报表、自我评价报告和证明材料。"
            f"本届市长质量奖不超过{MAX_AWARDS}个、提名奖不超过{MAX_NOMINATIONS}个，评审不收取任何费用。")


def _cycle_data(name: str, year: int, reference: date) -> dict:
    deadline = reference + timedelta(days=APPLICATION_DAYS)
    return {"name": name, "year": year, "reference_date": reference, "application_deadline": deadline,
            "standard_version": DEFAULT_VERSION, "award_quota": MAX_AWARDS, "nomination_quota": MAX_NOMINATIONS,
            "announcement": _cycle_announcement(name, deadline), "settings": default_settings()}


def _organization_data(spec: dict, d: date) -> dict:
    """An organization of the data files as the organizations' operations take it."""
    return {**spec, "credit_code": credit_code(*spec["credit_code"]), "founded_on": day_of(spec["founded_on"], d)}


def recommenders(d: date) -> dict[str, tuple[dict, str]]:
    """The recommending bodies (Art. 10): key -> organization data, the signatory of their opinions
    (data/recommenders.json)."""
    return {key: (_organization_data(body["organization"], d), body["signatory"])
            for key, body in read("recommenders").items()}


OPINION = ("经审核，该单位申报材料齐全，符合《本溪市市长质量奖管理办法》第十一条规定的申报条件，"
           "在本行业具有示范作用，同意推荐申报{award}。")


def applicants(d: date) -> list[dict]:
    """The applicants of the current cycle, one per eligibility outcome (data/applicants.json); all dates relative
    to D = `d`. `expected` names the automatic checks the application is meant to fail (empty: passes them all)."""
    return [{**spec, "expected": tuple(spec["expected"]), "organization": _organization_data(spec["organization"], d)}
            for spec in read("applicants")]


_DATES = ("start_date", "end_date", "awarded_on", "revoked_on", "found_on", "revocation_event_on")
# A document number carries the year of the record's date: "本政发〔{year}〕7号" (Art. 31, 32: the decision).
_DOCUMENTS = ("revocation_document", "source")


def _history_record(record: dict, d: date) -> dict:
    dated = {field: day_of(value, d) if field in _DATES else value for field, value in record.items()}
    year = (dated.get("revoked_on") or dated.get("start_date") or d).year
    return {field: value.format(year=year) if field in _DOCUMENTS else value for field, value in dated.items()}


def history(key: str, d: date) -> dict:
    """Credit records, award history and findings of applicant `key`, relative to D = `d` (data/histories.json).
    A past cycle's awards are dated one year after its reference date (第七届: D - 6 years, 第八届: D - 4,
    第九届: D - 2)."""
    return {kind: [_history_record(record, d) for record in records]
            for kind, records in read("histories").get(key, {}).items()}


# --- loading --------------------------------------------------------------------------------------------
def _refused(error) -> DemoRefused:
    return DemoRefused("; ".join(message % params for message, params in error.problems))


def _cycle(name: str) -> Cycle | None:
    return db.session.scalar(select(Cycle).where(Cycle.name == name))


def _organization(data: dict, acting, summary: DemoSummary) -> Organization:
    org = db.session.scalar(select(Organization).where(Organization.credit_code == data["credit_code"]))
    if org is None:
        org = org_ops.create_organization(data, acting)
        summary.count("organizations")
    return org


# An applicant's history in data/histories.json: key -> the model, its kind, the date that tells two records of a kind
# apart, the operation that records one, and what the summary counts.
_HISTORY = (("credit", CreditRecord, CreditRecordKind, "start_date", org_ops.add_credit_record, "credit records"),
            ("awards", AwardRecord, AwardKind, "awarded_on", org_ops.add_award_record, "award records"),
            ("findings", MisconductFinding, FindingKind, "found_on", org_ops.add_finding, "findings"))


def _history(org: Organization, records: dict, acting, summary: DemoSummary) -> None:
    for key, model, kind, day, add, counted in _HISTORY:
        for data in records.get(key, []):
            same = select(model.id).where(model.organization_id == org.id, model.kind == kind(data["kind"]),
                                          getattr(model, day) == data[day])
            if db.session.scalar(same) is None:
                add(org, data, acting)
                summary.count(counted)


def _previous_cycle(current_year: int, current_reference: date, acting, summary: DemoSummary) -> Cycle:
    """第九届: two years (one cycle, Art. 4) before the current one."""
    cycle = _cycle(PREVIOUS_CYCLE_NAME)
    if cycle is None:
        data = _cycle_data(PREVIOUS_CYCLE_NAME, current_year - 2, years_before(current_reference, 2))
        cycle = cycle_ops.create_cycle(data, acting)
        summary.count("cycles")
    if cycle.stage is Stage.ANNOUNCEMENT:
        # Demo shortcut: the previous cycle only serves as history and as the "previous cycle" of Art. 32, so
        # it is closed directly instead of being walked through every stage (whose guards need applications
        # and notices). The audit trail still records the move, marked as the demo's.
        previous = cycle.stage
        cycle.stage, cycle.open_for_applications = Stage.CLOSED, False
        audit.record("cycle_stage_changed", cycle, user=acting,
                     details={"from": previous.value, "to": cycle.stage.value, "note": "demo data: closed directly"})
        db.session.commit()
    demo_call.previous_call(cycle, acting, summary)
    return cycle


def _current_cycle(acting, summary: DemoSummary) -> Cycle:
    cycle = _cycle(CURRENT_CYCLE_NAME)
    if cycle is None:
        today = city_today()
        data = _cycle_data(CURRENT_CYCLE_NAME, today.year, today - timedelta(days=REFERENCE_DAYS_AGO))
        # The previous cycle first, so that the history reads in order.
        _previous_cycle(data["year"], data["reference_date"], acting, summary)
        cycle = cycle_ops.create_cycle(data, acting)
        summary.count("cycles")
    else:
        _previous_cycle(cycle.year, cycle.reference_date, acting, summary)
    if cycle.stage in (Stage.ANNOUNCEMENT, Stage.APPLICATION):
        try:  # Art. 14: applications open only after the call, published in the media
            demo_call.publish_current_call(cycle, acting, summary)
        except Refused as error:
            raise _refused(error) from None
    if cycle.stage is Stage.ANNOUNCEMENT:
        try:
            cycle_ops.advance(cycle, acting)
        except Refused as error:
            raise _refused(error) from None
    return cycle


def _application(cycle: Cycle, org: Organization, spec: dict, recommenders: dict, acting,
                 summary: DemoSummary) -> Application | None:
    application = db.session.scalar(select(Application).where(Application.cycle_id == cycle.id,
                                                               Application.organization_id == org.id))
    if application is None:
        recommender, signatory = recommenders[spec["recommender"]]
        data = {"organization_id": org.id, "award": spec["award"], "form_data": spec["form"],
                "self_assessment": self_assessment(spec["base"]), "recommender_id": recommender.id,
                "recommendation_opinion": OPINION.format(award="市长质量奖" if spec["award"] == "award" else
                                                         "市长质量奖提名奖"),
                "recommendation_signatory": signatory,
                "recommendation_date": cycle.reference_date - timedelta(days=3 + len(summary.outcomes) % 5)}
        try:
            application = application_ops.register_application(cycle, data, acting)
        except Refused as error:
            summary.warnings.append(f"{org.name}: not registered ({_refused(error)})")
            return None
        summary.count("applications")
    if spec.get("pdf"):
        name = safe_display_name(MATERIAL_NAME)
        if db.session.scalar(select(Material.id).where(Material.application_id == application.id,
                                                       Material.original_name == name)) is None:
            pdf = minimal_pdf(["Benxi Mayor's Quality Award - application form (demo data)",
                               f"Application {application.number}", f"Credit code {org.credit_code}"])
            try:
                application_ops.add_material(application, "application_form", MATERIAL_NAME, pdf, acting)
            except Refused as error:
                summary.warnings.append(f"{org.name}: {MATERIAL_NAME} not uploaded ({_refused(error)})")
            else:
                summary.count("materials")
    return application


def load_applications(acting, summary: DemoSummary) -> tuple[Cycle, dict[str, Organization], dict[str, Organization]]:
    """Load (or complete) the two cycles, the recommending bodies and the current cycle's applicants with their
    histories, noting each demo application's eligibility outcome in `summary`; returns the current cycle, the
    applicants' organizations by the demo's keys (a-o) and the recommending bodies' by theirs."""
    cycle = _current_cycle(acting, summary)
    summary.current_cycle = cycle
    recommending = {key: (_organization(data, acting, summary), signatory)
                    for key, (data, signatory) in recommenders(cycle.reference_date).items()}
    applicant_orgs = {}
    for spec in applicants(cycle.reference_date):
        org = _organization(spec["organization"], acting, summary)
        applicant_orgs[spec["key"]] = org
        _history(org, history(spec["key"], cycle.reference_date), acting, summary)
        application = _application(cycle, org, spec, recommending, acting, summary)
        report = eligibility_report(application) if application is not None else None
        failed = tuple(check.rule for check in report.failed_automatic) if report else None
        summary.outcomes.append({"key": spec["key"], "organization": org.name, "intended": spec["outcome"],
                                 "expected": spec["expected"], "failed": failed,
                                 "number": application.number if application is not None else None})
        if failed is not None and set(failed) != set(spec["expected"]):
            summary.warnings.append(f"{org.name}: fails {', '.join(failed) or 'nothing'}, "
                                    f"intended {', '.join(spec['expected']) or 'nothing'}")
    return cycle, applicant_orgs, {key: org for key, (org, _) in recommending.items()}


def previous_cycle() -> Cycle | None:
    return _cycle(PREVIOUS_CYCLE_NAME)
