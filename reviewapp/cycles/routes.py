from datetime import date

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from reviewapp.city_calendar import city_today, workday_calendar
from reviewapp.cycles import operations, queries
from reviewapp.cycles.forms import (
    AdvanceForm,
    BulkNoticeForm,
    CallForm,
    CallMediaForm,
    CycleForm,
    DeadlinesForm,
    HolidayScheduleForm,
    NoticeForm,
    WithdrawForm,
)
from reviewapp.domain import cycle_stages, limits
from reviewapp.domain.call import CallContent
from reviewapp.domain.cycle_settings import BASIS, SETTINGS, with_defaults
from reviewapp.domain.deadlines import FIELDS as DEADLINE_FIELDS
from reviewapp.domain.i18n import N_
from reviewapp.domain.money import AWARD_AMOUNT, NOMINATION_AMOUNT
from reviewapp.domain.workdays import ScheduleParseError, UnknownCalendarYear, format_schedule, parse_schedule
from reviewapp.domain_text import explain
from reviewapp.errors import BatchRefused, Refused, flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import version_of
from reviewapp.models import Cycle, Notice, NoticeKind, Role, Stage
from reviewapp.permissions import require_role

bp = Blueprint("cycles", __name__)


STALE = N_("Someone else changed this cycle while you were editing. Reload the page and make your change again.")


@bp.route("/")
@require_role(Role.OFFICE)
def index():
    return render_template("cycles/index.html", rows=queries.dashboard_rows(), stages=cycle_stages.STAGES)


@bp.route("/new", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new():
    form = CycleForm(name_taken=queries.name_taken(None))
    if form.validate_on_submit():
        cycle = operations.create_cycle(form.data, current_user)
        flash(_("Cycle %(name)s created.", name=cycle.name), "success")
        return redirect(url_for("cycles.show", cycle_id=cycle.id))
    return render_template("cycles/form.html", form=form, cycle=None)


@bp.route("/<int:cycle_id>")
@require_role(Role.OFFICE)
def show(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    notices = queries.notices_of(cycle)
    return render_template(
        "cycles/show.html", cycle=cycle, call=queries.current_call(cycle),
        call_refusal=operations.call_stage_refusal(cycle), stages=cycle_stages.STAGES, articles=cycle_stages.ARTICLES,
        blockers=queries.stage_blockers(cycle), next_stage=cycle_stages.next_stage(cycle.stage.value),
        applications=queries.applications_of(cycle), notices=notices, drafts_awaiting=queries.drafts_awaiting(cycle),
        withdrawal_refusals={n.id: operations.withdrawal_refusal(n, cycle) for n in notices},
        settings=with_defaults(cycle.settings), setting_specs=SETTINGS, setting_basis=BASIS, advance_form=AdvanceForm(),
        Stage=Stage)


@bp.route("/<int:cycle_id>/edit", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def edit(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    initial = None if request.method == "POST" else {"settings": with_defaults(cycle.settings),
                                                     "version": cycle.version}
    form = CycleForm(obj=cycle, data=initial, name_taken=queries.name_taken(cycle.id))
    call = queries.current_call(cycle)
    if form.validate_on_submit():
        with flashing_refusals(stale_message=STALE) as outcome:
            operations.update_cycle(cycle, form.data, version_of(form.version.data), current_user)
        if outcome.done:
            flash(_("Cycle %(name)s saved.", name=cycle.name), "success")
            return redirect(url_for("cycles.show", cycle_id=cycle.id))
    return render_template("cycles/form.html", form=form, cycle=cycle, call=call,
                           fixed=cycle_stages.fixed_settings(cycle.stage.value))


@bp.route("/<int:cycle_id>/deadlines", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def deadlines(cycle_id: int):
    """The dates people work to (issue 16): shown where the work is done and reminded by `flask notify send`."""
    cycle = db.get_or_404(Cycle, cycle_id)
    form = DeadlinesForm(obj=cycle, data=None if request.method == "POST" else {"version": cycle.version})
    if form.validate_on_submit():
        dates = {name: form[name].data for name in DEADLINE_FIELDS}
        with flashing_refusals(form, stale_message=STALE) as outcome:
            operations.set_deadlines(cycle, dates, version_of(form.version.data), current_user)
        if outcome.done:
            flash(_("The deadlines of %(name)s are saved.", name=cycle.name), "success")
            return redirect(url_for("cycles.show", cycle_id=cycle.id) + "#deadlines")
    return render_template("cycles/deadlines.html", form=form, cycle=cycle)


@bp.route("/<int:cycle_id>/advance", methods=["POST"])
@require_role(Role.OFFICE)
def advance(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    if AdvanceForm().validate_on_submit():
        with flashing_refusals() as outcome:
            stage = operations.advance(cycle, current_user)
        if outcome.done:
            flash(_("%(name)s is now in the stage: %(stage)s.", name=cycle.name, stage=stage.label), "success")
    return redirect(url_for("cycles.show", cycle_id=cycle.id))


NOTICES = {
    # kind -> (publish operation, default title, default body, flash on success)
    NoticeKind.ACCEPTANCE: (
        operations.publish_acceptance_notice, operations.acceptance_entries,
        _l("Public notice of the applications accepted for the %(name)s"),
        _l("The following organizations passed the acceptance review (Art. 16). Anyone who objects may contact the "
           "Quality City Leading Group Office during the notice period."),
        _l("The acceptance notice is published.")),
    NoticeKind.PROPOSED_WINNERS: (
        operations.publish_proposed_winner_notice, operations.proposed_winner_entries,
        _l("Public notice of the proposed winners of the %(name)s"),
        _l("The leading group has reviewed the comprehensive evaluation and proposes the following organizations "
           "(Art. 20, 21). Anyone who objects may file an objection with the facts, the reasons and evidence on "
           "this page during the notice period (Art. 22)."),
        _l("The proposed-winner notice is published.")),
}


@bp.route("/<int:cycle_id>/acceptance-notice", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new_acceptance_notice(cycle_id: int):
    return _new_notice(db.get_or_404(Cycle, cycle_id), NoticeKind.ACCEPTANCE)


@bp.route("/<int:cycle_id>/proposed-winner-notice", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new_proposed_winner_notice(cycle_id: int):
    return _new_notice(db.get_or_404(Cycle, cycle_id), NoticeKind.PROPOSED_WINNERS)


def _new_notice(cycle: Cycle, kind: NoticeKind):
    publish, entries, title, body, published = NOTICES[kind]
    refusal = operations.stage_refusal(cycle, kind)
    if refusal is not None:  # said before anything is typed; publish() refuses all the same
        return render_template("cycles/notice_form.html", form=None, cycle=cycle, kind=kind,
                               refusal=explain(*refusal), entries=[])
    minimum = with_defaults(cycle.settings)["notice_working_days"]
    # issue 17: the end date starts at the earliest the notice may end (Art. 16, 21), as the hint computes it
    form = NoticeForm(data=None if request.method == "POST" else {
        "title": str(title) % {"name": cycle.name}, "body": str(body), "start_date": city_today(),
        "end_date": _earliest_end(city_today(), minimum)[0]})
    earliest = _earliest_end(form.start_date.data, minimum)
    if form.validate_on_submit():
        with flashing_refusals(form, field="end_date") as outcome:
            notice = publish(cycle, form.title.data, form.body.data, form.start_date.data, form.end_date.data,
                             current_user)
        if outcome.done:
            flash(str(published), "success")
            return redirect(url_for("notices.show", notice_id=notice.id))
    return render_template("cycles/notice_form.html", form=form, cycle=cycle, minimum=minimum, earliest=earliest,
                           entries=entries(cycle), kind=kind)


def _earliest_end(start, minimum):
    """(earliest end date, or None, and the calendar's refusal message, or None) for the form's hint."""
    if start is None:
        return None, None
    try:
        return workday_calendar().earliest_end(start, minimum), None
    except UnknownCalendarYear as unknown:
        return None, explain(unknown.message, unknown.params)


# Art. 14: the standard text the call form starts from (the office edits it before publishing)
CALL_TEXT = {
    "title": _l("Call for applications for the %(name)s"),
    "body": _l("In accordance with the Measures for the Administration of the Benxi Mayor's Quality Award (Art. 14), "
               "the Quality City Leading Group Office calls for applications for the %(name)s. Applying is voluntary "
               "and the evaluation charges nothing (Art. 5, 35)."),
    "awards": _l("The Mayor's Quality Award (市长质量奖) and the Mayor's Quality Award nomination (提名奖), each "
                 "with a plaque and a certificate (Art. 2, 24). An award carries %(award)s yuan and a nomination "
                 "%(nomination)s yuan of one-off incentive money; an organization that wins the award again "
                 "receives the plaque and the certificate only (Art. 12, 25)."),
    "conditions": _l("Organizations registered in Benxi and operating normally for 3 years or more, following the "
                     "law and national policy, with a sound quality management system and notable results of "
                     "performance excellence, leading results or social contribution in their industry, innovation "
                     "in quality, standards and brands, and in the last 3 years no major quality, safety or "
                     "environmental accident, no listing for abnormal operations or serious dishonesty, no "
                     "administrative penalty and no failed supervisory spot check (Art. 11). A past winner may apply "
                     "again 5 years after winning (Art. 12)."),
    "where_to_apply": _l("Fill in the application form (本溪市市长质量奖申报表), assess yourself against the "
                         "evaluation standard and submit the form, the self-assessment report and the supporting "
                         "materials, with the signed opinion of the competent department, a city industry "
                         "association or the county (district) market regulation department, to the Leading Group "
                         "Office at the Benxi Market Supervision Bureau (Art. 15)."),
}


def _call_form(cycle: Cycle, current) -> CallForm:
    """Pre-filled from the call in force (an amendment starts from it), else from the cycle and the standard text."""
    if request.method == "POST":
        return CallForm()
    if current is not None:
        details = CallContent.from_json(current.details)
        return CallForm(data={**details.as_json(), "deadline": details.deadline, "title": current.title,
                              "body": current.body})
    params = {"name": cycle.name, "award": f"{AWARD_AMOUNT:,.0f}", "nomination": f"{NOMINATION_AMOUNT:,.0f}"}
    texts = {name: str(text) % params for name, text in CALL_TEXT.items()}
    return CallForm(data={**texts, "award_quota": cycle.award_quota, "nomination_quota": cycle.nomination_quota,
                          "deadline": cycle.application_deadline})


@bp.route("/<int:cycle_id>/call", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def new_call(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    current = queries.current_call(cycle)
    refusal = operations.call_stage_refusal(cycle)
    form = None if refusal else _call_form(cycle, current)
    if form is not None and form.validate_on_submit():
        content = CallContent(**{name: form[name].data if name in ("award_quota", "nomination_quota", "deadline")
                                 else (form[name].data or "").strip()
                                 for name in CallContent.__dataclass_fields__})
        with flashing_refusals(form, field="deadline") as outcome:
            notice = operations.publish_call(cycle, form.title.data, form.body.data, content, current_user)
        if outcome.done:
            flash(_("The call is published. Record where the media published it (Art. 14)."), "success")
            return redirect(url_for("cycles.call_media", notice_id=notice.id))
    return render_template("cycles/call_form.html", form=form, cycle=cycle, current=current,
                           refusal=explain(*refusal) if refusal else None)


@bp.route("/notices/<int:notice_id>/media", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def call_media(notice_id: int):
    notice = db.get_or_404(Notice, notice_id)
    if notice.kind is not NoticeKind.CALL:
        return redirect(url_for("notices.show", notice_id=notice.id))
    form = CallMediaForm(data=None if request.method == "POST" else {"published_on": city_today()})
    if form.validate_on_submit():
        with flashing_refusals(form) as outcome:
            operations.record_call_publication(notice, form.outlet.data, form.published_on.data,
                                               form.reference.data or "", current_user)
        if outcome.done:
            flash(_("The publication is recorded."), "success")
            return redirect(url_for("cycles.call_media", notice_id=notice.id))
    return render_template("cycles/call_media.html", form=form, notice=notice)


@bp.route("/notices/<int:notice_id>/withdraw", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def withdraw_notice(notice_id: int):
    notice = db.get_or_404(Notice, notice_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        with flashing_refusals() as outcome:
            operations.withdraw_notice(notice, form.reason.data, current_user)
        if outcome.done:
            flash(_("The notice has been withdrawn; the reason is shown with it."), "success")
        if notice.cycle_id is None:  # a revocation of an award recorded before the system kept cycles
            return redirect(url_for("notices.show", notice_id=notice.id))
        return redirect(url_for("cycles.show", cycle_id=notice.cycle_id))
    refusal = operations.withdrawal_refusal(notice, notice.cycle)
    return render_template("cycles/withdraw.html", form=form, notice=notice,
                           refusal=explain(*refusal) if refusal else None)


# --- several notices at once (issue 17) ------------------------------------------------------------------------------

@bp.route("/notices")
@require_role(Role.OFFICE)
def notices_many():
    return _render_notices_many()


def _render_notices_many(refusals: dict | None = None, chosen: set | None = None, reason: str = ""):
    """The notices the cycles' stages call for, pre-filled as the single form is (today, the earliest legal end),
    and the notices in force with whether each may be withdrawn."""
    rows = []
    for cycle, kind in queries.notices_to_publish():
        key = f"{cycle.id}-{kind.value}"
        minimum = with_defaults(cycle.settings)["notice_working_days"]
        _publish, _entries, title, body, _published = NOTICES[kind]
        rows.append({"key": key, "cycle": cycle, "kind": kind, "minimum": minimum,
                     "title": str(title) % {"name": cycle.name}, "body": str(body), "start": city_today(),
                     "end": _earliest_end(city_today(), minimum)[0]})
    in_force = queries.notices_in_force()
    return render_template(
        "cycles/notices_many.html", rows=rows, in_force=in_force, typed=request.form, refusals=refusals or {},
        chosen=chosen or set(), reason=reason, form=BulkNoticeForm(),
        withdrawal_refusals={n.id: operations.withdrawal_refusal(n, n.cycle) for n in in_force})


def _posted_date(value: str | None):
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


@bp.route("/notices/publish", methods=["POST"])
@require_role(Role.OFFICE)
def publish_many():
    """Issue 17: publish the chosen notices at once, each through its own rules; all or nothing."""
    chosen = set(request.form.getlist("publish"))
    if not BulkNoticeForm().validate_on_submit():
        return _render_notices_many(chosen=chosen), 400
    picked, refusals = [], {}
    for cycle, kind in queries.notices_to_publish():
        key = f"{cycle.id}-{kind.value}"
        if key not in chosen:
            continue
        title, body = (request.form.get(f"{name}-{key}", "").strip() for name in ("title", "body"))
        start, end = (_posted_date(request.form.get(f"{name}-{key}")) for name in ("start", "end"))
        if not title or not body or len(title) > 200 or len(body) > limits.LONG_TEXT or None in (start, end):
            refusals[key] = [(N_("Give the title, the text and both dates of the notice."), {})]
        picked.append((key, cycle, kind, title, body, start, end))
    if not refusals:
        try:
            with flashing_refusals() as outcome:
                notices = operations.publish_many(picked, current_user)
        except BatchRefused as refused:
            refusals = refused.refusals
        else:
            if outcome.done:
                flash(_("%(count)s notices published.", count=len(notices)), "success")
                return redirect(url_for("cycles.notices_many"))
            return _render_notices_many(chosen=chosen)
    flash(_("Nothing was published: %(count)s of the chosen notices were refused, see below.", count=len(refusals)),
          "danger")
    return _render_notices_many(refusals, chosen)


@bp.route("/notices/withdraw", methods=["POST"])
@require_role(Role.OFFICE)
def withdraw_many():
    """Issue 17: withdraw the chosen notices at once with one reason, each through its own rules; all or nothing."""
    chosen = set(request.form.getlist("withdraw"))
    reason = request.form.get("reason", "")[:limits.NOTE + 1]
    if not BulkNoticeForm().validate_on_submit():
        return _render_notices_many(chosen=chosen, reason=reason), 400
    picked = [notice for notice in queries.notices_in_force() if str(notice.id) in chosen]
    try:
        with flashing_refusals() as outcome:
            if len(reason) > limits.NOTE:
                raise Refused(N_("A reason may have at most %(n)s characters."), {"n": limits.NOTE})
            operations.withdraw_many(picked, reason, current_user)
    except BatchRefused as refused:
        flash(_("Nothing was withdrawn: %(count)s of the chosen notices were refused, see below.",
                count=len(refused.refusals)), "danger")
        return _render_notices_many(refused.refusals, chosen, reason)
    if not outcome.done:
        return _render_notices_many(chosen=chosen, reason=reason)
    flash(_("%(count)s notices withdrawn; the reason is shown with each.", count=len(picked)), "success")
    return redirect(url_for("cycles.notices_many"))


@bp.route("/calendar")
@require_role(Role.OFFICE)
def calendar():
    calendar = workday_calendar()
    this_year = city_today().year
    years = [(year, calendar.knows_year(year)) for year in range(this_year - 1, this_year + 3)]
    return render_template("cycles/calendar.html", years=years, schedules=queries.holiday_schedules())


@bp.route("/calendar/<int:year>", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def holiday_schedule(year: int):
    if not 2000 <= year <= 2100:
        return redirect(url_for("cycles.calendar"))
    existing = next((s for s in queries.holiday_schedules() if s.year == year), None)
    form = HolidayScheduleForm(obj=existing)
    if form.validate_on_submit():
        try:
            operations.save_holiday_schedule(year, form.text.data, form.source.data, current_user)
        except ScheduleParseError as error:
            db.session.rollback()
            where = _("line %(n)s: ", n=error.line_no) if error.line_no else ""
            form.text.errors.append(where + explain(error.message, error.params))
        else:
            flash(_("The holiday schedule for %(year)s is saved.", year=year), "success")
            return redirect(url_for("cycles.calendar"))
    preview = None
    if existing and not form.errors:
        preview = format_schedule(parse_schedule(year, existing.text))
    return render_template("cycles/holiday_schedule.html", form=form, year=year, existing=existing, preview=preview)
