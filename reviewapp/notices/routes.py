"""Public notices: readable by anyone, no login (Art. 14, 16, 21)."""
from flask import Blueprint, render_template
from sqlalchemy import select

from reviewapp.city_calendar import city_today
from reviewapp.extensions import db
from reviewapp.models import Cycle, Notice, NoticeKind, Stage
from reviewapp.permissions import public

bp = Blueprint("notices", __name__)


def latest_notices(limit: int | None = None) -> list[Notice]:
    return list(db.session.scalars(select(Notice).order_by(Notice.start_date.desc(), Notice.id.desc()).limit(limit)))


def open_calls() -> list[Notice]:
    """Art. 14: the calls in force while their cycle takes applications, for the front page."""
    today = city_today()
    calls = db.session.scalars(
        select(Notice).join(Cycle, Notice.cycle_id == Cycle.id)
        .where(Notice.kind == NoticeKind.CALL, Notice.withdrawn_at.is_(None), Notice.end_date >= today,
               Cycle.stage.in_([Stage.ANNOUNCEMENT, Stage.APPLICATION]))
        .order_by(Notice.id.desc()))
    return [call for call in calls if call.superseded_by is None]


@bp.route("/")
@public
def index():
    return render_template("notices/index.html", notices=latest_notices(), today=city_today())


@bp.route("/<int:notice_id>")
@public
def show(notice_id: int):
    return render_template("notices/show.html", notice=db.get_or_404(Notice, notice_id), today=city_today())
