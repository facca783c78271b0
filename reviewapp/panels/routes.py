from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.extensions import db
from reviewapp.models import Cycle, Role, Stage
from reviewapp.panels import bp, operations, queries
from reviewapp.panels.declaration import DECLARATION_TEXT, DECLARATION_VERSION
from reviewapp.panels.forms import DeclarationForm, marked_conflicts
from reviewapp.permissions import require_role


@bp.route("/declaration/<int:cycle_id>", methods=["GET", "POST"])
@require_role(Role.EXPERT)
def declaration(cycle_id: int):
    cycle = db.get_or_404(Cycle, cycle_id)
    expert = queries.expert_of(current_user)
    if expert is None or cycle.stage is Stage.CLOSED:
        abort(404)
    existing = queries.signed(cycle, expert)
    applications = queries.cycle_applicant_names(cycle)
    form = DeclarationForm()
    missing = []
    if existing is None and form.validate_on_submit():
        conflicts, missing = marked_conflicts(request.form, [a.id for a in applications])
        if not missing:
            operations.sign_declaration(cycle, expert, conflicts, current_user)
            flash(_("Declaration signed. %(n)s conflict(s) declared.", n=len(conflicts)), "success")
            return redirect(url_for("main.index"))
        flash(_("Give a reason for each applicant you marked."), "danger")
    return render_template("panels/declaration.html", cycle=cycle, form=form, applications=applications,
                           existing=existing, missing=missing, text=DECLARATION_TEXT, version=DECLARATION_VERSION)
