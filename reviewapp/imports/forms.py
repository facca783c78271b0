from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, HiddenField, SubmitField
from wtforms.validators import DataRequired, Length, Regexp

from reviewapp.forms import AppForm


class UploadForm(AppForm):
    file = FileField(_l("Spreadsheet (.xlsx or .csv)"), validators=[FileRequired(_l("Choose a file."))])
    dry_run = BooleanField(_l("Dry run: only check the file and show what would change"), default=True)
    submit = SubmitField(_l("Upload and check"))


class ConfirmForm(AppForm):
    """The second step: the file is named by its checksum, never sent again by the client."""
    sha256 = HiddenField(validators=[DataRequired(), Regexp(r"^[0-9a-f]{64}$")])
    filename = HiddenField(validators=[Length(max=255)])
    submit = SubmitField(_l("Import"))
