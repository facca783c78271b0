from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, HiddenField, IntegerField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm


class DeclarationForm(AppForm):
    """The applicants marked as conflicted come as conflict-<id> / reason-<id> pairs (one per applicant)."""

    agree = BooleanField(_l("I have read the declaration and undertake to abide by it"),
                         validators=[DataRequired(message=_l("Tick the box to sign the declaration."))])
    submit = SubmitField(_l("Sign the declaration"))


def marked_conflicts(formdata, application_ids) -> tuple[dict[int, str], list[int]]:
    """(application id -> reason) for every ticked applicant, and the ids ticked without a reason."""
    conflicts, missing = {}, []
    for application_id in application_ids:
        if formdata.get(f"conflict-{application_id}"):
            reason = (formdata.get(f"reason-{application_id}") or "").strip()[:limits.DECLARED_INTEREST]
            if reason:
                conflicts[application_id] = reason
            else:
                missing.append(application_id)
    return conflicts, missing


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


class NewPanelForm(AppForm):
    # stripped first: a name of spaces is no name, and the length counts what is stored
    name = StringField(_l("Panel name"), filters=[_stripped],
                       validators=[DataRequired(message=_l("Give the panel a name.")),
                                   Length(max=100, message=_l("The panel name may have at most %(max)d characters."))])
    submit = SubmitField(_l("Create panel"))


class MemberForm(AppForm):
    expert_id = SelectField(_l("Expert"), coerce=int)
    as_leader = BooleanField(_l("As leader"))
    version = HiddenField()
    submit = SubmitField(_l("Add"))


class ApplicantForm(AppForm):
    application_id = SelectField(_l("Applicant"), coerce=int)
    version = HiddenField()
    submit = SubmitField(_l("Add"))


class PanelActionForm(AppForm):
    """Remove a member or an applicant, make a member leader, dissolve: a button with the panel's version."""

    version = HiddenField()
    submit = SubmitField()


# A longer search runs in the request while the office waits: bounded well under gunicorn's default worker timeout
# (30 s), which would otherwise kill the worker mid-search and show the office a proxy error.
SEARCH_SECONDS = (1, 20)
LONGER_SEARCH = 10  # the form's suggestion


class ProposeForm(AppForm):
    # empty: the ordinary search (well under a second at province scale); a number: search for up to that long
    seconds = IntegerField(_l("Search for up to (seconds)"), validators=[
        Optional(), NumberRange(*SEARCH_SECONDS, message=_l("Give a search time of 1 to 20 seconds."))])
    submit = SubmitField(_l("Propose panels automatically"))


class ReplaceForm(AppForm):
    applicant = HiddenField(validators=[DataRequired()])
    seat = HiddenField(validators=[DataRequired()])
    expert_id = SelectField(_l("Replace with"), coerce=int)
    submit = SubmitField(_l("Replace"))
