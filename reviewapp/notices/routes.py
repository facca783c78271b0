"""Public notices: readable by anyone, no login (Art. 16, 21)."""
from flask import Blueprint, render_template
from sqlalchemy import select

from reviewapp.city_calendar import city_today
from reviewapp.extensions import db
from reviewapp.models import Notice
from reviewapp.permissions import public

bp = Blueprint("notices", __name__)


def latest_notices(limit: int | None = None) -> list[Notice]:
    return list(db.session.scalars(select(Notice).order_by(Notice.start_date.desc(), Notice.id.desc()).limit(limit)))


@bp.route("/")
@public
def index():
    return render_template("notices/index.html", notices=latest_notices(), today=city_today())


@bp.route("/<int:notice_id>")
@public
def show(notice_id: int):
    return render_template("notices/show.html", notice=db.get_or_404(Notice, notice_id), today=city_today())
