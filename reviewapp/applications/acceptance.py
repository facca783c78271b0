"""Gathers an application's facts for the acceptance checklist of Art. 15-16 (reviewapp/domain/acceptance.py)."""
from reviewapp.applications.eligibility import eligibility_report
from reviewapp.city_calendar import city_today
from reviewapp.domain.acceptance import AcceptanceFacts, Checklist, OpinionFact, acceptance_checklist
from reviewapp.models import Application


def acceptance_facts(application: Application) -> AcceptanceFacts:
    return AcceptanceFacts(
        material_kinds=frozenset(material.kind.value for material in application.current_materials),
        recommender=application.recommender.name if application.recommender else None,
        recommendation_opinion=application.recommendation_opinion,
        recommendation_signatory=application.recommendation_signatory,
        recommendation_date=application.recommendation_date,
        eligibility=eligibility_report(application),
        opinions=tuple(OpinionFact(o.id, o.department, o.reply_due, o.replied_on, o.raises_problem)
                       for o in application.opinion_requests))


def checklist_for(application: Application) -> Checklist:
    return acceptance_checklist(acceptance_facts(application), city_today())
