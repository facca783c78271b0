"""What the score sheet pages read."""
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from reviewapp.extensions import db
from reviewapp.models import Application, Cycle, Expert, PanelReport, PanelStage, ScoreSheet, SheetStatus


def sheet_for(application: Application, expert: Expert, stage: PanelStage) -> ScoreSheet:
    """The expert's sheet; before its first save a blank one that is not in the database, so that opening the page
    neither starts a draft nor stamps a save time."""
    sheet = db.session.scalar(select(ScoreSheet).where(ScoreSheet.application_id == application.id,
                                                       ScoreSheet.expert_id == expert.id,
                                                       ScoreSheet.stage == stage))
    return sheet if sheet is not None else blank_sheet(application, expert, stage)


def blank_sheet(application: Application, expert: Expert, stage: PanelStage) -> ScoreSheet:
    """A sheet before its first save: not in the database (not added to the session)."""
    return ScoreSheet(application=application, expert=expert, stage=stage, percents={}, strengths={},
                      opportunities={}, comment=None, status=SheetStatus.DRAFT, saved_at=None, version=1)


def sheets_on_record(application: Application) -> list[ScoreSheet]:
    """Every sheet of the applicant, draft or submitted, by stage, with its expert."""
    return list(db.session.scalars(
        select(ScoreSheet).where(ScoreSheet.application_id == application.id)
        .options(selectinload(ScoreSheet.expert).selectinload(Expert.person))
        .order_by(ScoreSheet.stage, ScoreSheet.id)))


def cycle_sheets(cycle: Cycle) -> list[ScoreSheet]:
    """Every sheet of the cycle, draft or submitted, with its applicant and expert, by applicant number."""
    return list(db.session.scalars(
        select(ScoreSheet).join(Application).where(Application.cycle_id == cycle.id)
        .options(selectinload(ScoreSheet.application).selectinload(Application.organization),
                 selectinload(ScoreSheet.expert).selectinload(Expert.person))
        .order_by(Application.number, ScoreSheet.id)))


def cycle_reports(cycle: Cycle) -> list[PanelReport]:
    """Every report of the cycle, with its applicant and panel, by applicant number."""
    return list(db.session.scalars(
        select(PanelReport).join(Application).where(Application.cycle_id == cycle.id)
        .options(selectinload(PanelReport.application).selectinload(Application.organization),
                 selectinload(PanelReport.panel))
        .order_by(Application.number)))
