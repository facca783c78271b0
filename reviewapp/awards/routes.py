"""Approval and awards (Art. 23-25, 28), the incentive-money ledger (Art. 25, 12) and revocation (Art. 31, 32)."""
from decimal import Decimal

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.awards import commendation as commendation_writes
from reviewapp.awards import exports, official, operations, queries
from reviewapp.awards.certificate import certificate_html
from reviewapp.awards.forms import ApprovalForm, CommendationForm, LedgerFilterForm, OutsideAwardForm, RevocationForm
from reviewapp.city_calendar import city_today
from reviewapp.domain import revocation
from reviewapp.domain.approval import approval_blockers
from reviewapp.domain.commendation import certificate_refusal
from reviewapp.domain.money import valid_until, yuan
from reviewapp.domain_text import explain
from reviewapp.downloads import audited_file, audited_pdf, audited_xlsx
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.listing import id_arg
from reviewapp.models import AwardRecord, Cycle, Organization, OutsideAwardKind, Role, Stage
from reviewapp.organizations.queries import all_applicant_choices
from reviewapp.permissions import public, require_role
from reviewapp.winners.queries import public_sharing_events_of_cycle

bp = Blueprint("awards", __name__)


# --- Art. 23: the approval (office) ---
@bp.route("/cycles/<int:cycle_id>/approval", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def approval(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    form = ApprovalForm(data=None if request.method == "POST" else {"approved_on": city_today()})
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            awards = operations.record_approval(cycle, form.approved_on.data, form.approval_document.data,
                                                current_user)
        if outcome.done:
            flash(_("The approval is recorded: %(n)s award(s) granted, the results are public.", n=len(awards)),
                  "success")
            return redirect(url_for("awards.result", cycle_id=cycle.id))
    recorded = queries.approval_recorded(cycle)
    awards = queries.awards_of_cycle(cycle) if recorded else []
    return render_template("awards/approval.html", cycle=cycle, form=form, recorded=recorded,
                           planned=[] if recorded else queries.planned_awards(cycle, city_today()),
                           awards=awards, own_money=queries.own_money(awards), yuan=yuan,
                           commendation=queries.commendation_of(cycle) if recorded else None,
                           commendation_citation=official.commendation_citation,
                           in_stage=cycle.stage is Stage.APPROVAL, valid_until=valid_until,
                           blockers=[] if recorded else approval_blockers(queries.approval_facts(cycle)))


# --- Art. 24: the commendation decision (office) ---
@bp.route("/cycles/<int:cycle_id>/commendation", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def commendation(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    form = CommendationForm(data=None if request.method == "POST" else {
        "decided_on": city_today(), "title": official.default_commendation_title(cycle.name)})
    if form.validate_on_submit():
        scan = form.scan.data
        upload = (scan.filename or "", scan.read()) if scan and scan.filename else None
        with flashing_refusals(form) as outcome:
            commendation_writes.record_commendation(cycle, form.data, upload, current_user)
        if outcome.done:
            flash(_("The commendation decision is recorded: the certificates cite it and can now be printed."),
                  "success")
            return redirect(url_for("awards.commendation", cycle_id=cycle.id))
    decision = queries.commendation_of(cycle)
    return render_template("awards/commendation.html", cycle=cycle, form=form, decision=decision,
                           awards=queries.awards_of_cycle(cycle) if decision else [],
                           citation=official.commendation_citation(decision) if decision else None)


@bp.route("/cycles/<int:cycle_id>/commendation/scan")
@require_role(Role.OFFICE)
def commendation_scan(cycle_id: int):
    decision = queries.commendation_of(db.get_or_404(Cycle, cycle_id))
    if decision is None or decision.scan is None:
        abort(404)
    return audited_file(commendation_writes.scan_path(decision.scan), decision.scan,
                        action="commendation_scan_downloaded", details={"cycle_id": cycle_id})


# --- Art. 23, 4, 28: the public results ---
@bp.route("/results")
@public
def results():
    cycles = queries.published_cycles()
    return render_template("awards/results.html", cycles=cycles,
                           decisions=queries.commendations_by_cycle(c.id for c in cycles),
                           citation=official.commendation_citation)


@bp.route("/results/<int:cycle_id>")
@public
def result(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    if not queries.approval_recorded(cycle):
        abort(404)  # before the city government's approval the results do not exist for the public
    decision = queries.commendation_of(cycle)
    return render_template("awards/result.html", cycle=cycle, awards=queries.awards_of_cycle(cycle),
                           valid_until=valid_until, today=city_today(), decision=decision,
                           citation=official.commendation_citation(decision) if decision else None,
                           sharing_events=public_sharing_events_of_cycle(cycle))  # Art. 27


# --- Art. 25: the ledger (office) ---
def _ledger_filters() -> tuple[int | None, int | None]:
    return id_arg("organization"), id_arg("cycle")


@bp.route("/ledger")
@require_role(Role.OFFICE)
def ledger():
    organization_id, cycle_id = _ledger_filters()
    form = LedgerFilterForm(request.args, organizations=queries.ledger_organizations(),
                            cycles=queries.ledger_cycles())
    by_organization = queries.totals_by_organization(organization_id, cycle_id)
    return render_template("awards/ledger.html", form=form, lines=queries.ledger_lines(organization_id, cycle_id),
                           by_organization=by_organization, by_cycle=queries.totals_by_cycle(organization_id, cycle_id),
                           total=sum((t.amount for t in by_organization), Decimal(0)), yuan=yuan,
                           cycle_total_name=exports.cycle_total_name, line_cycle_name=queries.line_cycle_name,
                           line_basis=queries.line_basis)


@bp.route("/ledger.xlsx")
@require_role(Role.OFFICE)
def ledger_xlsx():
    organization_id, cycle_id = _ledger_filters()
    filename = f"{_('Incentive money ledger')} {city_today().isoformat()}.xlsx"
    return audited_xlsx(exports.ledger_workbook(organization_id, cycle_id), filename, action="money_ledger_exported",
                        details={"organization_id": organization_id, "cycle_id": cycle_id})


@bp.route("/outside", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def outside():
    form = OutsideAwardForm(organizations=all_applicant_choices(),
                            data=None if request.method == "POST" else {
                                "organization_id": id_arg("organization")})
    if form.validate_on_submit():
        org = db.get_or_404(Organization, form.organization_id.data)
        with flashing_refusals(form) as outcome:
            _award, standing, decision = operations.record_outside_award(
                org, OutsideAwardKind(form.kind.data), form.awarded_on.data, form.document.data, current_user)
        if outcome.done:
            category = "success" if decision.lines else "warning"
            flash(" ".join((_("Outside award recorded for %(name)s.", name=org.name),
                            explain(standing.message, standing.params), explain(decision.message, decision.params))),
                  category)
            return redirect(url_for("awards.outside"))
    return render_template("awards/outside.html", form=form, awards=queries.outside_awards())


# --- Art. 24, 28: the certificate (office) ---
@bp.route("/<int:award_id>/certificate")
@require_role(Role.OFFICE)
def certificate(award_id: int):
    award = db.get_or_404(AwardRecord, award_id)
    if award.revoked_on is not None:
        flash(_("This award was revoked on %(date)s: no certificate is issued.", date=award.revoked_on), "danger")
        return redirect(url_for("organizations.show", org_id=award.organization_id))
    decision = queries.commendation_of(award.cycle_id)
    refusal = certificate_refusal(award.cycle_id is not None, decision is not None)
    if refusal is not None:
        flash(explain(refusal.message, refusal.params), "danger")
        return redirect(url_for("awards.commendation", cycle_id=award.cycle_id))
    html, filename, number = certificate_html(award, decision)
    return audited_pdf(html, filename, subject=award, action="award_certificate_printed", details={"number": number})


# --- Art. 31, 32: revocation (office) ---
@bp.route("/<int:award_id>/revoke", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def revoke(award_id: int):
    award = db.get_or_404(AwardRecord, award_id)
    # No default dates: the decision's and the event's dates are the city government's and the facts', never today's.
    form = RevocationForm()
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            notice = operations.revoke_award(award, form.data, current_user)
        if outcome.done:
            flash(_("The city government's decision is recorded: the award is revoked, its money recovered on the "
                    "ledger, and the notice published."), "success")
            return redirect(url_for("notices.show", notice_id=notice.id))
    return render_template("awards/revoke.html", award=award, form=form, paid=sum(queries.paid_for(award), Decimal(0)),
                           valid_until=valid_until, yuan=yuan, notice_days=operations.revocation_notice_days(award),
                           event_window=revocation.event_window(award.awarded_on))
