from flask import Blueprint

bp = Blueprint("duplicates", __name__)

from reviewapp.duplicates import routes  # noqa: E402,F401
