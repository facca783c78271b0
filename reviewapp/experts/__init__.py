from flask import Blueprint

bp = Blueprint("experts", __name__)

from reviewapp.experts import routes  # noqa: E402,F401
