from flask import Blueprint

bp = Blueprint("graph", __name__)

from reviewapp.graph import routes  # noqa: E402,F401
