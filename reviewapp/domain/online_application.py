"""Issue 18: the rules of applying online (Art. 14, 15). An organization fills in its draft while the call is open;
submitting it to its recommender needs the complete application (the form, the self-assessment of every GB/T 19580
item, the application form and the self-assessment report as files, a recommender) before the call's deadline;
the recommender's signed opinion then registers it with the office. Dates are Benxi's days."""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from reviewapp.domain.call import registration_refusal
from reviewapp.domain.i18n import N_

Problem = tuple[str, dict]

# Art. 15: the fields of 《本溪市市长质量奖申报表》 a submitted application fills (applications/forms.py labels them)
REQUIRED_FORM_FIELDS = ("profile", "main_products", "employees", "revenue", "profit_tax", "asset_contribution",
                        "quality_achievements", "innovation")
# Art. 15: the application form (signed scan) and the self-assessment report; supporting evidence is optional
REQUIRED_MATERIALS = ("application_form", "self_assessment_report")
MISSING_MATERIAL = {"application_form": N_("Upload the application form (signed scan) (Art. 15)."),
                    "self_assessment_report": N_("Upload the self-assessment report (Art. 15).")}


@dataclass(frozen=True)
class CallFacts:
    """What decides whether online applications are open in a cycle."""

    stage: str                   # the cycle's stage (domain/cycle_stages.STAGES)
    call_published: bool         # a call (Art. 14) is published and not withdrawn
    deadline: date | None        # the current call's deadline (Art. 15)
    today: date                  # Benxi's day


def opening_refusal(call: CallFacts) -> Problem | None:
    """Art. 14, 15: an organization starts or changes its draft while the cycle takes applications under a published
    call, up to and including the deadline day."""
    if call.stage != "application" or not call.call_published:
        return N_("Online applications are open only while a published call takes applications (Art. 14)."), {}
    return registration_refusal(call.deadline, call.today)


@dataclass(frozen=True)
class DraftFacts:
    form_data: dict
    self_assessment: dict[str, int]   # item code -> percentage
    material_kinds: frozenset[str]
    recommender_chosen: bool


def completeness_problems(draft: DraftFacts, item_codes: Iterable[str],
                          field_labels: dict[str, str] | None = None) -> list[Problem]:
    """Art. 15: what the draft still lacks before it can go to the recommender, every missing thing named."""
    problems: list[Problem] = []
    labels = field_labels or {}
    for name in REQUIRED_FORM_FIELDS:
        if draft.form_data.get(name) in (None, ""):
            problems.append((N_("The application form lacks: %(field)s (Art. 15)."),
                             {"field": labels.get(name, name)}))
    missing = [code for code in item_codes if code not in draft.self_assessment]
    if missing:
        problems.append((N_("The self-assessment lacks %(n)s of the GB/T 19580 items: %(items)s (Art. 5, 15)."),
                         {"n": len(missing), "items": "、".join(missing)}))
    for kind in REQUIRED_MATERIALS:
        if kind not in draft.material_kinds:
            problems.append((MISSING_MATERIAL[kind], {}))
    if not draft.recommender_chosen:
        problems.append((N_("Choose the recommender who signs the opinion (Art. 10, 15)."), {}))
    return problems


def submission_problems(call: CallFacts, draft: DraftFacts, item_codes: Iterable[str],
                        field_labels: dict[str, str] | None = None) -> list[Problem]:
    """Art. 15: submitting needs the call open (before its deadline, Benxi's day) and the draft complete. The
    automatic eligibility checks (Art. 11, 12, 30-32) are the caller's: they need the organization's records."""
    refusal = opening_refusal(call)
    if refusal is not None:
        return [refusal]
    return completeness_problems(draft, item_codes, field_labels)


def signing_refusal(stage: str, submitted_on: date | None, deadline: date | None) -> Problem | None:
    """Art. 15: the recommender may sign while the cycle is still in its application stage, even after the deadline,
    when the organization submitted on or before the deadline day: the submission's date counts."""
    if stage != "application":
        return N_("The cycle has left its application stage: the opinion can no longer be signed online "
                  "(Art. 15, 16)."), {}
    if submitted_on is None:
        return N_("The organization has not submitted this application."), {}
    if deadline is not None and submitted_on > deadline:
        return N_("The application was submitted after the deadline (%(date)s) (Art. 15)."), \
            {"date": deadline.isoformat()}
    return None
