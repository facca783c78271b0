"""The panel leader's pages (组长负责制, Art. 18, 19): consolidation of the members' sheets into the report."""
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.charts import spread_svg
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.standard import load_standard
from reviewapp.extensions import db
from reviewapp.forms import choices, version_of
from reviewapp.labels import explain, label as label_of
from reviewapp.models import (Application, PanelStage, ReportStatus, Role, SiteIssue, SiteIssueKind,
                              SiteIssueResolution)
from reviewapp.panels.queries import expert_seat_on
from reviewapp.permissions import ensure_visible, require_role
from reviewapp.reviews import bp, onsite, operations, reports
from reviewapp.reviews.consolidation import consolidate
from reviewapp.reviews.forms import IssueForm, ReportForm, ResolveForm, VisitForm
from reviewapp.reviews.routes import attempted, fields_with_prefix, stage_or_404

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
            reports.save_report(report, _report_input(form), view, version_of(form.version.data),
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
        report = reports.report_for(view)
    form.version.data = report.version
    problems = reports.submission_problems(report, view)
    if request.method == "GET":
        form.summary.data = report.summary
        form.recommend.data = {True: "yes", False: "no"}.get(report.recommend)
    return render_template("reviews/consolidate.html", view=view, report=report, form=form,
                           typed=request.form if request.method == "POST" else None,
                           locked=report.status is ReportStatus.SUBMITTED,
                           member_strengths=_members_texts(view, "strengths"),
                           member_opportunities=_members_texts(view, "opportunities"),
                           problems=problems, refused_items={params.get("item") for _m, params in problems},
                           spread_chart=_spread_chart(view))


def _onsite_leader_seat(application: Application):
    seat = expert_seat_on(current_user, application, PanelStage.ONSITE_REVIEW)
    ensure_visible(seat is not None and seat.is_leader)
    return seat


def _issue_forms(standard):
    issue_form = IssueForm(prefix="issue")
    issue_form.kind.choices = choices((kind.value, label_of(kind)) for kind in SiteIssueKind)
    issue_form.category.choices = choices((c.code, f"{c.code} {c.name}") for c in standard.categories)
    return issue_form


def _resolve_form(issue=None):
    """A settled issue shows how it was settled; a new answer replaces it."""
    settled = issue is not None and issue.resolution is not SiteIssueResolution.OPEN
    form = ResolveForm(prefix=f"resolve-{issue.id}" if issue else "resolve",
                       data={"resolution": issue.resolution.value, "note": issue.note} if settled else None)
    # a blank first choice: a finding is recorded only when the leader chooses one, never by a default
    form.resolution.choices = choices([("", _("Choose…"))] + [(r.value, label_of(r)) for r in SiteIssueResolution
                                                              if r is not SiteIssueResolution.OPEN])
    return form


@bp.route("/<int:application_id>/onsite_review/visit", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def visit(application_id: int):
    """The on-site panel leader plans the visit and settles each issue on site (Art. 19)."""
    application = db.get_or_404(Application, application_id)
    seat = _onsite_leader_seat(application)
    planned = onsite.visit_of(application)
    form = VisitForm(obj=None)
    form.present.choices = choices((m.expert_id, m.expert.person.name) for m in seat.panel.members)
    if form.validate_on_submit() and attempted(
            lambda: onsite.plan_visit(application, seat.panel, form.visit_date.data, form.place.data,
                                      form.agenda.data or "", form.present.data,
                                      version_of(form.version.data) if form.version.data else None, current_user),
            _("The visit plan was changed from another tab or device; reload the page and try again.")):
        flash(_("Visit plan saved."), "success")
        return redirect(url_for("reviews.visit", application_id=application.id))
    if request.method == "GET" and planned is not None:
        form.visit_date.data, form.place.data, form.agenda.data = planned.visit_date, planned.place, planned.agenda
        form.present.data = list(planned.members_present)
    if planned is not None:
        form.version.data = planned.version
    standard = load_standard(application.cycle.standard_version)
    return render_template("reviews/visit.html", application=application, panel=seat.panel, visit=planned,
                           form=form, issue_form=_issue_forms(standard), resolve_form=_resolve_form,
                           standard=standard)


@bp.route("/<int:application_id>/onsite_review/issues", methods=["POST"])
@require_role(Role.EXPERT)
def add_issue(application_id: int):
    application = db.get_or_404(Application, application_id)
    _onsite_leader_seat(application)
    planned = onsite.visit_of(application)
    ensure_visible(planned is not None)
    form = _issue_forms(load_standard(application.cycle.standard_version))
    if form.validate_on_submit():
        onsite.add_issue(planned, SiteIssueKind(form.kind.data), form.category.data, form.text.data, current_user)
        flash(_("Issue added."), "success")
    else:
        flash(_("Choose the kind and category and describe the issue."), "danger")
    return redirect(url_for("reviews.visit", application_id=application.id))


@bp.route("/issues/<int:issue_id>/resolve", methods=["POST"])
@require_role(Role.EXPERT)
def resolve_issue(issue_id: int):
    issue = db.get_or_404(SiteIssue, issue_id)
    application = issue.visit.application
    _onsite_leader_seat(application)
    form = _resolve_form(issue)
    if form.validate_on_submit():
        try:
            onsite.resolve_issue(issue, SiteIssueResolution(form.resolution.data), form.note.data, current_user)
        except operations.Refused as refused:
            db.session.rollback()
            flash(explain(refused.message, refused.params), "danger")
        else:
            flash(_("Issue resolved."), "success")
    else:
        flash(_("Choose verified, not verified or clarified, and write a note of what the panel saw or heard on "
                "site."), "danger")
    return redirect(url_for("reviews.visit", application_id=application.id) + f"#issue-{issue.id}")
