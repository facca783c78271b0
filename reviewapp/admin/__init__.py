from flask import Blueprint

bp = Blueprint("admin", __name__)

from reviewapp.admin import routes  # noqa: E402,F401
