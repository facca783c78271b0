from flask import Blueprint, abort, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from reviewapp.permissions import login_required, may_read_guide, public

bp = Blueprint("help", __name__)

# The guides, in the order of the tabs; each is templates/help/<language>/<guide>.html
GUIDES = {"office": _l("Office"), "expert": _l("Experts"), "leader": _l("Panel leaders"),
          "leading_group": _l("Leading group"), "public": _l("The public")}
ROLE_GUIDES = "any(office,expert,leader,leading_group)"


def _render(guide: str):
    language = "en" if str(get_locale()) == "en" else "zh"
    readable = [key for key in GUIDES if may_read_guide(current_user, key)]
    return render_template("help/page.html", guide=guide, guides=GUIDES, readable=readable,
                           body=f"help/{language}/{guide}.html")


@bp.route("/")
@public
def index():
    """The reader's own guide first: the first of their roles', else the public's."""
    first = next((key for key in GUIDES if key != "public" and may_read_guide(current_user, key)), "public")
    return redirect(url_for("help.guide", guide=first) if first != "public" else url_for("help.public_guide"))


@bp.route("/public")
@public
def public_guide():
    return _render("public")


@bp.route(f"/<{ROLE_GUIDES}:guide>")
@login_required
def guide(guide: str):
    if not may_read_guide(current_user, guide):
        abort(403)
    return _render(guide)
