from flask import Blueprint

bp = Blueprint("submissions", __name__)

from reviewapp.submissions import routes  # noqa: E402,F401
