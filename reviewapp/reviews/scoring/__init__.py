"""The expert's score sheets (Art. 17-19), document and on-site review, and the office's view and reopening of them."""
from flask import Blueprint

bp = Blueprint("scoring", __name__)

from reviewapp.reviews.scoring import exports, routes  # noqa: E402,F401
