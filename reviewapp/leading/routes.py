"""The leading group's review of the candidate list (Art. 20, 21): the group and the office read the candidate list
with the comprehensive evaluation and the panels' reports; the office records the group's decision."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.city_calendar import city_today
from reviewapp.domain import comprehensive as ranking_rules
from reviewapp.domain import group_decision as rules
from reviewapp.domain.i18n import N_
from reviewapp.downloads import audited_pdf
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.leading import display, operations, queries
from reviewapp.leading.forms import AwardHistoryForm, DecisionForm, OpinionsForm
from reviewapp.models import Cycle, Role, User
from reviewapp.permissions import ensure_visible, has_role, may_see_candidate_list, require_role
from reviewapp.reviews.evaluation.queries import evaluate

bp = Blueprint("leading", __name__)


def proposed_cycle_or_404(cycle_id: int) -> Cycle:
    """Before the office proposes its candidate list, there is nothing for the group to see (Art. 20)."""
    cycle = db.get_or_404(Cycle, cycle_id)
    ensure_visible(may_see_candidate_list(current_user, cycle))
    return cycle


@bp.route("/")
@require_role(Role.LEADING_GROUP, Role.OFFICE)
def index():
    cycles = queries.proposed_cycles()
    decisions = queries.decisions_by_cycle(cycles)
    office = has_role(current_user, Role.OFFICE)
    blinded = {c.id: rules.is_blinded(queries.blind_setting(c), c.id in decisions, office) for c in cycles}
    states = queries.deliberation_states(current_user, cycles) if has_role(current_user, Role.LEADING_GROUP) else {}
    return render_template("leading/index.html", cycles=cycles, decisions=decisions, blinded=blinded, states=states)


@bp.route("/cycles/<int:cycle_id>")
@require_role(Role.LEADING_GROUP, Role.OFFICE)
def cycle(cycle_id: int):
    """The candidate list and the whole ranking, read only; blinded for the group until its decision."""
    return _render_cycle(proposed_cycle_or_404(cycle_id))


def _render_cycle(cycle: Cycle, history_form: AwardHistoryForm | None = None, status: int = 200,
                  typed: dict | None = None):
    evaluation, decision = evaluate(cycle), queries.decision_of(cycle)
    office, member = has_role(current_user, Role.OFFICE), has_role(current_user, Role.LEADING_GROUP)
    blinded = rules.is_blinded(queries.blind_setting(cycle), decision is not None, office)
    shown_by = db.session.get(User, cycle.award_history_shown_by_id) if cycle.award_history_shown_by_id else None
    return render_template("leading/cycle.html", cycle=cycle, evaluation=evaluation, decision=decision,
                           blinded=blinded, shown=display.applicant_labels(evaluation, blinded),
                           proposed=display.proposed_rows(evaluation), profile_chart=display.profile_chart,
                           approved={e.application_id: e for e in queries.approved_list(cycle)} if decision else {},
                           changes=queries.group_changes(cycle) if decision else [],
                           blind_setting=queries.blind_setting(cycle),
                           show_history=rules.shows_award_history(blinded, cycle.award_history_shown_at is not None),
                           history=display.history_counts(evaluation), history_shown_by=shown_by,
                           history_form=history_form or AwardHistoryForm(formdata=None),
                           # Art. 6: a member sees only their own opinions; the tally is the office's, and the
                           # members' too once the decision is recorded (it is then a fact of the minutes)
                           own=display.own_opinions(cycle, current_user) if member else None,
                           opinions_form=OpinionsForm(formdata=None), typed=typed,
                           group_tally=display.group_tally(cycle, decision) if office or decision else None), status


@bp.route("/cycles/<int:cycle_id>/award-history", methods=["POST"])
@require_role(Role.OFFICE)
def show_award_history(cycle_id: int):
    """Issue 13 item 7: the office's recorded choice to show the blinded group each candidate's past awards."""
    cycle = proposed_cycle_or_404(cycle_id)
    form = AwardHistoryForm()
    if not form.validate_on_submit():
        return _render_cycle(cycle, history_form=form, status=400)
    with flashing_refusals() as outcome:
        operations.show_award_history(cycle, form.reason.data, current_user)
    if not outcome.done:
        return _render_cycle(cycle, history_form=form, status=409)
    flash(_("The group now sees each candidate's award history; your reason is recorded."), "success")
    return redirect(url_for("leading.cycle", cycle_id=cycle.id))


@bp.route("/cycles/<int:cycle_id>/opinions", methods=["POST"])
@require_role(Role.LEADING_GROUP)
def opinions(cycle_id: int):
    """A member's own opinions on the candidates (Art. 6, 20): kept as a draft, or submitted (then final)."""
    cycle = proposed_cycle_or_404(cycle_id)
    form = OpinionsForm()
    if not form.validate_on_submit():
        return _render_cycle(cycle, status=400, typed=request.form)
    keys = list(queries.candidate_levels(cycle))
    typed = {key: (request.form.get(f"vote-{key}", ""), request.form.get(f"comment-{key}", "")) for key in keys}
    submit = bool(form.submit.data)
    with flashing_refusals(intro=N_("Your opinions were not saved:")) as outcome:
        operations.save_opinions(cycle, current_user, typed, submit, _member_labels(cycle))
    if not outcome.done:
        return _render_cycle(cycle, status=409, typed=request.form)
    flash(_("Your opinions are submitted; they can no longer be changed.") if submit
          else _("Your opinions are saved as a draft; you may change them until you submit them."), "success")
    return redirect(url_for("leading.cycle", cycle_id=cycle.id, _anchor="my-opinions"))


def _member_labels(cycle: Cycle) -> dict[int, str]:
    """How the member's page names the candidates: by code while the review is blinded."""
    evaluation = evaluate(cycle)
    blinded = rules.is_blinded(queries.blind_setting(cycle), queries.decision_of(cycle) is not None,
                               has_role(current_user, Role.OFFICE))
    return display.applicant_labels(evaluation, blinded)


def _decision_input(form: DecisionForm, evaluation) -> operations.DecisionInput:
    keys = [r.entry.key for r in evaluation.onsite_line]
    return operations.DecisionInput(
        decided_on=form.decided_on.data, meeting_reference=form.meeting_reference.data, note=form.note.data or "",
        levels={key: request.form.get(f"level-{key}", "") for key in keys},
        reasons={key: request.form.get(f"reason-{key}", "") for key in keys})


@bp.route("/cycles/<int:cycle_id>/decision", methods=["GET", "POST"])
@require_role(Role.OFFICE)
def decision(cycle_id: int):
    """The office records the group's decision: the approved level per applicant, the reasons where it departs
    from the proposal, the date and the meeting (Art. 20, 21)."""
    cycle = proposed_cycle_or_404(cycle_id)
    evaluation = evaluate(cycle)
    form = DecisionForm()
    if form.validate_on_submit():
        with flashing_refusals(intro=N_("The group's decision was not recorded:")) as outcome:
            operations.record_decision(evaluation, _decision_input(form, evaluation), current_user, city_today())
        if outcome.done:
            flash(_("The group's decision is recorded; the group now sees the applicants' names."), "success")
            return redirect(url_for("leading.cycle", cycle_id=cycle.id))
    return render_template("leading/decision.html", cycle=cycle, evaluation=evaluation, form=form,
                           decision=queries.decision_of(cycle), AWARD=ranking_rules.AWARD,
                           NOMINATION=ranking_rules.NOMINATION,
                           typed=request.form if request.method == "POST" else None,
                           proposed=display.proposed_rows(evaluation),
                           shown=display.applicant_labels(evaluation, False),
                           group_tally=display.group_tally(cycle, queries.decision_of(cycle)))


@bp.route("/cycles/<int:cycle_id>/decision/print")
@require_role(Role.LEADING_GROUP, Role.OFFICE)
def decision_print(cycle_id: int):
    """The group's decision as a printable page, or a PDF with ?format=pdf: the approved list, the departures from
    the office's proposal with their reasons, the meeting and the date."""
    cycle = db.get_or_404(Cycle, cycle_id)
    decision = queries.decision_of(cycle)
    ensure_visible(decision is not None)
    recorder = db.session.get(User, decision.recorded_by_id) if decision.recorded_by_id else None
    title = _("Leading group decision on the candidate list")
    html = render_template("leading/decision_print.html", cycle=cycle, decision=decision,
                           entries=queries.approved_list(cycle), changes=queries.group_changes(cycle),
                           proposed=display.proposed_rows(evaluate(cycle)),
                           group_tally=display.group_tally(cycle, decision),
                           print_title=_("Benxi Mayor's Quality Award") + " " + title,
                           header_rows=[(_("Award cycle"), cycle.name), (_("Meeting"), decision.meeting_reference),
                                        (_("Date of the decision"), format_date(decision.decided_on, "long")),
                                        (_("Recorded by"), recorder.display_name if recorder else "—")])
    if request.args.get("format") == "pdf":
        return audited_pdf(html, f"{cycle.name}-{title}.pdf", subject=decision, details={"report": "group_decision"})
    return html
