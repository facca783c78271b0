"""The panel leader's pages (组长负责制, Art. 18, 19): consolidation of the members' sheets into the report."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.extensions import db
from reviewapp.labels import explain
from reviewapp.models import Application, ReportStatus, Role
from reviewapp.panels.queries import expert_seat_on
from reviewapp.permissions import ensure_visible, require_role
from reviewapp.reviews import bp, operations, reports
from reviewapp.reviews.consolidation import consolidate
from reviewapp.reviews.forms import ReportForm
from reviewapp.reviews.routes import fields_with_prefix, stage_or_404

RECOMMEND = {"yes": True, "no": False}


def _report_input(form: ReportForm) -> reports.ReportInput:
    return reports.ReportInput(
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


@bp.route("/<int:application_id>/<stage>/report", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def consolidate_report(application_id: int, stage: str):
    """Only the leader of the active panel reviewing the applicant at this stage, and only while they may see it
    (signed, unconflicted): anyone else finds nothing here (404)."""
    application, stage = db.get_or_404(Application, application_id), stage_or_404(stage)
    seat = expert_seat_on(current_user, application, stage)
    ensure_visible(seat is not None and seat.is_leader)
    view = consolidate(application, stage, seat.panel)
    report = reports.report_for(view)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            reports.save_report(report, _report_input(form), view, int(form.version.data or 0),
                                form.submit_report.data, current_user)
        except operations.Refused as refused:
            db.session.rollback()
            flash(explain(refused.message, refused.params), "danger")
        except reports.NotReady as not_ready:
            flash(_("Draft saved, but the report cannot be submitted yet:"), "warning")
            for message, params in not_ready.problems:
                flash(explain(message, params), "danger")
            return redirect(url_for("reviews.consolidate_report", application_id=application.id, stage=stage.value))
        except operations.StaleSave:
            db.session.rollback()
            flash(_("This report was saved from another tab or device after you opened it. Nothing was saved "
                    "here: reload the page to see the latest version, then make your change again."), "danger")
        else:
            flash(_("Report submitted.") if form.submit_report.data else _("Draft saved."), "success")
            return redirect(url_for("reviews.consolidate_report", application_id=application.id, stage=stage.value))
        db.session.refresh(report)
    form.version.data = report.version
    if request.method == "GET":
        form.summary.data = report.summary
        form.recommend.data = {True: "yes", False: "no"}.get(report.recommend)
    return render_template("reviews/consolidate.html", view=view, report=report, form=form,
                           typed=request.form if request.method == "POST" else None,
                           locked=report.status is ReportStatus.SUBMITTED,
                           member_strengths=_members_texts(view, "strengths"),
                           member_opportunities=_members_texts(view, "opportunities"),
                           problems=reports.submission_problems(report, view))
