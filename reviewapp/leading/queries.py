"""Read-side of the leading group's review (Art. 20, 21): the cycles with a candidate list, the group's decision,
the approved list as it stands, and whether a user sees the ranking blinded."""
from datetime import date

from sqlalchemy import case, select
from sqlalchemy.orm import selectinload

from reviewapp.city_calendar import city_date
from reviewapp.domain import deliberation
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    AwardKind,
    Candidate,
    Cycle,
    GroupDecision,
    GroupOpinion,
    ListChange,
    ListChangeSource,
    ListEntry,
    Role,
    User,
    UserRole,
)


def proposed_cycles() -> list[Cycle]:
    """The cycles whose candidate list went to the leading group, the latest first."""
    return list(db.session.scalars(select(Cycle).where(Cycle.candidates_proposed_at.is_not(None))
                                   .order_by(Cycle.year.desc(), Cycle.id.desc())))


def decisions_by_cycle(cycles) -> dict[int, GroupDecision]:
    ids = [cycle.id for cycle in cycles]
    if not ids:
        return {}
    return {d.cycle_id: d for d in db.session.scalars(select(GroupDecision).where(GroupDecision.cycle_id.in_(ids)))}


def decision_of(cycle: Cycle) -> GroupDecision | None:
    return db.session.scalar(select(GroupDecision).where(GroupDecision.cycle_id == cycle.id))


def blind_setting(cycle: Cycle) -> int:
    return with_defaults(cycle.settings)["blind_group_review"]


def proposed_on(cycle: Cycle) -> date | None:
    """The day in Benxi the candidate list was proposed."""
    return city_date(cycle.candidates_proposed_at) if cycle.candidates_proposed_at else None


LEVEL_ORDER = case((ListEntry.level == AwardKind.AWARD, 0), else_=1)


def approved_list(cycle: Cycle) -> list[ListEntry]:
    """The approved list as it stands (Art. 21, 22): the award first, then the nomination award, best score first."""
    return list(db.session.scalars(
        select(ListEntry).where(ListEntry.cycle_id == cycle.id)
        .options(selectinload(ListEntry.application).selectinload(Application.organization))
        .order_by(LEVEL_ORDER, ListEntry.combined_score.desc().nulls_last(), ListEntry.application_id)))


def group_changes(cycle: Cycle) -> list[ListChange]:
    """Where the group departed from the office's proposal, with the reasons."""
    return list(db.session.scalars(
        select(ListChange).where(ListChange.cycle_id == cycle.id, ListChange.source == ListChangeSource.GROUP)
        .options(selectinload(ListChange.application).selectinload(Application.organization))
        .order_by(ListChange.id)))


# --- the group's deliberation (Art. 6, 20, 21) ---------------------------------------------------------------------

def candidate_levels(cycle: Cycle) -> dict[int, str]:
    """The office's list as it stands: application id -> proposed level, the award first, best score first."""
    candidates = db.session.scalars(select(Candidate).where(Candidate.cycle_id == cycle.id).order_by(
        case((Candidate.level == AwardKind.AWARD, 0), else_=1), Candidate.combined_score.desc(),
        Candidate.application_id))
    return {c.application_id: c.level.value for c in candidates}


def opinions_of(cycle: Cycle, member: User | None = None) -> list[GroupOpinion]:
    query = select(GroupOpinion).where(GroupOpinion.cycle_id == cycle.id)
    if member is not None:
        query = query.where(GroupOpinion.member_id == member.id)
    return list(db.session.scalars(query.order_by(GroupOpinion.id)))


def as_rules(opinions) -> list[deliberation.Opinion]:
    return [deliberation.Opinion(member=o.member_id, key=o.application_id, level=o.level.value, vote=o.vote.value,
                                 comment=o.comment or "", submitted=o.submitted_at is not None) for o in opinions]


def group_members(cycle: Cycle, decision: GroupDecision | None) -> list[User]:
    """Who deliberates: the active members of the group (those who were members when the decision was recorded,
    once it is), and anyone who gave an opinion on the cycle since deactivated."""
    members = select(UserRole.user_id).where(UserRole.role == Role.LEADING_GROUP)
    current = User.active & User.id.in_(members)
    if decision is not None:
        current &= User.created_at <= decision.recorded_at
    gave = User.id.in_(select(GroupOpinion.member_id).where(GroupOpinion.cycle_id == cycle.id))
    return list(db.session.scalars(select(User).where(current | gave).order_by(User.display_name, User.id)))


def group_tally(cycle: Cycle, decision: GroupDecision | None) -> tuple[deliberation.Tally, list[User]]:
    members = group_members(cycle, decision)
    tally = deliberation.tally([m.id for m in members], candidate_levels(cycle), as_rules(opinions_of(cycle)))
    return tally, members


def deliberation_states(member: User, cycles) -> dict[int, str]:
    """Cycle id -> the member's state on its list (not_started, draft, submitted): the member's home."""
    return {cycle.id: deliberation.member_state(as_rules(opinions_of(cycle, member)), candidate_levels(cycle))
            for cycle in cycles}


def member_home(member: User) -> dict:
    """The member's home (Art. 6): the candidate lists waiting for their opinions (with their draft's state), and
    those they have submitted on."""
    cycles = proposed_cycles()
    decided = decisions_by_cycle(cycles)
    states = deliberation_states(member, cycles)
    waiting = [(c, states[c.id]) for c in cycles if c.id not in decided and states[c.id] != deliberation.SUBMITTED
               and c.stage.value == "comprehensive_evaluation"]
    submitted = [(c, decided.get(c.id)) for c in cycles if states[c.id] == deliberation.SUBMITTED]
    return {"waiting": waiting, "submitted": submitted}
