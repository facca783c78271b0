from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from reviewapp.city_calendar import city_today
from reviewapp.domain import cycle_stages
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.i18n import N_
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    ApplicationDraft,
    ApplicationStatus,
    Cycle,
    DraftStatus,
    GroupDecision,
    HolidaySchedule,
    Notice,
    NoticeKind,
    Panel,
    PanelStage,
    PublicSubmission,
    Stage,
    SubmissionKind,
    SubmissionStatus,
)
from reviewapp.panels.queries import late_conflicts


def name_taken(exclude_id: int | None):
    def taken(name: str) -> bool:
        stmt = select(Cycle.id).where(Cycle.name == name)
        if exclude_id is not None:
            stmt = stmt.where(Cycle.id != exclude_id)
        return db.session.scalar(stmt) is not None
    return taken


def all_cycles() -> list[Cycle]:
    return list(db.session.scalars(select(Cycle).order_by(Cycle.year.desc(), Cycle.id.desc())))


def status_counts() -> dict[int, dict[ApplicationStatus, int]]:
    """cycle id -> {status: number of applications}, for every cycle in one query."""
    counts: dict[int, dict[ApplicationStatus, int]] = {}
    rows = db.session.execute(select(Application.cycle_id, Application.status, func.count())
                              .group_by(Application.cycle_id, Application.status))
    for cycle_id, status, n in rows:
        counts.setdefault(cycle_id, {})[status] = n
    return counts


def current_notice(cycle: Cycle, kind: NoticeKind) -> Notice | None:
    return db.session.scalar(select(Notice).where(Notice.cycle_id == cycle.id, Notice.kind == kind,
                                                  Notice.withdrawn_at.is_(None)).order_by(Notice.id.desc()).limit(1))


def current_call(cycle: Cycle) -> Notice | None:
    """Art. 14: the call in force: the latest one published and not withdrawn (an amended call supersedes)."""
    return current_notice(cycle, NoticeKind.CALL)


def notices_of(cycle: Cycle) -> list[Notice]:
    return list(db.session.scalars(select(Notice).where(Notice.cycle_id == cycle.id).order_by(Notice.id.desc())))


def other_open_cycle(cycle: Cycle) -> str | None:
    return db.session.scalar(select(Cycle.name).where(Cycle.open_for_applications, Cycle.id != cycle.id))


def stage_facts(cycle: Cycle, counts: dict[ApplicationStatus, int] | None = None) -> cycle_stages.CycleFacts:
    if counts is None:
        counts = status_counts().get(cycle.id, {})
    notice = current_notice(cycle, NoticeKind.ACCEPTANCE)
    call = current_call(cycle) if cycle.stage in (Stage.ANNOUNCEMENT, Stage.APPLICATION) else None
    panels = document_panel_facts(cycle)
    return cycle_stages.CycleFacts(
        stage=cycle.stage.value, today=city_today(), other_open_cycle=other_open_cycle(cycle),
        call_published=call is not None, call_media=len(call.media) if call else 0,
        application_deadline=cycle.application_deadline,  # the current call's: publish_call copies it (Art. 15)
        applications=sum(counts.values()), undecided=counts.get(ApplicationStatus.REGISTERED, 0),
        drafts_awaiting_recommender=drafts_awaiting(cycle) if cycle.stage is Stage.APPLICATION else 0,
        accepted=counts.get(ApplicationStatus.ACCEPTED, 0),
        acceptance_notice=cycle_stages.NoticeFacts(notice.start_date, notice.end_date) if notice else None,
        **panels, **review_facts(cycle))


def drafts_awaiting(cycle: Cycle) -> int:
    """Issue 18: online applications of the cycle submitted to their recommender and not yet signed or declined."""
    return db.session.scalar(select(func.count()).select_from(ApplicationDraft).where(
        ApplicationDraft.cycle_id == cycle.id, ApplicationDraft.status == DraftStatus.AWAITING_RECOMMENDATION))


LATE_CONFLICT = N_("%(panel)s: %(expert)s has a conflict of interest with %(applicant)s found after the panel was "
                   "formed (%(rule)s, Art. 33); replace the expert.")


def stage_blockers(cycle: Cycle, counts: dict[ApplicationStatus, int] | None = None,
                   late: list | None = None) -> list[cycle_stages.Blocker]:
    """Why the cycle cannot move to its next stage: the domain's guards, and every conflict of interest found
    after a panel was formed (Art. 33), until the office replaces the member. `late`: late_conflicts(cycle), if
    the caller has it already."""
    blockers = cycle_stages.blockers_for_next(stage_facts(cycle, counts))
    if cycle.stage is Stage.CLOSED:
        return blockers
    for panel, member, application, findings in late_conflicts(cycle) if late is None else late:
        blockers.append(cycle_stages.Blocker(LATE_CONFLICT, {
            "panel": panel.name, "expert": member.expert.person.name, "applicant": application.organization.name,
            "rule": ", ".join(dict.fromkeys(finding.rule for finding in findings))}))
    return blockers


def review_facts(cycle: Cycle) -> dict:
    """What the moves through the document and on-site review need (Art. 18-20); only read once the cycle is
    that far."""
    from reviewapp.reviews.standing import review_rows  # the reviews' blueprints import this module: import here

    if cycle.stage in (Stage.PROPOSED_NOTICE, Stage.OBJECTIONS, Stage.APPROVAL):
        return award_facts(cycle)
    if cycle.stage not in (Stage.DOCUMENT_REVIEW, Stage.ONSITE_REVIEW, Stage.COMPREHENSIVE_EVALUATION):
        return {}
    rows = review_rows(cycle)
    return {"document_reports_missing": sum(1 for row in rows if not row.document.submitted),
            "onsite_list_confirmed": cycle.onsite_list_confirmed_at is not None,
            "onsite_reports_missing": sum(1 for row in rows if row.application.goes_onsite
                                          and not row.onsite.submitted),
            "comprehensive_reports_missing": sum(1 for row in rows if row.application.goes_onsite
                                                 and not row.comprehensive_submitted),
            "candidates_proposed": cycle.candidates_proposed_at is not None,
            "group_decision_recorded": _group_decided(cycle)}


def _group_decided(cycle: Cycle) -> bool:
    return db.session.scalar(select(GroupDecision.id).where(GroupDecision.cycle_id == cycle.id)) is not None


def award_facts(cycle: Cycle) -> dict:
    """What the moves from the proposed-winner notice to the close need (Art. 21-23)."""
    notice = current_notice(cycle, NoticeKind.PROPOSED_WINNERS)
    open_objections = db.session.scalar(select(func.count()).select_from(PublicSubmission).where(
        PublicSubmission.cycle_id == cycle.id, PublicSubmission.kind == SubmissionKind.OBJECTION,
        PublicSubmission.status.not_in([SubmissionStatus.UPHELD, SubmissionStatus.REJECTED])))
    return {"candidates_proposed": cycle.candidates_proposed_at is not None,
            "group_decision_recorded": _group_decided(cycle),
            "proposed_winner_notice": cycle_stages.NoticeFacts(notice.start_date, notice.end_date) if notice else None,
            "open_objections": open_objections, "approval_recorded": cycle.approved_on is not None}


def document_panel_facts(cycle: Cycle) -> dict[str, int]:
    """What the move to the document review needs to know about the cycle's document-review panels."""
    size = with_defaults(cycle.settings)["document_panel_size"]
    panels = db.session.scalars(select(Panel).where(Panel.cycle_id == cycle.id,
                                                    Panel.stage == PanelStage.DOCUMENT_REVIEW,
                                                    Panel.dissolved_at.is_(None))
                                .options(selectinload(Panel.members), selectinload(Panel.applicants))).all()
    on_panels = {entry.application_id for panel in panels for entry in panel.applicants}
    accepted = set(db.session.scalars(select(Application.id).where(
        Application.cycle_id == cycle.id, Application.status == ApplicationStatus.ACCEPTED)))
    return {"without_document_panel": len(accepted - on_panels),
            "panels_without_leader": sum(1 for p in panels if p.leader is None),
            "panels_off_size": sum(1 for p in panels if len(p.members) != size)}


def dashboard_rows() -> list[dict]:
    """Each cycle with its counts and what blocks its next stage."""
    counts = status_counts()
    rows = []
    for cycle in all_cycles():
        cycle_counts = counts.get(cycle.id, {})
        late = late_conflicts(cycle) if cycle.stage is not Stage.CLOSED else []
        rows.append({"cycle": cycle, "counts": cycle_counts, "total": sum(cycle_counts.values()),
                     "blockers": stage_blockers(cycle, cycle_counts, late), "late_conflicts": len(late)})
    return rows


def applications_of(cycle: Cycle) -> list[Application]:
    return list(db.session.scalars(select(Application).where(Application.cycle_id == cycle.id)
                                   .options(selectinload(Application.organization),
                                            selectinload(Application.corrections))  # issue 18: sent back (Art. 16)
                                   .order_by(Application.number)))


def holiday_schedules() -> list[HolidaySchedule]:
    return list(db.session.scalars(select(HolidaySchedule).order_by(HolidaySchedule.year)))


def notices_to_publish() -> list[tuple[Cycle, NoticeKind]]:
    """Issue 17: each cycle's acceptance or proposed-winner notice that its stage calls for and that is not
    published yet (the publishing itself checks every rule again)."""
    wanted = {Stage.ACCEPTANCE_REVIEW: NoticeKind.ACCEPTANCE, Stage.PROPOSED_NOTICE: NoticeKind.PROPOSED_WINNERS}
    cycles = db.session.scalars(select(Cycle).where(Cycle.stage.in_(list(wanted))).order_by(Cycle.year, Cycle.id))
    return [(cycle, wanted[cycle.stage]) for cycle in cycles if current_notice(cycle, wanted[cycle.stage]) is None]


def notices_in_force() -> list[Notice]:
    """Issue 17: the notices not withdrawn whose period has not ended, of every cycle (withdrawable or not)."""
    return list(db.session.scalars(select(Notice).where(Notice.withdrawn_at.is_(None), Notice.end_date >= city_today())
                                   .options(selectinload(Notice.cycle)).order_by(Notice.start_date, Notice.id)))
