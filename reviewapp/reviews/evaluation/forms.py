from flask_babel import lazy_gettext as _l
from wtforms import SubmitField

from reviewapp.forms import AppForm


class CandidatesForm(AppForm):
    """The level per applicant (level-<id>: "", "award" or "nomination") is read by the view from the ranking."""

    submit = SubmitField(_l("Propose the candidate list"))
