"""The register of winners (Art. 6, 10, 26-29): the office writes it, the leading group reads it (Art. 6)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.city_calendar import city_today
from reviewapp.domain import winner_duties
from reviewapp.downloads import audited_file
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.models import AwardRecord, FundsReport, Role, TitleMisuseReport, WinnerActivity
from reviewapp.permissions import (
    applicant_organization,
    ensure,
    ensure_visible,
    may_report_for_award,
    may_write_winner_register,
    require_role,
)
from reviewapp.winners import operations, queries
from reviewapp.winners.forms import (
    ActivityForm,
    FundsReportForm,
    MisuseCloseForm,
    MisuseForm,
    MisuseHandlingForm,
    OwnActivityForm,
    OwnFundsReportForm,
    PolicyForm,
)

bp = Blueprint("winners", __name__)
READERS = (Role.OFFICE, Role.LEADING_GROUP)


@bp.route("/")
@require_role(*READERS)
def index():
    today = city_today()
    current, past = queries.register_index(today)
    return render_template("winners/index.html", current=current, past=past, today=today,
                           policy=queries.policy(), policy_row=queries.policy_row())


def _forms(state, **given) -> dict:
    open_years = [duty.year for duty in state.funds if duty.received_on is None]
    today = city_today()
    return {"activity_form": given.get("activity_form") or ActivityForm(
                recommenders=queries.recommender_choices(), data={"held_on": today}, prefix="activity"),
            "funds_form": given.get("funds_form") or FundsReportForm(
                years=open_years, data={"received_on": today}, prefix="funds"),
            "misuse_form": given.get("misuse_form") or MisuseForm(data={"received_on": today}, prefix="misuse")}


def _register_page(award: AwardRecord, **given):
    state = queries.winner_state(award, city_today())
    if state is None:  # a revoked award has no register (Art. 31, 32)
        abort(404)
    return render_template("winners/register.html", state=state, award=award, today=city_today(),
                           policy=queries.policy(), reports=queries.funds_reports_of(award),
                           **_forms(state, **given))


@bp.route("/<int:award_id>")
@require_role(*READERS)
def register(award_id: int):
    return _register_page(db.get_or_404(AwardRecord, award_id))


def _writable_award(award_id: int) -> AwardRecord:
    award = db.get_or_404(AwardRecord, award_id)
    ensure(may_write_winner_register(current_user, award))
    return award


def _upload(field):
    data = field.data
    if not data or not getattr(data, "filename", ""):
        return None
    return data.filename, data.read()


def _write(award: AwardRecord, form, form_name: str, write, message: str, target):
    """One register entry from one of the register page's forms: `write(form)` records it, `target(record)` is where
    the office goes next; a refused or invalid form shows the register again with its errors."""
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            record = write(form)
        if outcome.done:
            flash(message, "success")
            return redirect(target(record))
    return _register_page(award, **{form_name: form}), 400


@bp.route("/<int:award_id>/activities", methods=["POST"])
@require_role(Role.OFFICE)
def add_activity(award_id: int):
    award = _writable_award(award_id)
    return _write(award, ActivityForm(recommenders=queries.recommender_choices(), prefix="activity"), "activity_form",
                  lambda form: operations.record_activity(award, form.data, _upload(form.attachment), current_user),
                  _("The activity is recorded in the register."),
                  lambda _record: url_for("winners.register", award_id=award.id) + "#activities")


@bp.route("/<int:award_id>/funds-reports", methods=["POST"])
@require_role(Role.OFFICE)
def add_funds_report(award_id: int):
    award = _writable_award(award_id)
    state = queries.winner_state(award, city_today())
    form = FundsReportForm(years=[duty.year for duty in state.funds if duty.received_on is None], prefix="funds")
    return _write(award, form, "funds_form",
                  lambda form: operations.record_funds_report(award, form.report_year.data, form.received_on.data,
                                                              form.note.data, _upload(form.attachment), current_user),
                  _("The use-of-funds report is recorded as received."),
                  lambda _record: url_for("winners.register", award_id=award.id) + "#funds")


@bp.route("/<int:award_id>/misuse", methods=["POST"])
@require_role(Role.OFFICE)
def add_misuse(award_id: int):
    award = _writable_award(award_id)
    return _write(award, MisuseForm(prefix="misuse"), "misuse_form",
                  lambda form: operations.record_misuse(award, form.data, current_user),
                  _("The misuse report is recorded. Record the finding and the action when they are known."),
                  lambda report: url_for("winners.misuse", report_id=report.id))


@bp.route("/misuse/<int:report_id>")
@require_role(*READERS)
def misuse(report_id: int):
    return _misuse_page(db.get_or_404(TitleMisuseReport, report_id))


def _misuse_page(report: TitleMisuseReport, handling_form=None, close_form=None):
    rules = queries.policy()
    return render_template("winners/misuse.html", report=report, award=report.award, policy=rules,
                           handling_form=handling_form or MisuseHandlingForm(obj=report),
                           close_form=close_form or MisuseCloseForm(data={"closed_on": city_today()}),
                           overdue=winner_duties.misuse_overdue(report.received_on, report.closed_on, rules,
                                                                city_today()))


def _writable_misuse(report_id: int) -> TitleMisuseReport:
    report = db.get_or_404(TitleMisuseReport, report_id)
    ensure(may_write_winner_register(current_user, report.award))
    return report


@bp.route("/misuse/<int:report_id>/handling", methods=["POST"])
@require_role(Role.OFFICE)
def handle_misuse(report_id: int):
    report = _writable_misuse(report_id)
    form = MisuseHandlingForm()
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            operations.save_misuse_handling(report, form.finding.data, form.action.data, current_user)
        if outcome.done:
            flash(_("The finding and action are saved."), "success")
            return redirect(url_for("winners.misuse", report_id=report.id))
    return _misuse_page(report, handling_form=form), 400


@bp.route("/misuse/<int:report_id>/close", methods=["POST"])
@require_role(Role.OFFICE)
def close_misuse(report_id: int):
    report = _writable_misuse(report_id)
    form = MisuseCloseForm()
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            operations.close_misuse(report, form.closed_on.data, current_user)
        if outcome.done:
            flash(_("The misuse report is closed."), "success")
            return redirect(url_for("winners.register", award_id=report.award_record_id) + "#misuse")
    return _misuse_page(report, close_form=form), 400


FILES = {"activity": WinnerActivity, "funds": FundsReport}


@bp.route("/files/<any(activity, funds):kind>/<int:record_id>")
@require_role(*READERS)
def download(kind: str, record_id: int):
    record = db.get_or_404(FILES[kind], record_id)
    if record.stored_name is None:
        abort(404)
    return audited_file(operations.file_path(record), record, action="winner_file_downloaded",
                        details={"award_record_id": record.award_record_id, "name": record.original_name})


@bp.route("/policy", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def policy():
    rules, row = queries.policy(), queries.policy_row()
    form = PolicyForm(data=None if request.method == "POST" else {
        "funds_report_due_days": rules.funds_report_due_days, "misuse_open_days": rules.misuse_open_days,
        "basis": row.basis if row else ""})
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            operations.save_policy(form.funds_report_due_days.data, form.misuse_open_days.data, form.basis.data,
                                   current_user)
        if outcome.done:
            flash(_("The policy is saved; every due date is computed with it from now on."), "success")
            return redirect(url_for("winners.index"))
    return render_template("winners/policy.html", form=form, row=row)


def own_award_states(user) -> list:
    """For the applicant's home (templates/winners/_home_part.html): its organization's standing awards."""
    organization = applicant_organization(user)
    return queries.own_states(organization.id, city_today()) if organization is not None else []


bp.add_app_template_global(own_award_states, "own_award_states")


# --- issue 18: the winner's own page (Art. 27, 29): its duties, what it submitted, its reports and activities -------

def _own_states():
    organization = applicant_organization(current_user)
    ensure_visible(organization is not None)  # the role without a verified account: nothing here
    return queries.own_states(organization.id, city_today())


def _own_forms(state, **given) -> dict:
    """The award's two forms; the one just posted (with its errors) when the post was for this award."""
    award_id = state.award.id
    posted = given if given.get("award_id") == award_id else {}
    return {"funds_form": posted.get("funds_form") or OwnFundsReportForm(
                years=winner_duties.reportable_years(state.funds), prefix=f"funds{award_id}"),
            "activity_form": posted.get("activity_form") or OwnActivityForm(
                data={"held_on": city_today()}, prefix=f"activity{award_id}")}


def _own_page(**given):
    states = _own_states()
    return render_template("winners/mine.html", states=states, policy=queries.policy(), today=city_today(),
                           sections=[(state, queries.funds_reports_of(state.award), _own_forms(state, **given))
                                     for state in states])


@bp.route("/mine")
@require_role(Role.APPLICANT)
def mine():
    return _own_page()


def _own_award(award_id: int) -> AwardRecord:
    if not 0 < award_id < 2**31:
        abort(404)
    award = db.get_or_404(AwardRecord, award_id)
    ensure(may_report_for_award(current_user, award))
    return award


def _own_write(award: AwardRecord, form, form_name: str, write, message: str, anchor: str):
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            write(form)
        if outcome.done:
            flash(message, "success")
            return redirect(url_for("winners.mine") + f"#{anchor}-{award.id}")
    return _own_page(award_id=award.id, **{form_name: form}), 400


@bp.route("/mine/<int:award_id>/funds-reports", methods=["POST"])
@require_role(Role.APPLICANT)
def submit_funds_report(award_id: int):
    award = _own_award(award_id)
    state = queries.winner_state(award, city_today())
    form = OwnFundsReportForm(years=winner_duties.reportable_years(state.funds), prefix=f"funds{award.id}")
    return _own_write(award, form, "funds_form",
                      lambda form: operations.record_funds_report(
                          award, form.report_year.data, city_today(), form.note.data, _upload(form.attachment),
                          current_user, by_organization=True),
                      _("Your use-of-funds report is submitted; the office sees it in its register."), "funds")


@bp.route("/mine/<int:award_id>/activities", methods=["POST"])
@require_role(Role.APPLICANT)
def submit_activity(award_id: int):
    award = _own_award(award_id)
    form = OwnActivityForm(prefix=f"activity{award.id}")
    return _own_write(award, form, "activity_form",
                      lambda form: operations.record_activity(
                          award, {**form.data, "promoter_id": None}, _upload(form.attachment), current_user,
                          by_organization=True),
                      _("The activity is recorded; the office sees it in its register."), "activities")
