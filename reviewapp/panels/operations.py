"""Panels (Art. 17): the experts' declarations; forming, checking and dissolving panels."""
from sqlalchemy import select, update

from reviewapp import audit
from reviewapp.conflicts import service
from reviewapp.domain.cycle_stages import STAGES
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused, StaleWrite
from reviewapp.extensions import db
from reviewapp.graph.notices import tell_late_conflicts
from reviewapp.models import (
    Application,
    ComprehensiveReport,
    ConflictDeclaration,
    Cycle,
    DeclarationKind,
    DeclarationStatus,
    Expert,
    ImpartialityDeclaration,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelStage,
    ReportStatus,
    Stage,
)
from reviewapp.models.base import utcnow
from reviewapp.notifications.operations import notify
from reviewapp.notifications.rendering import app_path
from reviewapp.panels.checks import Verdict, check_applicant, check_member, leader_refusals
from reviewapp.panels.declaration import DECLARATION_VERSION, declaration_sha256
from reviewapp.panels.queries import signed


def sign_declaration(cycle: Cycle, expert: Expert, conflicts: dict[int, str], acting) -> ImpartialityDeclaration:
    """Sign the cycle's declaration; each applicant the expert marks (application id -> reason) becomes a declared
    conflict (R7) at the same moment."""
    if signed(cycle, expert) is not None:
        raise ValueError("already signed")
    for application_id, reason in conflicts.items():
        application = db.session.get(Application, application_id)
        if application is None or application.cycle_id != cycle.id:
            continue
        declaration = ConflictDeclaration(person_id=expert.person_id, organization_id=application.organization_id,
                                          kind=DeclarationKind.EXPERT, status=DeclarationStatus.ACCEPTED,
                                          reason=reason.strip(), recorded_by_id=acting.id)
        db.session.add(declaration)
        audit.record("conflict_declared", declaration, user=acting,
                     details={"organization_id": application.organization_id, "with_declaration": True})
    record = ImpartialityDeclaration(cycle_id=cycle.id, expert_id=expert.id, text_version=DECLARATION_VERSION,
                                     text_sha256=declaration_sha256())
    db.session.add(record)
    audit.record("impartiality_declaration_signed", record, user=acting,
                 details={"cycle_id": cycle.id, "version": DECLARATION_VERSION, "declared": sorted(conflicts)})
    if conflicts:
        tell_late_conflicts()
    db.session.commit()
    service.forget_engines()
    return record


FORMING_STAGES = {
    # Document panels are formed in the panels stage; on-site panels once the document review has a list.
    "document_review": ("panels", "document_review"),
    "onsite_review": ("document_review", "onsite_review"),
}


def _check_version(panel: Panel, expected: int | None) -> None:
    """Take the panel's next version, atomically: a change made from a stale page (or racing another office
    user) finds the version moved on and is refused."""
    current = panel.version if expected is None else expected
    moved = db.session.execute(update(Panel).where(Panel.id == panel.id, Panel.version == current)
                               .values(version=Panel.version + 1))
    if moved.rowcount != 1:
        raise StaleWrite(N_("Someone else changed this panel meanwhile. Look at it again and repeat your change."))


def _refuse(verdict: Verdict) -> None:
    if not verdict.ok:
        raise Refused.because_of(verdict.refusals)


def forming_refusal(cycle: Cycle, stage: PanelStage) -> tuple[str, dict] | None:
    """Why panels of `stage` cannot be formed at the cycle's stage, or None: the panels page shows it instead of
    the forms that would be refused."""
    forming = FORMING_STAGES[stage.value]
    if cycle.stage.value in forming:
        return None
    if STAGES.index(cycle.stage.value) < STAGES.index(forming[0]):
        return N_("Panels of this stage are formed later in the procedure (Art. 13, 17)."), {}
    return N_("Panels of this stage are no longer formed: their review is over (Art. 13, 17)."), {}


def new_panel_draft(cycle: Cycle, stage: PanelStage, name: str) -> Panel:
    """A new panel in the session (not committed), once the stage allows forming it."""
    refusal = forming_refusal(cycle, stage)
    if refusal is not None:
        raise Refused(*refusal)
    panel = Panel(cycle_id=cycle.id, stage=stage, name=name.strip())
    db.session.add(panel)
    db.session.flush()
    return panel


def create_panel(cycle: Cycle, stage: PanelStage, name: str, acting) -> Panel:
    panel = new_panel_draft(cycle, stage, name)
    audit.record("panel_created", panel, user=acting, details={"cycle_id": cycle.id, "stage": stage.value,
                                                                "name": panel.name})
    db.session.commit()
    return panel


def _active(panel: Panel) -> None:
    if not panel.active:
        raise Refused(N_("This panel has been dissolved."))


def tell_expert(panel: Panel, expert: Expert, kind: str) -> None:
    """Issue 16: the expert's notice of a seat gained or lost, in this transaction (an expert without a login has
    no account to tell)."""
    user = expert.person.user
    if user is not None:
        notify(user, kind, app_path("main.index", "my-assignments"), stage=panel.stage, cycle=panel.cycle.name)


def add_member(panel: Panel, expert: Expert, as_leader: bool, expected_version: int | None, acting) -> None:
    _active(panel)
    _check_version(panel, expected_version)
    if any(m.expert_id == expert.id for m in panel.members):
        raise Refused(N_("%(expert)s is already on this panel."), {"expert": expert.person.name})
    if as_leader and panel.leader is not None:
        raise Refused(N_("%(panel)s already has a leader; make the new one leader after adding them."),
                      {"panel": panel.name})
    _refuse(check_member(panel, expert, as_leader))
    panel.members.append(PanelMember(expert_id=expert.id, is_leader=as_leader))
    audit.record("panel_member_added", panel, user=acting,
                 details={"expert_id": expert.id, "expert": expert.person.name, "leader": as_leader})
    tell_expert(panel, expert, "panel_member_added")
    db.session.commit()


def remove_member(panel: Panel, member: PanelMember, expected_version: int | None, acting) -> None:
    _active(panel)
    _check_version(panel, expected_version)
    panel.members.remove(member)
    audit.record("panel_member_removed", panel, user=acting,
                 details={"expert_id": member.expert_id, "was_leader": member.is_leader})
    tell_expert(panel, member.expert, "panel_member_removed")
    db.session.commit()


def set_leader(panel: Panel, member: PanelMember, expected_version: int | None, acting) -> None:
    """组长负责制: exactly one leader, an active, leader-eligible member."""
    _active(panel)
    _check_version(panel, expected_version)
    refusals = leader_refusals(db.session.get(Cycle, panel.cycle_id), member.expert)
    if refusals:
        raise Refused.because_of(refusals)
    for other in panel.members:
        if other.is_leader:
            other.is_leader = False
    db.session.flush()  # the database allows one leader per panel: clear the old one first
    member.is_leader = True
    audit.record("panel_leader_set", panel, user=acting, details={"expert_id": member.expert_id})
    db.session.commit()


def add_applicant(panel: Panel, application: Application, expected_version: int | None, acting) -> None:
    _active(panel)
    _check_version(panel, expected_version)
    _refuse(check_applicant(panel, application))
    panel.applicants.append(PanelApplicant(application_id=application.id, stage=panel.stage))
    audit.record("panel_applicant_added", panel, user=acting,
                 details={"application_id": application.id, "number": application.number})
    db.session.commit()


def remove_applicant(panel: Panel, entry: PanelApplicant, expected_version: int | None, acting) -> None:
    _active(panel)
    _check_version(panel, expected_version)
    panel.applicants.remove(entry)
    audit.record("panel_applicant_removed", panel, user=acting, details={"application_id": entry.application_id})
    db.session.commit()


def dissolve_at_stage_end(cycle: Cycle, stage: PanelStage, acting) -> list[Panel]:
    """Art. 17: the cycle leaves the review of `stage`, whose panels are dissolved with it. Part of the caller's
    transaction: nothing is committed here."""
    panels = db.session.scalars(select(Panel).where(Panel.cycle_id == cycle.id, Panel.stage == stage,
                                                    Panel.dissolved_at.is_(None))).all()
    for panel in panels:
        panel.dissolved_at, panel.dissolved_by_id = utcnow(), acting.id
        panel.version += 1  # a page opened before the move is stale now
        audit.record("panel_dissolved", panel, user=acting, details={"name": panel.name, "stage_ended": stage.value})
    return list(panels)


def _refuse_before_comprehensive_reports(panel: Panel) -> None:
    """Art. 17, 20: an on-site panel's review work includes the comprehensive evaluation; during it, the panel is
    dissolved only once it has submitted the comprehensive report of each of its applicants."""
    if panel.stage is not PanelStage.ONSITE_REVIEW or panel.cycle.stage is not Stage.COMPREHENSIVE_EVALUATION:
        return
    submitted = set(db.session.scalars(select(ComprehensiveReport.application_id).where(
        ComprehensiveReport.application_id.in_([entry.application_id for entry in panel.applicants]),
        ComprehensiveReport.status == ReportStatus.SUBMITTED)))
    pending = [entry.application.organization.name for entry in panel.applicants
               if entry.application.goes_onsite and entry.application_id not in submitted]
    if pending:
        raise Refused(N_("%(panel)s has not submitted the comprehensive evaluation report of %(names)s yet; the panel "
                         "is dissolved once its review work, the comprehensive evaluation included, is over "
                         "(Art. 17, 20)."), {"panel": panel.name, "names": "、".join(pending)})


def dissolve(panel: Panel, expected_version: int | None, acting) -> None:
    """Art. 17: when its review ends the panel is dissolved; its members lose access, the records stay."""
    _active(panel)
    _check_version(panel, expected_version)
    _refuse_before_comprehensive_reports(panel)
    panel.dissolved_at, panel.dissolved_by_id = utcnow(), acting.id
    audit.record("panel_dissolved", panel, user=acting, details={"name": panel.name})
    db.session.commit()
