from flask import render_template
from flask_login import current_user

from reviewapp.cycles.queries import dashboard_rows
from reviewapp.main import bp
from reviewapp.models import Role
from reviewapp.permissions import login_required, role_home_sections


@bp.route("/")
@login_required
def index():
    """One home page; it shows a section for each role the user holds."""
    sections = role_home_sections(current_user)
    return render_template("main/index.html", sections=sections,
                           office_dashboard=dashboard_rows() if Role.OFFICE in sections else [])
