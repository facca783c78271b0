from flask import Blueprint

bp = Blueprint("panels", __name__)

from reviewapp.panels import routes  # noqa: E402,F401
