from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from reviewapp.domain_text import explain
from reviewapp.errors import flash_form_errors, flashing_refusals
from reviewapp.extensions import db
from reviewapp.forms import choices, version_of
from reviewapp.models import (
    Application,
    AssignmentProposal,
    Cycle,
    Expert,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelStage,
    Role,
    Stage,
)
from reviewapp.panels import checks, operations, proposals, queries
from reviewapp.panels.declaration import DECLARATION_TEXT, DECLARATION_VERSION
from reviewapp.panels.facts import panel_size_range
from reviewapp.panels.forms import (
    LONGER_SEARCH,
    ApplicantForm,
    DeclarationForm,
    MemberForm,
    NewPanelForm,
    PanelActionForm,
    ProposeForm,
    ReplaceForm,
    marked_conflicts,
)
from reviewapp.permissions import require_role
from reviewapp.reviews.evaluation.queries import leanings_by_expert

bp = Blueprint("panels", __name__)


@bp.route("/declaration/<int:cycle_id>", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def declaration(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    expert = queries.expert_of(current_user)
    if expert is None or cycle.stage is Stage.CLOSED:
        abort(404)
    existing = queries.signed(cycle, expert)
    applications = queries.cycle_applicant_names(cycle)
    form = DeclarationForm()
    missing = []
    if existing is None and form.validate_on_submit():
        conflicts, missing = marked_conflicts(request.form, [a.id for a in applications])
        if not missing:
            operations.sign_declaration(cycle, expert, conflicts, current_user)
            flash(_("Declaration signed. %(n)s conflict(s) declared.", n=len(conflicts)), "success")
            return redirect(url_for("main.index"))
        flash(_("Give a reason for each applicant you marked."), "danger")
    return render_template("panels/declaration.html", cycle=cycle, form=form, applications=applications,
                           existing=existing, missing=missing, text=DECLARATION_TEXT, version=DECLARATION_VERSION)


# --- the office forms panels ------------------------------------------------------------------------------

def _version(form) -> int | None:
    return version_of(form.version.data) if form.version.data else None


def _after(panel: Panel):
    return redirect(url_for("panels.index", cycle_id=panel.cycle_id, stage=panel.stage.value) + f"#panel-{panel.id}")


@bp.route("/cycles/<int:cycle_id>/<panel_stage:stage>")
@require_role(Role.OFFICE)
def index(cycle_id: int, stage: PanelStage):
    cycle = db.get_or_404(Cycle, cycle_id)
    panels = queries.panels_of(cycle, stage)
    pool = queries.pool(cycle)
    applicant_form = ApplicantForm()
    applicant_form.application_id.choices = choices(
        (a.id, f"{a.number} {a.organization.name}") for a in queries.unpaneled(cycle, stage))
    return render_template(
        "panels/index.html", cycle=cycle, stage=stage, panels=panels, member_form=MemberForm(), pool=pool,
        blocked=queries.pool_conflicts(cycle, panels, pool), applicant_form=applicant_form, new_form=NewPanelForm(),
        action_form=PanelActionForm(),
        propose_form=ProposeForm(), warnings={p.id: checks.panel_warnings(p) for p in panels if p.active},
        forming_refusal=operations.forming_refusal(cycle, stage),
        late=[item for item in queries.late_conflicts(cycle) if item[0].stage is stage],
        size_range=panel_size_range(cycle, stage), unpaneled=queries.unpaneled(cycle, stage),
        leanings=leanings_by_expert())


@bp.route("/cycles/<int:cycle_id>/<panel_stage:stage>/new", methods=["POST"])
@require_role(Role.OFFICE)
def new(cycle_id: int, stage: PanelStage):
    cycle = db.get_or_404(Cycle, cycle_id)
    form = NewPanelForm()
    if form.validate_on_submit():
        with flashing_refusals() as outcome:
            panel = operations.create_panel(cycle, stage, form.name.data, current_user)
        if outcome.done:
            flash(_("%(name)s created.", name=panel.name), "success")
    else:  # the form is one field in the page's header: its errors come back as messages
        for message in dict.fromkeys(str(m) for errors in form.errors.values() for m in errors):
            flash(message, "danger")
    return redirect(url_for("panels.index", cycle_id=cycle.id, stage=stage.value))


@bp.route("/<int:panel_id>/members", methods=["POST"])
@require_role(Role.OFFICE)
def add_member(panel_id: int):
    panel = db.get_or_404(Panel, panel_id)
    form = MemberForm()
    # any expert of the pool: a suspended or disqualified one is refused by the checks, with the reason
    form.expert_id.choices = choices((e.id, e.person.name) for e in queries.all_experts())
    if not form.validate_on_submit():
        flash(_("Choose an expert of the pool."), "danger")
        return _after(panel)
    expert = db.get_or_404(Expert, form.expert_id.data)
    with flashing_refusals() as outcome:
        operations.add_member(panel, expert, form.as_leader.data, _version(form), current_user)
    if outcome.done:
        flash(_("%(expert)s added to %(panel)s.", expert=expert.person.name, panel=panel.name), "success")
    return _after(panel)


@bp.route("/<int:panel_id>/members/<int:member_id>/<any(remove, lead):action>", methods=["POST"])
@require_role(Role.OFFICE)
def member_action(panel_id: int, member_id: int, action: str):
    panel = db.get_or_404(Panel, panel_id)
    member = db.get_or_404(PanelMember, member_id)
    form = PanelActionForm()
    if member.panel_id != panel.id or not form.validate_on_submit():
        abort(404)
    name = member.expert.person.name
    with flashing_refusals() as outcome:
        if action == "remove":
            operations.remove_member(panel, member, _version(form), current_user)
            done = _("%(expert)s removed from %(panel)s.", expert=name, panel=panel.name)
        else:
            operations.set_leader(panel, member, _version(form), current_user)
            done = _("%(expert)s now leads %(panel)s.", expert=name, panel=panel.name)
    if outcome.done:
        flash(done, "success")
    return _after(panel)


@bp.route("/<int:panel_id>/applicants", methods=["POST"])
@require_role(Role.OFFICE)
def add_applicant(panel_id: int):
    panel = db.get_or_404(Panel, panel_id)
    form = ApplicantForm()
    form.application_id.choices = choices((a.id, a.number) for a in queries.unpaneled(
        db.session.get(Cycle, panel.cycle_id), panel.stage))
    if not form.validate_on_submit():
        flash(_("Choose an accepted applicant that is not on a panel of this stage yet."), "danger")
        return _after(panel)
    application = db.get_or_404(Application, form.application_id.data)
    with flashing_refusals() as outcome:
        operations.add_applicant(panel, application, _version(form), current_user)
    if outcome.done:
        flash(_("%(applicant)s added to %(panel)s.", applicant=application.organization.name, panel=panel.name),
              "success")
    return _after(panel)


@bp.route("/<int:panel_id>/applicants/<int:entry_id>/remove", methods=["POST"])
@require_role(Role.OFFICE)
def remove_applicant(panel_id: int, entry_id: int):
    panel = db.get_or_404(Panel, panel_id)
    entry = db.get_or_404(PanelApplicant, entry_id)
    form = PanelActionForm()
    if entry.panel_id != panel.id or not form.validate_on_submit():
        abort(404)
    with flashing_refusals() as outcome:
        operations.remove_applicant(panel, entry, _version(form), current_user)
    if outcome.done:
        flash(_("Applicant removed from %(panel)s.", panel=panel.name), "success")
    return _after(panel)


@bp.route("/<int:panel_id>/dissolve", methods=["POST"])
@require_role(Role.OFFICE)
def dissolve(panel_id: int):
    panel = db.get_or_404(Panel, panel_id)
    form = PanelActionForm()
    if not form.validate_on_submit():
        abort(400)
    with flashing_refusals() as outcome:
        operations.dissolve(panel, _version(form), current_user)
    if outcome.done:
        flash(_("%(panel)s dissolved: its members no longer see the applicants (Art. 17).", panel=panel.name),
              "success")
    return _after(panel)


# --- automatic assignment ----------------------------------------------------------------------------------

@bp.route("/cycles/<int:cycle_id>/<panel_stage:stage>/propose", methods=["POST"])
@require_role(Role.OFFICE)
def propose(cycle_id: int, stage: PanelStage):
    cycle = db.get_or_404(Cycle, cycle_id)
    form = ProposeForm()
    if not form.validate_on_submit():
        flash_form_errors(form)
        return redirect(url_for("panels.index", cycle_id=cycle.id, stage=stage.value))
    refusal = operations.forming_refusal(cycle, stage)
    if refusal is not None:  # its confirmation would be refused: no draft either
        flash(explain(*refusal), "danger")
        return redirect(url_for("panels.index", cycle_id=cycle.id, stage=stage.value))
    if not queries.unpaneled(cycle, stage):
        flash(_("Every accepted applicant already has a panel at this stage."), "info")
        return redirect(url_for("panels.index", cycle_id=cycle.id, stage=stage.value))
    proposal = proposals.propose(cycle, stage, current_user, time_limit=form.seconds.data)
    return redirect(url_for("panels.proposal", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>")
@require_role(Role.OFFICE)
def proposal(proposal_id: int):
    proposal = db.get_or_404(AssignmentProposal, proposal_id)
    cycle = db.session.get(Cycle, proposal.cycle_id)
    keys = [key for key in proposal.data["panels"]] + [key for key in proposal.data["unfilled"]]
    applications = {f"a{a.id}": a for a in db.session.scalars(
        select(Application).where(Application.id.in_([int(k[1:]) for k in keys])))}
    experts = {f"e{e.id}": e for e in queries.all_experts()}
    return render_template("panels/proposal.html", proposal=proposal, cycle=cycle, applications=applications,
                           experts=experts, confirm_form=PanelActionForm(), replace_form=ReplaceForm(),
                           search_form=ProposeForm(seconds=LONGER_SEARCH),
                           candidates=proposals.replacement_candidates(proposal, applications),
                           forming_refusal=operations.forming_refusal(cycle, proposal.stage))


@bp.route("/proposals/<int:proposal_id>/replace", methods=["POST"])
@require_role(Role.OFFICE)
def replace(proposal_id: int):
    proposal = db.get_or_404(AssignmentProposal, proposal_id)
    form = ReplaceForm()
    form.expert_id.choices = choices((e.id, e.person.name) for e in queries.all_experts())
    if form.validate_on_submit():
        new = db.get_or_404(Expert, form.expert_id.data)
        with flashing_refusals() as outcome:
            proposals.replace_expert(proposal, form.applicant.data, form.seat.data, new, current_user)
        if outcome.done:
            flash(_("%(expert)s takes the seat in the draft.", expert=new.person.name), "success")
    else:
        flash(_("Choose the expert who takes the seat."), "danger")
    return redirect(url_for("panels.proposal", proposal_id=proposal.id))


@bp.route("/proposals/<int:proposal_id>/confirm", methods=["POST"])
@require_role(Role.OFFICE)
def confirm(proposal_id: int):
    proposal = db.get_or_404(AssignmentProposal, proposal_id)
    if not PanelActionForm().validate_on_submit():
        abort(400)
    with flashing_refusals() as outcome:
        panels = proposals.confirm(proposal, current_user)
    if not outcome.done:
        return redirect(url_for("panels.proposal", proposal_id=proposal.id))
    flash(_("%(n)s panels formed from the proposal.", n=len(panels)), "success")
    return redirect(url_for("panels.index", cycle_id=proposal.cycle_id, stage=proposal.stage.value))
