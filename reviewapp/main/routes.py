from flask import Blueprint, render_template
from flask_login import current_user

from reviewapp.accounts.queries import organization_home
from reviewapp.auth.queries import failed_login_bursts
from reviewapp.city_calendar import city_today
from reviewapp.cycles.queries import dashboard_rows
from reviewapp.experts.history import own_past_sheets
from reviewapp.leading.queries import member_home
from reviewapp.main.todo import office_todo
from reviewapp.models import Role, Stage
from reviewapp.models.base import utcnow
from reviewapp.online import queries as online_queries
from reviewapp.panels import queries as panel_queries
from reviewapp.permissions import applicant_organization, login_required, recommender_organization, role_home_sections
from reviewapp.submissions.operations import evidence_usage

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def index():
    """One home page; it shows a section for each role the user holds. (A visitor not logged in is sent to the
    login page, which shows what the public may do: permissions.enforce_access.)"""
    sections = role_home_sections(current_user)
    office = Role.OFFICE in sections
    rows = dashboard_rows() if office else []
    return render_template("main/index.html", sections=sections, office_dashboard=rows,
                           office_todo=office_todo(rows, city_today()) if office else [],
                           failed_logins=failed_login_bursts(utcnow()) if office else None,
                           evidence_usage=evidence_usage() if office else None,
                           expert_home=_expert_home() if Role.EXPERT in sections else None,
                           group_home=member_home(current_user) if Role.LEADING_GROUP in sections else None,
                           organization_home=organization_home(current_user),  # issue 18
                           online_home=_online_home(sections))


def _online_home(sections) -> dict | None:
    """Issue 18: an applicant's online application in the open cycle; a recommender's drafts awaiting its opinion."""
    if Role.APPLICANT in sections:
        return online_queries.home_part(applicant_organization(current_user))
    if Role.RECOMMENDER in sections:
        organization = recommender_organization(current_user)
        return {"drafts": online_queries.drafts_naming(organization) if organization else []}
    return None


def _expert_home() -> dict:
    """Open cycles (with whether the expert signed their declaration) and the expert's active seats: the cycles,
    the seats with their statuses, the graph version (conflicts) and the past sheets: with the user, three queries
    (issue 19)."""
    mine = panel_queries.cycles_of_user(current_user)  # first: the seats' cycles then come from the identity map
    found = panel_queries.seats_of_user(current_user)
    expert = found.expert
    if expert is None:
        return {"cycles": [], "signed": set(), "assignments": [], "history": []}
    signed = {cycle.id for cycle, is_signed in mine.cycles if is_signed}
    # an applicant the expert turned out to be conflicted with disappears from their list at once (Art. 33)
    visible = panel_queries.visible_applicants(expert, found.seats, signed)
    current = {(entry.application_id, seat.panel.stage) for seat in found.seats for entry in seat.panel.applicants
               if entry.application_id in visible}
    return {"cycles": [cycle for cycle, _signed in mine.cycles if cycle.stage is not Stage.CLOSED], "signed": signed,
            "assignments": found.seats, "visible": visible, "history": own_past_sheets(expert, mine.submitted, current),
            "sheets": found.sheets, "reports": found.reports}
