from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.duplicates import operations, queries
from reviewapp.duplicates.forms import ConfirmForm, DismissForm, MergeForm, UndoForm
from reviewapp.errors import flashing_refusals
from reviewapp.extensions import db
from reviewapp.models import EntityMerge, Role
from reviewapp.permissions import require_role

bp = Blueprint("duplicates", __name__)


@bp.route("/")
@require_role(Role.OFFICE)
def index():
    cycles = queries.open_cycles()
    return render_template(
        "duplicates/index.html", pairs=queries.duplicate_pairs(),
        possible={cycle: queries.possible_conflicts(cycle) for cycle in cycles}, history=queries.merge_history(),
        merge_form=MergeForm(), dismiss_form=DismissForm(), confirm_form=ConfirmForm(), undo_form=UndoForm())


@bp.route("/merge", methods=["POST"])
@require_role(Role.OFFICE)
def merge():
    form = MergeForm()
    if form.validate_on_submit() and form.kind.data in operations.MODELS:
        with flashing_refusals() as outcome:
            operations.merge(form.kind.data, form.survivor_id.data, form.merged_id.data, current_user)
        if outcome.done:
            flash(_("Merged. The relations now belong to the one kept; the merge can be undone below."), "success")
    return redirect(url_for("duplicates.index"))


@bp.route("/merges/<int:merge_id>/undo", methods=["POST"])
@require_role(Role.OFFICE)
def undo(merge_id: int):
    record = db.get_or_404(EntityMerge, merge_id)
    if UndoForm().validate_on_submit():
        with flashing_refusals() as outcome:
            operations.undo_merge(record, current_user)
        if outcome.done:
            flash(_("The merge has been undone."), "success")
    return redirect(url_for("duplicates.index"))


@bp.route("/dismiss", methods=["POST"])
@require_role(Role.OFFICE)
def dismiss():
    form = DismissForm()
    if form.validate_on_submit():
        operations.dismiss(form.key.data, form.fingerprint.data, form.reason.data, current_user)
        flash(_("Dismissed. It comes back only if the data behind it changes."), "success")
    else:
        flash(_("Give a reason to dismiss a suggestion."), "danger")
    return redirect(url_for("duplicates.index"))


@bp.route("/confirm", methods=["POST"])
@require_role(Role.OFFICE)
def confirm():
    form = ConfirmForm()
    if form.validate_on_submit():
        current = {p.key: p for cycle in queries.open_cycles() for p in queries.possible_conflicts(cycle)}
        suggestion = current.get(form.key.data)
        if suggestion is None:
            flash(_("This suggestion is no longer current."), "warning")
        else:
            operations.confirm_possible_conflict(suggestion.expert, suggestion.relation, suggestion.member,
                                                 current_user)
            flash(_("Recorded: %(expert)s works at %(org)s.", expert=suggestion.expert.name,
                    org=suggestion.member.name), "success")
    return redirect(url_for("duplicates.index"))
