from flask import Blueprint

bp = Blueprint("leading", __name__)

from reviewapp.leading import routes  # noqa: E402,F401
