"""The leader's reports (组长负责制): the document-review report (资料评审报告, Art. 18) and the on-site review
report (现场评审报告, Art. 19). Drafts any time; submission only when every counted member's sheet is in (or the office
recorded an exception), every item has a consensus that stands, the recommendation is given and, on site, no
visit issue is still open. Submitted reports are locked; the office may reopen one with a reason."""
from dataclasses import dataclass

from sqlalchemy import select, update

from reviewapp import audit
from reviewapp.domain import consolidation as rules
from reviewapp.domain import limits
from reviewapp.domain.i18n import N_
from reviewapp.extensions import db
from reviewapp.models import (Application, PanelReport, PanelStage, ReportStatus, SiteIssueResolution, SiteVisit)
from reviewapp.models.base import utcnow
from reviewapp.reviews.consolidation import Consolidation
from reviewapp.reviews.operations import Refused, StaleSave, clean_percents, first_save, refuse_long_texts


class NotReady(Exception):
    """The report cannot be submitted yet; every reason is listed, not only the first."""

    def __init__(self, problems: list[tuple[str, dict]]):
        super().__init__(problems[0][0])
        self.problems = problems


@dataclass(frozen=True)
class ReportInput:
    consensus: dict[str, str]        # item code -> the percentage as typed
    justifications: dict[str, str]   # item code -> text
    strengths: dict[str, str]        # category code -> text
    opportunities: dict[str, str]    # category code -> text
    recommend: bool | None
    summary: str


def report_of(application: Application, stage: PanelStage) -> PanelReport | None:
    return db.session.scalar(select(PanelReport).where(PanelReport.application_id == application.id,
                                                       PanelReport.stage == stage))


def report_for(view: Consolidation) -> PanelReport:
    """The report being written. Before the leader's first save it is not in the database and its consensus is the
    medians of the sheets counted now: a leader who looks early does not freeze the medians of the first sheets."""
    report = report_of(view.application, view.stage)
    if report is None:
        medians = {row.code: row.suggested for row in view.rows if row.suggested is not None}
        report = PanelReport(application=view.application, panel=view.panel, stage=view.stage, consensus=medians,
                             justifications={}, strengths={}, opportunities={}, recommend=None, summary=None,
                             status=ReportStatus.DRAFT, version=1)
    return report


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


def submission_problems(report: PanelReport, view: Consolidation) -> list[tuple[str, dict]]:
    """Why the report cannot be submitted yet, from what is saved on it (empty: it can)."""
    problems = []
    if view.missing and not report.waiver_reason:
        problems.append((N_("%(n)s member(s) have not submitted their sheet (%(names)s); the report needs every "
                            "sheet, or the office's recorded exception (Art. 18)."),
                         {"n": len(view.missing), "names": "、".join(m.expert.person.name for m in view.missing)}))
    excluded = {str(expert_id) for expert_id in view.excluded}
    for row in view.rows:
        problems += rules.consensus_problems(row, report.consensus.get(row.code),
                                             report.justifications.get(row.code, ""), excluded)
    if report.recommend is None:
        problems.append((N_("Give the panel's recommendation."), {}))
    if view.stage is PanelStage.ONSITE_REVIEW:
        problems += _visit_problems(view.application)
    return problems


def _visit_problems(application: Application) -> list[tuple[str, dict]]:
    visit = db.session.scalar(select(SiteVisit).where(SiteVisit.application_id == application.id))
    if visit is None:
        return [(N_("Record the visit plan first (Art. 19)."), {})]
    still_open = [issue for issue in visit.issues if issue.resolution is SiteIssueResolution.OPEN]
    if still_open:
        return [(N_("%(n)s site visit issue(s) are still open; resolve each as verified, not verified or clarified "
                    "(Art. 19)."), {"n": len(still_open)})]
    return []


def save_report(report: PanelReport, data: ReportInput, view: Consolidation, expected_version: int, submit: bool,
                acting) -> None:
    if report.status is ReportStatus.SUBMITTED:
        raise Refused(N_("This report has been submitted and is locked; the office can reopen it."))
    refuse_long_texts((data.justifications, limits.ITEM_TEXT), (data.strengths, limits.CATEGORY_TEXT),
                      (data.opportunities, limits.CATEGORY_TEXT))
    consensus = clean_percents(view.standard.version, data.consensus)
    first_save(report)
    moved = db.session.execute(update(PanelReport).where(PanelReport.id == report.id,
                                                         PanelReport.version == expected_version)
                               .values(version=PanelReport.version + 1))
    if moved.rowcount != 1:
        raise StaleSave
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
    if problems:  # the draft is kept; the submission waits for what is missing
        raise NotReady(problems)


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
    db.session.commit()
