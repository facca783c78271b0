from flask_babel import lazy_gettext as _l
from wtforms import (
    DateField,
    FormField,
    HiddenField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from reviewapp.domain import limits
from reviewapp.domain.cycle_settings import BASIS, MAX_AWARDS, MAX_NOMINATIONS, SETTINGS, YES_NO_SETTINGS
from reviewapp.domain.standard import AVAILABLE_VERSIONS, DEFAULT_VERSION
from reviewapp.forms import AppForm, IntegerField, SubForm, choices


def _setting_field(name: str, default: int, low: int, high: int, label: str):
    """A yes-or-no setting is a choice of 是/否 (stored as 1 or 0); any other an integer within its range. The help
    text is the setting's basis: its article, or that the rules do not set it (issue 15)."""
    if name in YES_NO_SETTINGS:
        return SelectField(_l(label), choices=choices([(1, _l("Yes")), (0, _l("No"))]), coerce=int, default=default,
                           description=_l(BASIS[name]))
    return IntegerField(_l(label), validators=[InputRequired(), NumberRange(low, high)], default=default,
                        description=_l(BASIS[name]))


def _settings_form():
    """One field per cycle setting, with the setting's own range."""
    fields = {name: _setting_field(name, *spec) for name, spec in SETTINGS.items()}

    def validate_onsite_panel_max(form, field):
        if form.onsite_panel_min.data and field.data is not None and field.data < form.onsite_panel_min.data:
            raise ValidationError(_l("Must not be below the fewest experts per on-site panel."))

    fields["validate_onsite_panel_max"] = validate_onsite_panel_max
    return type("SettingsForm", (SubForm,), fields)


class CycleForm(AppForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=100)],
                       description=_l("e.g. 第十届本溪市市长质量奖"))
    year = IntegerField(_l("Year"), validators=[InputRequired(), NumberRange(2000, 2100)])
    reference_date = DateField(_l("Reference date for the rules"), validators=[DataRequired()],
                               description=_l("Eligibility (3 years of operation, the last 3 years' records, bans) and "
                                              "conflicts of interest are judged on this date."))
    application_deadline = DateField(_l("Application deadline"), validators=[Optional()])
    standard_version = SelectField(_l("Evaluation standard"), default=DEFAULT_VERSION,
                                   choices=choices((v, v) for v in AVAILABLE_VERSIONS))
    award_quota = IntegerField(_l("Awards (at most 2, Art. 4)"), default=MAX_AWARDS,
                               validators=[InputRequired(), NumberRange(0, MAX_AWARDS)])
    nomination_quota = IntegerField(_l("Nomination awards (at most 5, Art. 4)"), default=MAX_NOMINATIONS,
                                    validators=[InputRequired(), NumberRange(0, MAX_NOMINATIONS)])
    announcement = TextAreaField(_l("Internal draft for the call (not published)"),
                                 validators=[Optional(), Length(max=limits.LONG_TEXT)],
                                 description=_l("Notes kept inside the office. The public call (Art. 14) is published "
                                                "from the cycle's page."))
    settings = FormField(_settings_form(), label=_l("Settings"))
    version = HiddenField()
    submit = SubmitField(_l("Save"))

    def __init__(self, *args, name_taken, **kwargs):
        super().__init__(*args, **kwargs)
        self.name_taken = name_taken

    def validate_name(self, field):
        if self.name_taken(field.data.strip()):
            raise ValidationError(_l("A cycle with this name exists already."))

    def validate_application_deadline(self, field):
        """A cycle takes applications around its year: a deadline years away from it is a mistyped year."""
        if field.data and self.year.data and abs(field.data.year - self.year.data) > 1:
            raise ValidationError(_l("The deadline should fall in the cycle's year or next to it."))


class AdvanceForm(AppForm):
    submit = SubmitField(_l("Move to the next stage"))


class NoticeForm(AppForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    body = TextAreaField(_l("Text of the notice"), validators=[DataRequired(), Length(max=limits.LONG_TEXT)])
    start_date = DateField(_l("First day"), validators=[DataRequired()])
    end_date = DateField(_l("Last day"), validators=[DataRequired()])
    submit = SubmitField(_l("Publish"))


class CallForm(AppForm):
    """Art. 14: the call for applications, pre-filled from the cycle and a standard text."""

    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.NAME)])
    body = TextAreaField(_l("Introduction"), validators=[DataRequired(), Length(max=limits.LONG_TEXT)])
    awards = TextAreaField(_l("What is awarded"), validators=[DataRequired(), Length(max=limits.NOTE)])
    conditions = TextAreaField(_l("Conditions to apply (Art. 11)"),
                               validators=[DataRequired(), Length(max=limits.NOTE)])
    award_quota = IntegerField(_l("Awards (at most 2, Art. 4)"),
                               validators=[InputRequired(), NumberRange(0, MAX_AWARDS)])
    nomination_quota = IntegerField(_l("Nomination awards (at most 5, Art. 4)"),
                                    validators=[InputRequired(), NumberRange(0, MAX_NOMINATIONS)])
    deadline = DateField(_l("Application deadline (last day, Art. 15)"), validators=[DataRequired()])
    where_to_apply = TextAreaField(_l("Where and how to apply"), validators=[DataRequired(), Length(max=limits.NOTE)])
    contact_person = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=limits.NAME)])
    contact_phone = StringField(_l("Telephone"), validators=[DataRequired(), Length(max=limits.NAME)])
    contact_email = StringField(_l("E-mail"), validators=[Optional(), Length(max=limits.NAME)])
    contact_address = StringField(_l("Postal address"), validators=[Optional(), Length(max=limits.NAME)])
    submit = SubmitField(_l("Publish the call"))


class CallMediaForm(AppForm):
    outlet = StringField(_l("Outlet"), validators=[DataRequired(), Length(max=limits.NAME)],
                         description=_l("e.g. 本溪日报, 本溪市人民政府网站"))
    published_on = DateField(_l("Published on"), validators=[DataRequired()])
    reference = StringField(_l("Issue, page or web address"), validators=[Optional(), Length(max=300)])
    submit = SubmitField(_l("Record the publication"))


class WithdrawForm(AppForm):
    reason = TextAreaField(_l("Reason for withdrawing (shown publicly)"),
                           validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Withdraw the notice"))


class HolidayScheduleForm(AppForm):
    text = TextAreaField(_l("Holidays and adjusted working days"),
                         validators=[DataRequired(), Length(max=limits.LONG_TEXT)],
                         description=_l("One line each: a date or a range, then 休 (day off) or 班 (working day), "
                                        "e.g. 2027-02-05..2027-02-11 休 or 2027-02-14 班."))
    source = StringField(_l("Source (the State Council's notice)"), validators=[DataRequired(), Length(max=300)])
    submit = SubmitField(_l("Save the schedule"))


class DeadlinesForm(AppForm):
    """The dates people work to (issue 16); their order is the rule's (domain/deadlines.py)."""
    sheets_due_on = DateField(_l("Experts' score sheets due (document review, Art. 18)"), validators=[Optional()])
    report_due_on = DateField(_l("Leader's document-review report due (Art. 18)"), validators=[Optional()])
    visit_from = DateField(_l("On-site visits from (Art. 19)"), validators=[Optional()])
    visit_to = DateField(_l("On-site visits until"), validators=[Optional()])
    comprehensive_due_on = DateField(_l("Comprehensive evaluation report due (Art. 20)"), validators=[Optional()])
    group_meeting_on = DateField(_l("Leading group's meeting"), validators=[Optional()])
    version = HiddenField()
    submit = SubmitField(_l("Save the deadlines"))


class BulkNoticeForm(AppForm):
    """Issue 17: the CSRF token of the page that publishes or withdraws several notices; its rows are posted as
    publish=<cycle>-<kind> with title-, body-, start-, end-<key>, and withdraw=<notice id> with one reason."""
