from flask_babel import lazy_gettext as _l
from wtforms import RadioField, SubmitField

from reviewapp.forms import AppForm, choices

ALL, ESSENTIAL_ONLY = "all", "essential"


class MailChoiceForm(AppForm):
    """Issue 16: every notice by mail too, or only those a rule requires (the rest in the in-app list)."""
    choice = RadioField(_l("Mails"), choices=choices([
        (ALL, _l("Every notice by mail as well")),
        (ESSENTIAL_ONLY, _l("By mail only what the rules require (seats on a panel, conflicts); the rest here"))]),
        default=ALL)
    submit = SubmitField(_l("Save"))
