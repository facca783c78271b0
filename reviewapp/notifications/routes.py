"""The in-app notices of every logged-in user, and the office's view of the outbox (issue 16)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from reviewapp.extensions import db
from reviewapp.listing import page_arg
from reviewapp.models import Notification, OutboxStatus, Role
from reviewapp.notifications import operations, queries
from reviewapp.notifications.forms import ALL, ESSENTIAL_ONLY, MailChoiceForm
from reviewapp.permissions import login_required, require_role
from reviewapp.urls import is_safe_local_url

bp = Blueprint("notifications", __name__)
STATUSES = {status.value: status for status in OutboxStatus}


@bp.route("/")
@login_required
def index():
    choice = MailChoiceForm(choice=ESSENTIAL_ONLY if current_user.mail_essential_only else ALL)
    return render_template("notifications/index.html", page=queries.notifications_of(current_user, page_arg()),
                           choice_form=choice, has_address=queries.email_of(current_user) is not None)


@bp.route("/mail-choice", methods=["POST"])
@login_required
def mail_choice():
    form = MailChoiceForm()
    if form.validate_on_submit():
        operations.set_mail_choice(current_user._get_current_object(), form.choice.data == ESSENTIAL_ONLY)
        flash(_("Your choice of mails is saved."), "success")
    else:
        flash(_("Choose one of the two."), "danger")
    return redirect(url_for("notifications.index") + "#mail-choice")


@bp.route("/<int:notice_id>/read", methods=["POST"])
@login_required
def read(notice_id: int):
    """Marks one of the user's notices read; with `open`, goes on to the page it links to."""
    notice = db.get_or_404(Notification, notice_id)
    if notice.user_id != current_user.id:
        abort(404)
    operations.mark_read(current_user, notice.id)
    if request.form.get("open") and is_safe_local_url(notice.link):
        return redirect(notice.link)
    return redirect(url_for("notifications.index", page=page_arg()))


@bp.route("/read-all", methods=["POST"])
@login_required
def read_all():
    operations.mark_all_read(current_user)
    return redirect(url_for("notifications.index"))


@bp.route("/outbox")
@require_role(Role.OFFICE)
def outbox():
    status = STATUSES.get(request.args.get("status", ""))  # an unknown status shows every message
    return render_template("notifications/outbox.html", page=queries.outbox(status, page_arg()), status=status,
                           counts=queries.outbox_counts(), statuses=list(OutboxStatus))
