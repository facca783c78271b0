from flask import Blueprint

bp = Blueprint("auth", __name__)

from reviewapp.auth import routes  # noqa: E402,F401  (registers the views on bp)
from reviewapp.auth import second_factor_routes  # noqa: E402,F401
