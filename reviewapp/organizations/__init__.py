from flask import Blueprint

bp = Blueprint("organizations", __name__)

from reviewapp.organizations import routes  # noqa: E402,F401
