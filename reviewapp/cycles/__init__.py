from flask import Blueprint

bp = Blueprint("cycles", __name__)

from reviewapp.cycles import routes  # noqa: E402,F401
