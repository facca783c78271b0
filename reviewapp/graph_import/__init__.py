from flask import Blueprint

bp = Blueprint("graph_import", __name__)

from reviewapp.graph_import import routes  # noqa: E402,F401
