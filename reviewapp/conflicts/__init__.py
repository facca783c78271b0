from flask import Blueprint

bp = Blueprint("conflicts", __name__)

from reviewapp.conflicts import routes  # noqa: E402,F401
