"""Issue 16: who hears of the review's work coming back or being complete, in the caller's transaction. The notices
name the stage and the cycle only: the applicant and the scores stay on the page the link opens."""
from reviewapp.models import Panel, PanelStage, ScoreSheet
from reviewapp.notifications.operations import notify
from reviewapp.notifications.rendering import app_path
from reviewapp.reviews.panel_sheets import consolidate


def _tell_leader(panel: Panel | None, kind: str, link: str, **params) -> None:
    leader = panel.leader if panel is not None else None
    user = leader.expert.person.user if leader is not None else None
    if user is not None:
        notify(user, kind, link, cycle=panel.cycle.name, **params)


def sheet_reopened(sheet: ScoreSheet) -> None:
    user = sheet.expert.person.user
    if user is not None:
        notify(user, "sheet_reopened", app_path("scoring.sheet", application_id=sheet.application_id,
                                                stage=sheet.stage.value),
               stage=sheet.stage, cycle=sheet.application.cycle.name)


def report_reopened(panel: Panel | None, application_id: int, stage: PanelStage) -> None:
    _tell_leader(panel, "report_reopened",
                 app_path("reports.consolidate_report", application_id=application_id, stage=stage.value),
                 stage=stage)


def comprehensive_reopened(panel: Panel | None, application_id: int) -> None:
    _tell_leader(panel, "comprehensive_reopened",
                 app_path("reports.comprehensive", application_id=application_id))


def sheet_submitted(sheet: ScoreSheet) -> None:
    """Art. 18 (组长负责制): the leader hears when the last counted sheet of the panel for the applicant is in."""
    view = consolidate(sheet.application, sheet.stage)
    if view is not None and view.counted and not view.missing:
        _tell_leader(view.panel, "sheets_all_in",
                     app_path("reports.consolidate_report", application_id=sheet.application_id,
                              stage=sheet.stage.value),
                     stage=sheet.stage)
