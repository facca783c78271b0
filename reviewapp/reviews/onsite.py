"""From the document review to the site (Art. 18, 19): the office's confirmed on-site list, the visit plan and the
issues the panel checks on site, each resolved before the on-site report can go."""
from datetime import date

from sqlalchemy import select, update

from reviewapp import audit
from reviewapp.domain.i18n import N_
from reviewapp.extensions import db
from reviewapp.models import (Cycle, PanelApplicant, PanelReport, PanelStage, SiteIssue, SiteIssueKind,
                              SiteIssueResolution, SiteVisit, Stage)
from reviewapp.models.base import utcnow
from reviewapp.reviews.operations import Refused, StaleSave
from reviewapp.reviews.queries import ReviewRow


class ListProblems(Exception):
    def __init__(self, problems: list[tuple[str, dict]]):
        super().__init__(problems[0][0])
        self.problems = problems


def onsite_list_problems(rows: list[ReviewRow], choices: dict[int, bool], notes: dict[int, str]
                         ) -> list[tuple[str, dict]]:
    """Art. 18: the list follows the panels' submitted reports; where the office departs from a panel's
    recommendation it writes why; an applicant already on an on-site panel cannot be taken off the list."""
    problems = []
    waiting = [row for row in rows if not row.document.submitted]
    if waiting:
        problems.append((N_("%(n)s document-review report(s) are not submitted yet (%(names)s)."),
                         {"n": len(waiting), "names": "、".join(r.application.organization.name for r in waiting)}))
    for row in rows:
        if not row.document.submitted:
            continue
        chosen, name = choices.get(row.application.id, False), row.application.organization.name
        if chosen != row.document.report.recommend and not notes.get(row.application.id, "").strip():
            problems.append((N_("%(name)s: the list departs from the panel's recommendation; write why."),
                             {"name": name}))
        if not chosen and row.onsite.panel is not None and row.onsite.panel.active:
            problems.append((N_("%(name)s is already on the on-site panel %(panel)s; take it off the panel first."),
                             {"name": name, "panel": row.onsite.panel.name}))
    return problems


def confirm_onsite_list(cycle: Cycle, rows: list[ReviewRow], choices: dict[int, bool], notes: dict[int, str],
                        acting) -> None:
    if cycle.stage is not Stage.DOCUMENT_REVIEW:
        raise Refused(N_("The on-site list is confirmed during the document review (Art. 18)."))
    problems = onsite_list_problems(rows, choices, notes)
    if problems:
        raise ListProblems(problems)
    for row in rows:
        application = row.application
        application.goes_onsite = choices.get(application.id, False)
        application.onsite_note = notes.get(application.id, "").strip() or None
    cycle.onsite_list_confirmed_at, cycle.onsite_list_confirmed_by_id = utcnow(), acting.id
    audit.record("onsite_list_confirmed", cycle, user=acting, details={
        "onsite": [r.application.number for r in rows if r.application.goes_onsite],
        "not_onsite": [r.application.number for r in rows if not r.application.goes_onsite]})
    db.session.commit()
