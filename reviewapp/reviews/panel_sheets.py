"""What the panel leader consolidates (组长负责制, Art. 18, 19): the panel's members and their submitted sheets for
one applicant and stage, which members are excluded and why, and the rows of the domain's consolidation.

Exclusion is decided here once, and every aggregate (the leader's rows, the report's rule on missing sheets,
reviewer calibration) takes it from here: a member found in conflict after the assignment (Art. 33) or
disqualified keeps their sheet on record, shown greyed, but it never counts."""
from dataclasses import dataclass, field

from flask import has_request_context
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.conflicts import service
from reviewapp.domain import consolidation
from reviewapp.domain.coi import load_policy
from reviewapp.domain.cycle_settings import with_defaults
from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import Standard, load_standard
from reviewapp.extensions import db
from reviewapp.models import (
    Application,
    Expert,
    ExpertStatus,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelStage,
    ScoreSheet,
    SheetStatus,
)


@dataclass
class Consolidation:
    application: Application
    stage: PanelStage
    panel: Panel
    standard: Standard
    members: list[PanelMember]
    sheets: dict[int, ScoreSheet]                 # expert id -> submitted sheet
    excluded: dict[int, tuple[str, dict]]         # expert id -> why their sheet does not count
    rows: list[consolidation.ItemRow] = field(default_factory=list)

    @property
    def counted(self) -> list[PanelMember]:
        return [m for m in self.members if m.expert_id not in self.excluded]

    @property
    def missing(self) -> list[PanelMember]:
        """Counted members whose sheet is not submitted yet (Art. 18: the report needs them all)."""
        return [m for m in self.counted if m.expert_id not in self.sheets]

    def counted_sheets(self) -> dict[int, ScoreSheet]:
        return {expert_id: sheet for expert_id, sheet in self.sheets.items() if expert_id not in self.excluded}


def reviewing_panel(application: Application, stage: PanelStage) -> Panel | None:
    """The panel that reviews (or reviewed, if since dissolved) the applicant at this stage: the newest one."""
    return db.session.scalar(
        select(Panel).join(PanelApplicant, PanelApplicant.panel_id == Panel.id)
        .where(PanelApplicant.application_id == application.id, PanelApplicant.stage == stage)
        .order_by(Panel.dissolved_at.is_not(None), Panel.id.desc()).limit(1)
        .options(selectinload(Panel.members).selectinload(PanelMember.expert).selectinload(Expert.person)))


def exclusion_of(member: PanelMember, application: Application) -> tuple[str, dict] | None:
    expert = member.expert
    if expert.status is ExpertStatus.DISQUALIFIED:
        return N_("%(expert)s has been disqualified (Art. 33); the sheet is kept but not counted."), \
            {"expert": expert.person.name}
    findings = service.conflicts_between(application.cycle, expert.person_id, application.organization_id)
    if findings:
        return N_("%(expert)s has a conflict of interest with the applicant found after the assignment "
                  "(%(rule)s, Art. 33); the sheet is kept but not counted."), \
            {"expert": expert.person.name, "rule": _rule_name(application, findings[0].rule)}
    return None


def _rule_name(application: Application, rule_id: str) -> str:
    """「R7 申报或认定的回避」: the rule's id with its title, which a leader can read; the bare id says nothing."""
    rule = load_policy(application.cycle.coi_policy_version).rule(rule_id)
    english = has_request_context() and str(get_locale()) == "en"  # Chinese outside a request (exports, CLI)
    return f"{rule.id} {rule.title_en if english else rule.title}"


def submitted_sheets(application: Application, stage: PanelStage, expert_ids) -> dict[int, ScoreSheet]:
    sheets = db.session.scalars(select(ScoreSheet).where(
        ScoreSheet.application_id == application.id, ScoreSheet.stage == stage,
        ScoreSheet.status == SheetStatus.SUBMITTED, ScoreSheet.expert_id.in_(list(expert_ids))))
    return {sheet.expert_id: sheet for sheet in sheets}


def consolidate(application: Application, stage: PanelStage, panel: Panel | None = None) -> Consolidation | None:
    panel = panel or reviewing_panel(application, stage)
    if panel is None:
        return None
    standard = load_standard(application.cycle.standard_version)
    members = list(panel.members)
    excluded = {m.expert_id: why for m in members if (why := exclusion_of(m, application)) is not None}
    sheets = submitted_sheets(application, stage, [m.expert_id for m in members])
    result = Consolidation(application, stage, panel, standard, members, sheets, excluded)
    threshold = with_defaults(application.cycle.settings)["spread_threshold"]
    result.rows = consolidation.rows(
        [item.code for item in standard.items],
        {str(expert_id): sheet.percents for expert_id, sheet in sheets.items()},
        {str(expert_id) for expert_id in excluded}, threshold, standard.percent_step)
    return result
