"""The leader's reports (组长负责制): the document-review report (资料评审报告, Art. 18) and the on-site review
report (现场评审报告, Art. 19). Drafts any time; submission only when every counted member's sheet is in (or the office
recorded an exception), every item has a consensus that stands, the recommendation is given and, on site, no
visit issue is still open. Submitted reports are locked; the office may reopen one with a reason.

From the document review to the site (Art. 18, 19): the office's confirmed on-site list, the visit plan and the
issues the panel checks on site, each resolved before the on-site report can go.

The comprehensive evaluation report (综合评价报告, Art. 17, 20): the on-site panel's leader confirms or adjusts the
proposed combined score (with a justification), edits the consolidated text and submits it; the office may reopen
it with a reason until the leading group has decided on the candidate list."""
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import select, update

from reviewapp import audit
from reviewapp.city_calendar import city_date, city_today
from reviewapp.domain import comprehensive as rules
from reviewapp.domain import consolidation, limits
from reviewapp.domain.files import PHOTO_OR_PDF
from reviewapp.domain.i18n import N_
from reviewapp.domain.site_visit import settle_refusal
from reviewapp.domain.standard import load_standard
from reviewapp.errors import Refused
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ComprehensiveReport,
    Cycle,
    GroupDecision,
    PanelReport,
    PanelStage,
    ReportStatus,
    SiteIssue,
    SiteIssueKind,
    SiteIssueResolution,
    SiteVisit,
    Stage,
)
from reviewapp.models.base import utcnow
from reviewapp.models.site_evidence import SiteIssueEvidence
from reviewapp.reviews import notices
from reviewapp.reviews.panel_sheets import Consolidation
from reviewapp.reviews.reports.queries import ComprehensiveBasis, report_of, submission_problems, visit_of
from reviewapp.reviews.saving import clean_percents, first_save, next_version, refuse_long_texts
from reviewapp.reviews.standing import ReviewRow
from reviewapp.uploads import kept_if_committed, store_upload, upload_folder


@dataclass(frozen=True)
class ReportInput:
    consensus: dict[str, str]        # item code -> the percentage as typed
    justifications: dict[str, str]   # item code -> text
    strengths: dict[str, str]        # category code -> text
    opportunities: dict[str, str]    # category code -> text
    recommend: bool | None
    summary: str


def report_to_record(application: Application, stage: PanelStage, panel) -> PanelReport:
    """The report on which the office records an exception: the leader's, or a new blank draft for that panel."""
    report = report_of(application, stage)
    if report is None:
        report = PanelReport(application=application, panel=panel, stage=stage, consensus={}, version=1)
        first_save(report)
    return report


def _texts(values: dict[str, str], keys) -> dict[str, str]:
    """The non-empty texts for `keys` (the standard's items or categories); any other field is ignored."""
    return {key: text.strip() for key, text in values.items() if key in keys and text and text.strip()}


def save_report(report: PanelReport, data: ReportInput, view: Consolidation, expected_version: int, submit: bool,
                acting) -> list[tuple[str, dict]]:
    """Save the draft, and submit it when asked and nothing is missing. Returns why a submission asked for must wait
    (every reason, not only the first): the draft is kept all the same."""
    if report.status is ReportStatus.SUBMITTED:
        raise Refused(N_("This report has been submitted and is locked; the office can reopen it."))
    refuse_long_texts((data.justifications, limits.ITEM_TEXT), (data.strengths, limits.CATEGORY_TEXT),
                      (data.opportunities, limits.CATEGORY_TEXT))
    consensus = clean_percents(view.standard.version, data.consensus)
    first_save(report)
    next_version(report, expected_version)
    items, categories = {i.code for i in view.standard.items}, {c.code for c in view.standard.categories}
    report.consensus, report.justifications = consensus, _texts(data.justifications, items)
    report.strengths, report.opportunities = _texts(data.strengths, categories), _texts(data.opportunities, categories)
    report.recommend, report.summary = data.recommend, data.summary.strip() or None
    report.panel_id = view.panel.id
    problems = submission_problems(report, view) if submit else []
    submitted = submit and not problems
    if submitted:
        report.status, report.submitted_at, report.submitted_by_id = ReportStatus.SUBMITTED, utcnow(), acting.id
    audit.record("panel_report_submitted" if submitted else "panel_report_saved", report, user=acting,
                 details={"application_id": report.application_id, "stage": report.stage.value,
                          "recommend": report.recommend})
    db.session.commit()
    return problems


def waive_missing_sheets(report: PanelReport, reason: str, acting) -> None:
    """The office's recorded exception (Art. 18): the report may go without the sheets still missing."""
    if report.status is ReportStatus.SUBMITTED:
        raise Refused(N_("The report is already submitted."))
    if not reason.strip():
        raise Refused(N_("Give the reason for the exception."))
    db.session.execute(update(PanelReport).where(PanelReport.id == report.id).values(version=PanelReport.version + 1))
    report.waiver_reason, report.waiver_by_id, report.waiver_at = reason.strip(), acting.id, utcnow()
    audit.record("panel_report_waiver", report, user=acting, details={"reason": reason.strip()})
    db.session.commit()


def reopen_report(report: PanelReport, reason: str, acting) -> None:
    if report.status is not ReportStatus.SUBMITTED:
        raise Refused(N_("Only a submitted report can be reopened."))
    if not reason.strip():
        raise Refused(N_("Give the reason for reopening the report."))
    if report.application.cycle.stage.value != report.stage.value:
        raise Refused(N_("The cycle has moved past this review; its reports stay as submitted."))
    db.session.execute(update(PanelReport).where(PanelReport.id == report.id).values(version=PanelReport.version + 1))
    report.status, report.submitted_at = ReportStatus.DRAFT, None
    audit.record("panel_report_reopened", report, user=acting, details={"reason": reason.strip()})
    notices.report_reopened(report.panel, report.application_id, report.stage)
    db.session.commit()


def onsite_list_problems(rows: list[ReviewRow], choices: dict[int, bool], notes: dict[int, str]
                         ) -> list[tuple[str, dict]]:
    """Art. 18: the list follows the panels' submitted reports; where the office departs from a panel's
    recommendation it writes why; an applicant already on an on-site panel cannot be taken off the list."""
    problems = []
    waiting = [row for row in rows if not row.document.submitted]
    if waiting:
        problems.append((N_("%(n)s document-review report(s) are not submitted yet (%(names)s)."),
                         {"n": len(waiting), "names": "、".join(r.application.organization.name for r in waiting)}))
    for row in rows:
        if not row.document.submitted:
            continue
        chosen, name = choices.get(row.application.id, False), row.application.organization.name
        if chosen != row.document.report.recommend and not notes.get(row.application.id, "").strip():
            problems.append((N_("%(name)s: the list departs from the panel's recommendation; write why."),
                             {"name": name}))
        if not chosen and row.onsite.panel is not None and row.onsite.panel.active:
            problems.append((N_("%(name)s is already on the on-site panel %(panel)s; take it off the panel first."),
                             {"name": name, "panel": row.onsite.panel.name}))
    return problems


def confirm_onsite_list(cycle: Cycle, rows: list[ReviewRow], choices: dict[int, bool], notes: dict[int, str],
                        acting) -> None:
    if cycle.stage is not Stage.DOCUMENT_REVIEW:
        raise Refused(N_("The on-site list is confirmed during the document review (Art. 18)."))
    numbers = {row.application.id: row.application.number for row in rows}
    refuse_long_texts((notes, limits.NOTE, lambda key: numbers.get(key) or str(key)))
    problems = onsite_list_problems(rows, choices, notes)
    if problems:
        raise Refused.because_of(problems)
    for row in rows:
        application = row.application
        application.goes_onsite = choices.get(application.id, False)
        application.onsite_note = notes.get(application.id, "").strip() or None
    cycle.onsite_list_confirmed_at, cycle.onsite_list_confirmed_by_id = utcnow(), acting.id
    audit.record("onsite_list_confirmed", cycle, user=acting, details={
        "onsite": [r.application.number for r in rows if r.application.goes_onsite],
        "not_onsite": [r.application.number for r in rows if not r.application.goes_onsite]})
    db.session.commit()


def issues_from_document_report(report: PanelReport | None) -> list[SiteIssue]:
    """Art. 19: the site visit checks what the document review found: each line of a strength is something to
    verify, each line of an opportunity something to clarify."""
    if report is None:
        return []
    issues = {}  # a line the members wrote alike is one thing to check, not several
    for kind, texts in ((SiteIssueKind.VERIFY_STRENGTH, report.strengths),
                        (SiteIssueKind.CLARIFY_OPPORTUNITY, report.opportunities)):
        for category_code, text in sorted(texts.items()):
            for line in filter(None, (line.strip() for line in text.splitlines())):
                issues.setdefault((kind, category_code, line), SiteIssue(kind=kind, category_code=category_code,
                                                                         text=line))
    return list(issues.values())


def plan_visit(application, panel, visit_date: date, place: str, agenda: str, present: list[int],
               expected_version: int | None, acting) -> SiteVisit:
    """Record or update the visit plan; the first time, the issues are drawn from the document-review report."""
    _check_visit_date(application, visit_date)
    members = {member.expert_id for member in panel.members}
    strangers = [expert_id for expert_id in present if expert_id not in members]
    if strangers:
        raise Refused(N_("Only members of the panel can be recorded as present."))
    visit = visit_of(application)
    if visit is None:
        document_report = db.session.scalar(select(PanelReport).where(
            PanelReport.application_id == application.id, PanelReport.stage == PanelStage.DOCUMENT_REVIEW))
        visit = SiteVisit(application_id=application.id, panel_id=panel.id, visit_date=visit_date, place=place,
                          issues=issues_from_document_report(document_report))
        db.session.add(visit)
        db.session.flush()
    else:  # a page opened before the first plan sends no version: it updates the plan as it is now
        next_version(visit, visit.version if expected_version is None else expected_version)
    visit.visit_date, visit.place, visit.agenda = visit_date, place.strip(), agenda.strip() or None
    visit.members_present, visit.panel_id = sorted(present), panel.id
    audit.record("site_visit_planned", visit, user=acting,
                 details={"application_id": application.id, "date": visit_date.isoformat(), "present": sorted(present)})
    db.session.commit()
    return visit


def _check_visit_date(application: Application, visit_date: date) -> None:
    """The site visit follows the document review: not before the office confirmed the on-site list (Art. 18, 19),
    and not years ahead (a mistyped year)."""
    confirmed = application.cycle.onsite_list_confirmed_at
    if confirmed is not None and visit_date < city_date(confirmed):
        raise Refused(N_("The visit date %(date)s is before the on-site list was confirmed (%(confirmed)s): the site "
                         "visit follows the document review (Art. 18, 19)."),
                      {"date": visit_date.isoformat(), "confirmed": city_date(confirmed).isoformat()})
    if visit_date > city_today() + timedelta(days=366):
        raise Refused(N_("The visit date %(date)s is more than a year ahead: check the year."),
                      {"date": visit_date.isoformat()})
    onsite = report_of(application, PanelStage.ONSITE_REVIEW)
    if onsite is not None and onsite.submitted_at is not None:
        problems = consolidation.onsite_report_date_problems(city_date(onsite.submitted_at), visit_date)
        if problems:
            raise Refused.because_of(problems)


def add_issue(visit: SiteVisit, kind: SiteIssueKind, category_code: str, text: str, acting) -> SiteIssue:
    if not text.strip():
        raise Refused(N_("Describe the issue."))
    issue = SiteIssue(visit_id=visit.id, kind=kind, category_code=category_code, text=text.strip())
    db.session.add(issue)
    audit.record("site_issue_added", issue, user=acting, details={"application_id": visit.application_id})
    db.session.commit()
    return issue


def resolve_issue(issue: SiteIssue, resolution: SiteIssueResolution, note: str, acting) -> None:
    """Each issue is settled on site as verified, not verified or clarified, with a note of what was seen."""
    refusal = settle_refusal(issue.kind.value, resolution.value, note)
    if refusal is not None:
        raise Refused(*refusal, field="note")
    issue.resolution, issue.note = resolution, note.strip()
    issue.resolved_by_id, issue.resolved_at = acting.id, utcnow()
    audit.record("site_issue_resolved", issue, user=acting,
                 details={"application_id": issue.visit.application_id, "resolution": resolution.value})
    db.session.commit()


def attach_evidence(issue: SiteIssue, filename: str, data: bytes, acting) -> SiteIssueEvidence:
    """A photo (JPEG, PNG) or a PDF for a site-visit issue, checked by its content and size like every upload and
    removed again if recording fails; confidential to the panel and the office (Art. 33)."""
    stored = store_upload(filename, data, field="file", allowed=PHOTO_OR_PDF)
    with kept_if_committed(stored):
        evidence = SiteIssueEvidence(issue_id=issue.id, uploaded_by_id=acting.id, **stored.columns())
        db.session.add(evidence)
        db.session.flush()
        audit.record("site_issue_evidence_added", evidence, user=acting,
                     details={"application_id": issue.visit.application_id, "issue_id": issue.id,
                              "name": evidence.original_name, "sha256": evidence.sha256})
        db.session.commit()
    return evidence


def evidence_path(evidence: SiteIssueEvidence) -> Path:
    return upload_folder() / evidence.stored_name


# The comprehensive evaluation report (Art. 17, 20)

@dataclass(frozen=True)
class ComprehensiveInput:
    score: str                       # as typed
    justification: str
    strengths: dict[str, str]        # category code -> text
    opportunities: dict[str, str]    # category code -> text
    summary: str


def _check_comprehensive_open(report: ComprehensiveReport) -> None:
    if report.status is ReportStatus.SUBMITTED:
        raise Refused(N_("This report has been submitted and is locked; the office can reopen it."))
    if report.application.cycle.stage is not Stage.COMPREHENSIVE_EVALUATION:
        raise Refused(N_("The comprehensive evaluation report is written during the comprehensive evaluation "
                         "(Art. 20)."))


def save_comprehensive(report: ComprehensiveReport, basis: ComprehensiveBasis, data: ComprehensiveInput,
                       expected_version: int, submit: bool, acting) -> None:
    """Art. 20: the panel gives the comprehensive score and forms the report. The proposal's parts are kept as
    they are now; a score that departs from the proposal needs its justification, or nothing is saved."""
    _check_comprehensive_open(report)
    categories = {c.code for c in load_standard(report.application.cycle.standard_version).categories}
    refuse_long_texts((data.strengths, limits.CATEGORY_TEXT), (data.opportunities, limits.CATEGORY_TEXT))
    given = rules.panel_score(basis.proposed, data.score, data.justification)
    if given.problems:
        raise Refused.because_of(given.problems, field="score")
    first_save(report)
    next_version(report, expected_version)
    report.document_total, report.onsite_total = basis.document_total, basis.onsite_total
    report.weight_percent, report.proposed_score, report.score = basis.weight_percent, basis.proposed, given.score
    report.justification = data.justification.strip() or None
    report.strengths, report.opportunities = _texts(data.strengths, categories), _texts(data.opportunities, categories)
    report.summary = data.summary.strip() or None
    if submit:
        report.status, report.submitted_at, report.submitted_by_id = ReportStatus.SUBMITTED, utcnow(), acting.id
    audit.record("comprehensive_report_submitted" if submit else "comprehensive_report_saved", report, user=acting,
                 details={"application_id": report.application_id, "proposed": str(basis.proposed),
                          "score": str(given.score), "adjusted": given.adjusted,
                          "justification": report.justification})
    db.session.commit()


def reopen_comprehensive(report: ComprehensiveReport, reason: str, acting) -> None:
    """As for the other reports, only the office reopens a submitted report, with a reason, while the review is on
    (the comprehensive evaluation, before the leading group has decided on the candidate list)."""
    if report.status is not ReportStatus.SUBMITTED:
        raise Refused(N_("Only a submitted report can be reopened."))
    if not reason.strip():
        raise Refused(N_("Give the reason for reopening the report."))
    cycle = report.application.cycle
    if cycle.stage is not Stage.COMPREHENSIVE_EVALUATION:
        raise Refused(N_("The cycle has moved past this review; its reports stay as submitted."))
    if db.session.scalar(select(GroupDecision.id).where(GroupDecision.cycle_id == cycle.id)) is not None:
        raise Refused(N_("The leading group has decided on the candidate list; the comprehensive evaluation reports "
                         "stay as submitted (Art. 20)."))
    db.session.execute(update(ComprehensiveReport).where(ComprehensiveReport.id == report.id)
                       .values(version=ComprehensiveReport.version + 1))
    report.status, report.submitted_at = ReportStatus.DRAFT, None
    audit.record("comprehensive_report_reopened", report, user=acting, details={"reason": reason.strip()})
    notices.comprehensive_reopened(report.panel, report.application_id)
    db.session.commit()
