"""Gathers an application's facts from the database for the domain's eligibility rules (Art. 11, 12, 30-32)."""
from sqlalchemy import select

from reviewapp.city_calendar import city_date
from reviewapp.domain import eligibility as rules
from reviewapp.domain.credit_code import check_credit_code
from reviewapp.extensions import db
from reviewapp.models import Application, Cycle


def organization_facts(org) -> rules.OrganizationFacts:
    code = check_credit_code(org.credit_code) if org.credit_code else None
    return rules.OrganizationFacts(
        division_code=code.division_code if code and code.valid else None,
        division_name=code.division_name if code and code.valid else None,
        founded_on=org.founded_on,
        credit_records=tuple(rules.CreditRecordFact(r.id, r.kind.value, r.start_date, r.end_date, r.source,
                                                    r.description or "") for r in org.credit_records),
        awards=tuple(rules.AwardFact(a.id, a.kind.value, a.awarded_on, a.cycle_name, a.revoked_on,
                                     a.revocation_article, a.repeat) for a in org.awards),
        findings=tuple(rules.FindingFact(f.id, f.kind.value, f.found_on, f.description) for f in org.findings),
    )


def cycle_facts(cycle: Cycle) -> rules.CycleFacts:
    previous = db.session.scalar(select(Cycle.reference_date).where(Cycle.reference_date < cycle.reference_date)
                                 .order_by(Cycle.reference_date.desc()).limit(1))
    return rules.CycleFacts(cycle.name, cycle.reference_date, previous)


def judgement_facts(application: Application) -> list[rules.JudgementFact]:
    return [rules.JudgementFact(j.item, j.passed, j.note, city_date(j.recorded_at),
                                j.recorded_by.display_name if j.recorded_by else "")
            for j in application.judgements]


def eligibility_report(application: Application) -> rules.EligibilityReport:
    return rules.check_eligibility(organization_facts(application.organization), cycle_facts(application.cycle),
                                   application.award.value, judgement_facts(application))
