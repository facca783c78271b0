from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from reviewapp.domain import limits
from reviewapp.forms import AppForm, IntegerField, choices, enum_choices
from reviewapp.models import TitleMisuseKind, WinnerActivityKind
from reviewapp.validators import not_after_today, plausible_date

EARLIEST = date(2000, 1, 1)
FILE_LABEL = _l("File: PDF, Word or Excel")


class ActivityForm(AppForm):
    """Art. 27: a sharing event or exchange activity; Art. 10: a promotion by a recommender or the office."""

    kind = SelectField(_l("Kind"), choices=enum_choices(WinnerActivityKind))
    held_on = DateField(_l("Held on"), validators=[DataRequired(), plausible_date(EARLIEST, 1)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.NAME)])
    place = StringField(_l("Place or way (e.g. a hall, online, a newspaper)"),
                        validators=[DataRequired(), Length(max=limits.NAME)])
    audience = StringField(_l("Audience"), validators=[Optional(), Length(max=limits.NAME)])
    promoter_id = SelectField(_l("Promoted by (Art. 10)"), coerce=int, validate_choice=True)
    summary = TextAreaField(_l("Summary"), validators=[Optional(), Length(max=limits.NOTE)])
    attachment = FileField(_l("Attachment (optional): PDF, Word or Excel"))
    submit = SubmitField(_l("Record the activity"))

    def __init__(self, *args, recommenders, **kwargs):
        super().__init__(*args, **kwargs)
        self.promoter_id.choices = choices([(0, _l("The office"))] + [(o.id, o.name) for o in recommenders])


class FundsReportForm(AppForm):
    """Art. 29: the yearly use-of-funds report, as received."""

    report_year = SelectField(_l("Report for"), coerce=int, validate_choice=True)
    received_on = DateField(_l("Received on"), validators=[DataRequired(), not_after_today])
    attachment = FileField(FILE_LABEL, validators=[FileRequired(_l("Choose a file."))])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Record the report as received"))

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_year.choices = choices((year, _l("Year %(year)s after the award", year=year)) for year in years)


class MisuseForm(AppForm):
    """Art. 28: a report of title misuse."""

    kind = SelectField(_l("What was reported"), choices=enum_choices(TitleMisuseKind))
    received_on = DateField(_l("Received on"), validators=[DataRequired(), not_after_today])
    source = StringField(_l("Source (who reported it, or how the office found it)"),
                         validators=[DataRequired(), Length(max=limits.NAME)])
    description = TextAreaField(_l("What was seen (where, when)"),
                                validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Record the misuse report"))


class MisuseHandlingForm(AppForm):
    """Art. 28, 6: the office's finding and the action taken."""

    finding = TextAreaField(_l("Finding"), validators=[Optional(), Length(max=limits.NOTE)])
    action = TextAreaField(_l("Action taken"), validators=[Optional(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Save the finding and action"))


class MisuseCloseForm(AppForm):
    """Closing a misuse report is final."""

    closed_on = DateField(_l("Closed on"), validators=[DataRequired(), not_after_today])
    submit = SubmitField(_l("Close the report"))


class PolicyForm(AppForm):
    """The office's policy for the duties' dates (the text sets none)."""

    funds_report_due_days = IntegerField(_l("Use-of-funds report due (days after each year of the award)"),
                                         validators=[DataRequired(), NumberRange(min=1, max=366)])
    misuse_open_days = IntegerField(_l("Misuse report to be closed within (days)"),
                                    validators=[DataRequired(), NumberRange(min=1, max=366)])
    basis = TextAreaField(_l("Basis of this policy"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Save the policy"))


class OwnFundsReportForm(AppForm):
    """Art. 29, issue 18: the winner submits its use-of-funds report for a year that is over, through its account."""

    report_year = SelectField(_l("Report for"), coerce=int, validate_choice=True)
    attachment = FileField(FILE_LABEL, validators=[FileRequired(_l("Choose a file."))])
    note = TextAreaField(_l("Summary of the use of the funds"), validators=[DataRequired(), Length(max=limits.NOTE)])
    submit = SubmitField(_l("Submit the report"))

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.report_year.choices = choices((year, _l("Year %(year)s after the award", year=year)) for year in years)


class OwnActivityForm(AppForm):
    """Art. 27, issue 18: the winner records its own sharing event or exchange activity."""

    kind = SelectField(_l("Kind"), choices=enum_choices(WinnerActivityKind, [WinnerActivityKind.SHARING,
                                                                            WinnerActivityKind.EXCHANGE]))
    held_on = DateField(_l("Held on"), validators=[DataRequired(), plausible_date(EARLIEST, 1)])
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=limits.NAME)])
    place = StringField(_l("Place or way (e.g. a hall, online, a newspaper)"),
                        validators=[DataRequired(), Length(max=limits.NAME)])
    audience = StringField(_l("Audience"), validators=[Optional(), Length(max=limits.NAME)])
    summary = TextAreaField(_l("Description"), validators=[Optional(), Length(max=limits.NOTE)])
    attachment = FileField(_l("Attachment (optional): PDF, Word or Excel"))
    submit = SubmitField(_l("Record the activity"))
