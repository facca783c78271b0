from flask import render_template
from flask_login import current_user

from reviewapp.main import bp
from reviewapp.permissions import login_required, role_home_sections


@bp.route("/")
@login_required
def index():
    """One home page; it shows a section for each role the user holds."""
    return render_template("main/index.html", sections=role_home_sections(current_user))
