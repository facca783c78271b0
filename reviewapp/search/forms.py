from flask_babel import lazy_gettext as _l
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from reviewapp.forms import AppForm

MAX_QUERY = 100


class SearchForm(AppForm):
    class Meta:
        csrf = False  # a GET form: the address of the results can be kept and shared

    q = StringField(_l("Name, credit code, application number or phone"),
                    validators=[DataRequired(), Length(max=MAX_QUERY)])
