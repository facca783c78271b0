from flask import Blueprint

bp = Blueprint("reviews", __name__)

from reviewapp.reviews import calibration, exports, leader, office, ranking, routes  # noqa: E402,F401
