"""Bulk import of the affiliation graph (issue #4): download the template, upload, dry run, import."""
from io import BytesIO

from flask import Blueprint, flash, redirect, render_template, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from reviewapp.domain.coi.graph_workbook import template_workbook
from reviewapp.domain.files import XLSX
from reviewapp.extensions import db
from reviewapp.graph_import import operations
from reviewapp.import_uploads import ConfirmForm, UploadForm, confirmed_upload, read_upload
from reviewapp.models import RelationType, Role
from reviewapp.permissions import require_role

bp = Blueprint("graph_import", __name__)


TEMPLATE_NAME = "关系导入模板.xlsx"
SHOWN_ROWS = 500  # of each list in the preview; the counts are always complete


@bp.route("/")
@require_role(Role.OFFICE)
def index():
    return render_template("graph_import/index.html", form=UploadForm(), checked=None)


@bp.route("/template.xlsx")
@require_role(Role.OFFICE)
def template():
    return send_file(BytesIO(template_workbook()), mimetype=XLSX.mimetype, as_attachment=True,
                     download_name=TEMPLATE_NAME)


def _report(checked, form=None, status=200):
    confirm = ConfirmForm(formdata=None, sha256=checked.sha256, filename=checked.filename) if checked else None
    return render_template("graph_import/index.html", form=form or UploadForm(formdata=None), checked=checked,
                           confirm=confirm, shown_rows=SHOWN_ROWS,
                           type_labels={t.value: t.label for t in RelationType}), status


@bp.route("/check", methods=["POST"])
@require_role(Role.OFFICE)
def check():
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("graph_import/index.html", form=form, checked=None), 422
    upload = read_upload(form)
    if upload is None:
        return render_template("graph_import/index.html", form=form, checked=None), 422
    filename, data = upload
    if not form.dry_run.data:
        return _import(data, filename)
    checked = operations.check(data, filename)
    return _report(checked, status=200 if checked.plan.ok else 422)


@bp.route("/run", methods=["POST"])
@require_role(Role.OFFICE)
def run():
    form = ConfirmForm()
    data = confirmed_upload(form)
    if data is None:
        return redirect(url_for("graph_import.index"))
    return _import(data, form.filename.data or "")


def _import(data: bytes, filename: str):
    try:
        checked = operations.import_file(data, filename, current_user)
    except operations.Invalid as invalid:
        flash(_("Nothing was imported: the file has problems."), "danger")
        return _report(invalid.checked, status=422)
    except IntegrityError:
        db.session.rollback()
        flash(_("Nothing was imported: the graph changed while the file was being imported. Check it again."),
              "danger")
        return redirect(url_for("graph_import.index"))
    changes = checked.preview
    if changes.changes_nothing:
        flash(_("Nothing to import: everything in %(filename)s is already in the graph.", filename=checked.filename),
              "info")
    else:
        flash(_("%(filename)s imported: %(entities)s new entities and %(relations)s new relations; "
                "%(matched)s entities and %(present)s relations were already there.",
                filename=checked.filename, entities=len(changes.new_entities), relations=len(changes.new_relations),
                matched=len(changes.matched_entities), present=len(changes.present_relations)), "success")
    return redirect(url_for("graph_import.index"))
