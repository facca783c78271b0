"""The office's side of the review: where every applicant stands, exceptions for missing sheets, reopening a
report, and the confirmed on-site list (Art. 18, 19)."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp import audit
from reviewapp.extensions import db
from reviewapp.labels import explain
from reviewapp.domain.standard import load_standard, summarize
from reviewapp.models import Application, Cycle, Expert, PanelReport, ReportStatus, Role, ScoreSheet
from reviewapp.panels.queries import expert_seat_on
from reviewapp.pdf import pdf_response
from reviewapp.permissions import ensure_visible, require_role
from reviewapp.reviews import bp, onsite, operations, reports
from reviewapp.reviews.forms import OnsiteListForm, ReasonForm, ReopenForm
from reviewapp.reviews.printing import report_context
from reviewapp.reviews.queries import review_rows
from reviewapp.reviews.consolidation import reviewing_panel
from reviewapp.reviews.routes import attempted, report_title, stage_or_404


@bp.route("/cycles/<int:cycle_id>")
@require_role(Role.OFFICE)
def overview(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    return render_template("reviews/overview.html", cycle=cycle, rows=review_rows(cycle), reason_form=ReasonForm())


def _with_reason(report_id: int, operation, done: str, missing: str):
    """An office action on a report that needs a written reason (recorded in the audit log by `operation`)."""
    report = db.get_or_404(PanelReport, report_id)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(missing, "danger")
    else:
        try:
            operation(report, form.reason.data, current_user)
        except operations.Refused as refused:
            db.session.rollback()
            flash(explain(refused.message, refused.params), "danger")
        else:
            flash(done, "success")
    return redirect(url_for("reviews.overview", cycle_id=report.application.cycle_id))


@bp.route("/<int:application_id>/<stage>/waive", methods=["POST"])
@require_role(Role.OFFICE)
def waive(application_id: int, stage: str):
    """The exception is recorded on the report, which may not exist yet: the leader need not have saved a draft."""
    application, stage = db.get_or_404(Application, application_id), stage_or_404(stage)
    panel = reviewing_panel(application, stage)
    ensure_visible(panel is not None)
    form = ReasonForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for the exception."), "danger")
        return redirect(url_for("reviews.overview", cycle_id=application.cycle_id))
    if attempted(lambda: reports.waive_missing_sheets(reports.report_to_record(application, stage, panel),
                                                      form.reason.data, current_user),
                 _("The leader saved the report at the same moment; record the exception again.")):
        flash(_("Exception recorded: the leader may submit the report without the missing sheets."), "success")
    return redirect(url_for("reviews.overview", cycle_id=application.cycle_id))


@bp.route("/reports/<int:report_id>/reopen", methods=["POST"])
@require_role(Role.OFFICE)
def reopen_report(report_id: int):
    return _with_reason(report_id, reports.reopen_report, _("The report is open again for the panel leader."),
                        _("Give the reason for reopening the report."))


@bp.route("/applications/<int:application_id>/sheets")
@require_role(Role.OFFICE)
def sheets(application_id: int):
    """Every sheet on record for the applicant, by stage, with the office's reopening (Art. 18, 19)."""
    application = db.get_or_404(Application, application_id)
    standard = load_standard(application.cycle.standard_version)
    on_record = db.session.scalars(
        select(ScoreSheet).where(ScoreSheet.application_id == application.id)
        .options(selectinload(ScoreSheet.expert).selectinload(Expert.person))
        .order_by(ScoreSheet.stage, ScoreSheet.id)).all()
    return render_template("reviews/sheets.html", application=application, sheets=on_record,
                           totals={sheet.id: summarize(standard, sheet.percents).total for sheet in on_record},
                           reopen_form=ReopenForm())


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
        try:
            onsite.confirm_onsite_list(cycle, rows, choices, notes, current_user)
        except operations.Refused as refused:
            db.session.rollback()
            flash(explain(refused.message, refused.params), "danger")
        except onsite.ListProblems as problems:
            db.session.rollback()
            for message, params in problems.problems:
                flash(explain(message, params), "danger")
        else:
            flash(_("The on-site list is confirmed."), "success")
            return redirect(url_for("reviews.overview", cycle_id=cycle.id))
    # best document-review totals first; applicants whose report is still out at the end
    rows.sort(key=lambda row: (row.document.total is None, -(row.document.total or 0), row.application.number))
    return render_template("reviews/onsite_list.html", cycle=cycle, rows=rows, form=form,
                           typed=request.form if request.method == "POST" else None)


def _may_read_report(report: PanelReport) -> bool:
    """The office; the leader who writes it while their panel is active and they may see the applicant; and the
    leading group, a submitted report, once its review of the cycle's candidate list is no longer blinded
    (reports name the applicant, Art. 20)."""
    if current_user.has_role(Role.OFFICE):
        return True
    if current_user.has_role(Role.LEADING_GROUP) and _group_may_read(report):
        return True
    seat = expert_seat_on(current_user, report.application, report.stage)
    return seat is not None and seat.is_leader and seat.panel_id == report.panel_id


def _group_may_read(report: PanelReport) -> bool:
    from reviewapp.leading.queries import is_blinded  # the leading blueprint imports this package

    cycle = report.application.cycle
    return (report.status is ReportStatus.SUBMITTED and cycle.candidates_proposed_at is not None
            and not is_blinded(cycle, current_user))


@bp.route("/reports/<int:report_id>")
@require_role(Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP)
def report(report_id: int):
    """The report as a printable page, or as a PDF with ?format=pdf (Chinese glyphs embedded)."""
    report = db.get_or_404(PanelReport, report_id)
    ensure_visible(_may_read_report(report))
    html = render_template("reviews/report_print.html", **report_context(report))
    if request.args.get("format") == "pdf":
        audit.record("report_pdf_downloaded", report, user=current_user)
        db.session.commit()
        return pdf_response(html, f"{report.application.number}-{report_title(report.stage)}.pdf")
    return html
