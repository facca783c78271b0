"""The panel leader's pages (组长负责制, Art. 18, 19): consolidation of the members' sheets into the report, and the
site visit; the office's pages: where every applicant stands, exceptions for missing sheets, reopening a report,
the confirmed on-site list; and the printable report for everyone who may read it. The comprehensive evaluation
report (Art. 17, 20): the on-site panel's leader confirms or adjusts the proposed score and submits the report; the
office reads and reopens it."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.charts import spread_svg
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.domain_text import explain
from reviewapp.downloads import audited_file, audited_pdf
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import choices, fields_with_prefix, version_of
from reviewapp.models import (
    Application,
    ComprehensiveReport,
    Cycle,
    PanelReport,
    PanelStage,
    ReportStatus,
    Role,
    SiteIssue,
    SiteIssueKind,
    SiteIssueResolution,
)
from reviewapp.models.site_evidence import SiteIssueEvidence
from reviewapp.panels.queries import expert_seat_on
from reviewapp.permissions import ensure_visible, may_read_report, may_see_site_visit, require_role
from reviewapp.reviews.panel_sheets import consolidate, reviewing_panel
from reviewapp.reviews.reports import operations, queries
from reviewapp.reviews.reports.forms import (
    ComprehensiveForm,
    IssueEvidenceForm,
    IssueForm,
    OnsiteListForm,
    ReasonForm,
    ReportForm,
    ResolveForm,
    VisitForm,
)
from reviewapp.reviews.reports.printing import (
    comprehensive_context,
    comprehensive_title,
    recommend_question,
    report_context,
    report_title,
)
from reviewapp.reviews.saving import typed_percents
from reviewapp.reviews.standing import review_rows

bp = Blueprint("reports", __name__)


RECOMMEND = {"yes": True, "no": False}
REPORT_STALE = N_("This report was saved from another tab or device after you opened it. Nothing was saved here: "
                  "reload the page to see the latest version, then make your change again.")


@bp.context_processor
def report_helpers() -> dict:
    return {"report_title": report_title, "recommend_question": recommend_question,
            "comprehensive_title": comprehensive_title,
            "spread_threshold": lambda cycle: with_defaults(cycle.settings)["spread_threshold"]}


def _report_input(form: ReportForm) -> operations.ReportInput:
    return operations.ReportInput(
        consensus=fields_with_prefix("cons-"), justifications=fields_with_prefix("just-"),
        strengths=fields_with_prefix("cstr-"), opportunities=fields_with_prefix("copp-"),
        recommend=RECOMMEND.get(form.recommend.data or ""), summary=form.summary.data or "")


def _members_texts(view, attribute: str) -> dict[str, str]:
    """Per category, the counted members' item texts, one line each: the leader's starting point."""
    texts: dict[str, list[str]] = {}
    for sheet in view.counted_sheets().values():
        for code, text in getattr(sheet, attribute).items():
            texts.setdefault(view.standard.item(code).category_code, []).append(f"{code} {text}")
    return {category: "\n".join(sorted(lines)) for category, lines in texts.items()}


def _spread_chart(view):
    """The panel's score spread per item, from the counted sheets, with the cycle's threshold marked."""
    excluded = {str(expert_id) for expert_id in view.excluded}
    items = []
    for row in view.rows:
        counted = [v for member, v in row.values.items() if v is not None and member not in excluded]
        items.append((row.code, min(counted) if counted else None, max(counted) if counted else None))
    return spread_svg(items, with_defaults(view.application.cycle.settings)["spread_threshold"],
                      title=_("Score spread per item"), missing_label=_("not scored"),
                      band_label=_("allowed spread"), flagged_label=_("above the allowed spread"))


@bp.route("/<int:application_id>/<panel_stage:stage>/report", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def consolidate_report(application_id: int, stage: PanelStage):
    """Only the leader of the active panel reviewing the applicant at this stage, and only while they may see it
    (signed, unconflicted): anyone else finds nothing here (404)."""
    application = db.get_or_404(Application, application_id)
    seat = expert_seat_on(current_user, application, stage)
    ensure_visible(seat is not None and seat.is_leader)
    view = consolidate(application, stage, seat.panel)
    report = queries.report_for(view)
    form = ReportForm()
    if form.validate_on_submit():
        with flashing_refusals(stale_message=REPORT_STALE) as outcome:
            waiting = operations.save_report(report, _report_input(form), view, version_of(form.version.data),
                                             form.submit_report.data, current_user)
        if outcome.done and waiting:
            flash(_("Draft saved, but the report cannot be submitted yet:"), "warning")
            for message, params in waiting:
                flash(explain(message, params), "danger")
        elif outcome.done:
            flash(_("Report submitted.") if form.submit_report.data else _("Draft saved."), "success")
        if outcome.done:
            return redirect(url_for("reports.consolidate_report", application_id=application.id, stage=stage))
        report = queries.report_for(view)
    form.version.data = report.version
    problems = queries.submission_problems(report, view)
    if request.method == "GET":
        form.summary.data = report.summary
        form.recommend.data = {True: "yes", False: "no"}.get(report.recommend)
    shown = typed_percents(view.standard.version, fields_with_prefix("cons-")) if request.method == "POST" \
        else report.consensus
    return render_template("reviews/consolidate.html", view=view, report=report, form=form,
                           typed=request.form if request.method == "POST" else None,
                           totals=summarize(view.standard, shown),  # the printed report's own arithmetic
                           locked=report.status is ReportStatus.SUBMITTED,
                           member_strengths=_members_texts(view, "strengths"),
                           member_opportunities=_members_texts(view, "opportunities"),
                           problems=problems, refused_items={params.get("item") for _m, params in problems},
                           spread_chart=_spread_chart(view))


@bp.route("/reports/<int:report_id>")
@require_role(Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP)
def report(report_id: int):
    """The report as a printable page, or as a PDF with ?format=pdf (Chinese glyphs embedded)."""
    report = db.get_or_404(PanelReport, report_id)
    ensure_visible(may_read_report(current_user, report))
    html = render_template("reviews/report_print.html", **report_context(report))
    if request.args.get("format") == "pdf":
        return audited_pdf(html, f"{report.application.number}-{report_title(report.stage)}.pdf", subject=report)
    return html


# The office's side of the reports (Art. 18, 19)

@bp.route("/cycles/<int:cycle_id>")
@require_role(Role.OFFICE)
def overview(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    return render_template("reviews/overview.html", cycle=cycle, rows=review_rows(cycle), reason_form=ReasonForm())


@bp.route("/<int:application_id>/<panel_stage:stage>/waive", methods=["POST"])
@require_role(Role.OFFICE)
def waive(application_id: int, stage: PanelStage):
    """The exception is recorded on the report, which may not exist yet: the leader need not have saved a draft."""
    application = db.get_or_404(Application, application_id)
    panel = reviewing_panel(application, stage)
    ensure_visible(panel is not None)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for the exception."), "danger")
        return redirect(url_for("reports.overview", cycle_id=application.cycle_id))
    with flashing_refusals(stale_message=N_("The leader saved the report at the same moment; record the exception "
                                            "again.")) as outcome:
        operations.waive_missing_sheets(operations.report_to_record(application, stage, panel), form.reason.data,
                                        current_user)
    if outcome.done:
        flash(_("Exception recorded: the leader may submit the report without the missing sheets."), "success")
    return redirect(url_for("reports.overview", cycle_id=application.cycle_id))


def _reopen(report, reopen):
    """The office reopens a submitted report (any kind) with its reason, back on the review's overview."""
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for reopening the report."), "danger")
    else:
        with flashing_refusals() as outcome:
            reopen(report, form.reason.data, current_user)
        if outcome.done:
            flash(_("The report is open again for the panel leader."), "success")
    return redirect(url_for("reports.overview", cycle_id=report.application.cycle_id))


@bp.route("/reports/<int:report_id>/reopen", methods=["POST"])
@require_role(Role.OFFICE)
def reopen_report(report_id: int):
    return _reopen(db.get_or_404(PanelReport, report_id), operations.reopen_report)


@bp.route("/cycles/<int:cycle_id>/onsite-list", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def onsite_list(cycle_id: int):
    """Art. 18: the office confirms which applicants go to the on-site review, from the panels' reports."""
    cycle = db.get_or_404(Cycle, cycle_id)
    rows = review_rows(cycle)
    form = OnsiteListForm()
    if form.validate_on_submit():
        choices = {row.application.id: request.form.get(f"go-{row.application.id}") == "yes" for row in rows}
        notes = {row.application.id: request.form.get(f"note-{row.application.id}", "") for row in rows}
        with flashing_refusals() as outcome:
            operations.confirm_onsite_list(cycle, rows, choices, notes, current_user)
        if outcome.done:
            flash(_("The on-site list is confirmed."), "success")
            return redirect(url_for("reports.overview", cycle_id=cycle.id))
    # best document-review totals first; applicants whose report is still out at the end
    rows.sort(key=lambda row: (row.document.total is None, -(row.document.total or 0), row.application.number))
    return render_template("reviews/onsite_list.html", cycle=cycle, rows=rows, form=form,
                           typed=request.form if request.method == "POST" else None)


# The site visit (Art. 19): the on-site panel's leader only

def _onsite_leader_seat(application: Application):
    seat = _onsite_seat(application)
    ensure_visible(seat.is_leader)
    return seat


def _onsite_seat(application: Application):
    """A seat on the on-site panel (leader or member) of an applicant the expert may see (may_see_site_visit);
    else 404."""
    seat = expert_seat_on(current_user, application, PanelStage.ONSITE_REVIEW)
    ensure_visible(seat is not None)
    return seat


def _issue_forms(standard):
    issue_form = IssueForm(prefix="issue")
    issue_form.kind.choices = choices((kind.value, kind.label) for kind in SiteIssueKind)
    issue_form.category.choices = choices((c.code, f"{c.code} {c.name}") for c in standard.categories)
    return issue_form


def _resolve_form(issue=None):
    """A settled issue shows how it was settled; a new answer replaces it."""
    settled = issue is not None and issue.resolution is not SiteIssueResolution.OPEN
    form = ResolveForm(prefix=f"resolve-{issue.id}" if issue else "resolve",
                       data={"resolution": issue.resolution.value, "note": issue.note} if settled else None)
    # a blank first choice: a finding is recorded only when the leader chooses one, never by a default
    form.resolution.choices = choices([("", _("Choose…"))] + [(r.value, r.label) for r in SiteIssueResolution
                                                              if r is not SiteIssueResolution.OPEN])
    return form


@bp.route("/<int:application_id>/onsite_review/visit", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def visit(application_id: int):
    """The on-site panel leader plans the visit and settles each issue on site (Art. 19); the panel's members see
    it and attach photos and evidence to its issues."""
    application = db.get_or_404(Application, application_id)
    seat = _onsite_leader_seat(application) if request.method == "POST" else _onsite_seat(application)
    planned = queries.visit_of(application)
    form = VisitForm(obj=None)
    form.present.choices = choices((m.expert_id, m.expert.person.name) for m in seat.panel.members)
    if form.validate_on_submit():
        with flashing_refusals(stale_message=N_("The visit plan was changed from another tab or device; reload the "
                                                "page and try again.")) as outcome:
            operations.plan_visit(application, seat.panel, form.visit_date.data, form.place.data,
                                  form.agenda.data or "", form.present.data,
                                  version_of(form.version.data) if form.version.data else None, current_user)
        if outcome.done:
            flash(_("Visit plan saved."), "success")
            return redirect(url_for("reports.visit", application_id=application.id))
    if request.method == "GET" and planned is not None:
        form.visit_date.data, form.place.data, form.agenda.data = planned.visit_date, planned.place, planned.agenda
        form.present.data = list(planned.members_present)
    if planned is not None:
        form.version.data = planned.version
    standard = load_standard(application.cycle.standard_version)
    return render_template("reviews/visit.html", application=application, panel=seat.panel, visit=planned,
                           form=form, issue_form=_issue_forms(standard), resolve_form=_resolve_form,
                           standard=standard, is_leader=seat.is_leader, evidence_form=IssueEvidenceForm())


@bp.route("/<int:application_id>/onsite_review/visit/record")
@require_role(Role.OFFICE)
def visit_record(application_id: int):
    """The office reads the site visit, its issues and their photos and evidence (Art. 19), without changing it."""
    application = db.get_or_404(Application, application_id)
    return render_template("reviews/visit.html", application=application, panel=None,
                           visit=queries.visit_of(application), form=VisitForm(formdata=None),
                           resolve_form=_resolve_form, issue_form=None, standard=None, is_leader=False,
                           evidence_form=None)


@bp.route("/<int:application_id>/onsite_review/issues", methods=["POST"])
@require_role(Role.EXPERT)
def add_issue(application_id: int):
    application = db.get_or_404(Application, application_id)
    _onsite_leader_seat(application)
    planned = queries.visit_of(application)
    ensure_visible(planned is not None)
    form = _issue_forms(load_standard(application.cycle.standard_version))
    if not form.validate_on_submit():
        flash(_("Choose the kind and category and describe the issue."), "danger")
    else:
        with flashing_refusals() as outcome:
            operations.add_issue(planned, SiteIssueKind(form.kind.data), form.category.data, form.text.data,
                                 current_user)
        if outcome.done:
            flash(_("Issue added."), "success")
    return redirect(url_for("reports.visit", application_id=application.id))


@bp.route("/issues/<int:issue_id>/resolve", methods=["POST"])
@require_role(Role.EXPERT)
def resolve_issue(issue_id: int):
    issue = db.get_or_404(SiteIssue, issue_id)
    application = issue.visit.application
    _onsite_leader_seat(application)
    form = _resolve_form(issue)
    if not form.validate_on_submit():
        flash(_("Choose verified, not verified or clarified, and write a note of what the panel saw or heard on "
                "site."), "danger")
    else:
        with flashing_refusals() as outcome:
            operations.resolve_issue(issue, SiteIssueResolution(form.resolution.data), form.note.data, current_user)
        if outcome.done:
            flash(_("Issue resolved."), "success")
    return redirect(url_for("reports.visit", application_id=application.id) + f"#issue-{issue.id}")


@bp.route("/issues/<int:issue_id>/evidence", methods=["POST"])
@require_role(Role.EXPERT)
def attach_evidence(issue_id: int):
    """A photo from the tablet's camera, or a PDF, for one issue: any expert of the on-site panel (Art. 19)."""
    issue = db.get_or_404(SiteIssue, issue_id)
    _onsite_seat(issue.visit.application)
    form = IssueEvidenceForm()
    if not form.validate_on_submit():
        flash(_("Choose a photo or a PDF file."), "danger")
    else:
        upload = form.file.data
        with flashing_refusals() as outcome:
            operations.attach_evidence(issue, upload.filename or "", upload.read(), current_user)
        if outcome.done:
            flash(_("Attached to the issue."), "success")
    return redirect(url_for("reports.visit", application_id=issue.visit.application_id) + f"#issue-{issue.id}")


@bp.route("/site-evidence/<int:evidence_id>")
@require_role(Role.OFFICE, Role.EXPERT)
def site_evidence(evidence_id: int):
    evidence = db.get_or_404(SiteIssueEvidence, evidence_id)
    application = evidence.issue.visit.application
    ensure_visible(may_see_site_visit(current_user, application))
    return audited_file(operations.evidence_path(evidence), evidence, action="site_issue_evidence_downloaded",
                        details={"application_id": application.id, "issue_id": evidence.issue_id,
                                 "name": evidence.original_name})


# The comprehensive evaluation report (Art. 17, 20): the on-site panel's leader writes it, the office reopens it

def _comprehensive_input(form: ComprehensiveForm) -> operations.ComprehensiveInput:
    return operations.ComprehensiveInput(score=form.score.data or "", justification=form.justification.data or "",
                                         strengths=fields_with_prefix("cstr-"),
                                         opportunities=fields_with_prefix("copp-"), summary=form.summary.data or "")


def _as_typed(value) -> str:
    """670.00 as 670, 670.50 as 670.5: as a person types it, so that the page's kept draft (session-expiry.js)
    finds what was typed saved and offers nothing to restore."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _fill_comprehensive(form: ComprehensiveForm, report: ComprehensiveReport) -> None:
    form.score.data = _as_typed(report.score) if report.score is not None else ""
    form.justification.data, form.summary.data = report.justification, report.summary


@bp.route("/<int:application_id>/comprehensive", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def comprehensive(application_id: int):
    """Only the leader of the active on-site panel, while they may see the applicant (组长负责制, Art. 17, 33)."""
    application = db.get_or_404(Application, application_id)
    seat = _onsite_leader_seat(application)
    basis = queries.comprehensive_basis(application)
    if basis is None:  # the proposal needs both reports
        return render_template("reviews/comprehensive.html", application=application, panel=seat.panel,
                               basis=None, report=None, form=None)
    report = queries.comprehensive_for(application, seat.panel, basis)
    form = ComprehensiveForm()
    if form.validate_on_submit():
        with flashing_refusals(form, stale_message=REPORT_STALE) as outcome:
            operations.save_comprehensive(report, basis, _comprehensive_input(form), version_of(form.version.data),
                                          form.submit_report.data, current_user)
        if outcome.done:
            flash(_("Report submitted.") if form.submit_report.data else _("Draft saved."), "success")
            return redirect(url_for("reports.comprehensive", application_id=application.id))
        report = queries.comprehensive_for(application, seat.panel, basis)
    elif request.method == "GET":
        _fill_comprehensive(form, report)
    form.version.data = report.version
    return render_template("reviews/comprehensive.html", application=application, panel=seat.panel, basis=basis,
                           report=report, form=form, typed=request.form if request.method == "POST" else None,
                           locked=report.status is ReportStatus.SUBMITTED,
                           standard=load_standard(application.cycle.standard_version))


@bp.route("/comprehensive/<int:report_id>")
@require_role(Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP)
def comprehensive_report(report_id: int):
    """The comprehensive evaluation report as a printable page, or as a PDF with ?format=pdf; read as the panel's
    other reports are (a conflicted expert never sees it, Art. 33)."""
    report = db.get_or_404(ComprehensiveReport, report_id)
    ensure_visible(may_read_report(current_user, report))
    html = render_template("reviews/comprehensive_print.html", **comprehensive_context(report))
    if request.args.get("format") == "pdf":
        return audited_pdf(html, f"{report.application.number}-{comprehensive_title()}.pdf", subject=report)
    return html


@bp.route("/comprehensive/<int:report_id>/reopen", methods=["POST"])
@require_role(Role.OFFICE)
def reopen_comprehensive(report_id: int):
    return _reopen(db.get_or_404(ComprehensiveReport, report_id), operations.reopen_comprehensive)
