"""Form pieces shared by several blueprints."""
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, SelectMultipleField, StringField, ValidationError, widgets
from wtforms import IntegerField as _WTFormsIntegerField
from wtforms.fields.choices import SelectChoice

from reviewapp.domain.i18n import N_
from reviewapp.domain.passwords import password_problems
from reviewapp.domain_text import explain

PASSWORD_MESSAGES = {
    "too_short": _l("The password must have at least %(n)s characters."),
    "equals_username": _l("The password must not be the user name."),
    # issue 13, item 5: what zxcvbn found guessable, each saying what to do instead
    "weak_common": _l("This is one of the most common passwords. Choose several unrelated words, e.g. "
                      "three or four words joined by dashes."),
    "weak_repeat": _l("Repeated characters or words are easy to guess. Choose several different words."),
    "weak_sequence": _l("Sequences such as abcdef or 123456 are easy to guess. Choose several unrelated words."),
    "weak_keyboard": _l("Rows of neighbouring keys such as qwerty are easy to guess. Choose several unrelated "
                        "words."),
    "weak_date": _l("Dates and years are easy to guess. Add unrelated words instead."),
    "weak_personal": _l("The password is built on your name, the user name or the name of this system. Choose "
                        "words that have nothing to do with them."),
    "weak": _l("This password is easy to guess. Make it longer with a few unrelated words."),
    "same_as_current": _l("The new password must differ from the current one."),
}


def version_of(value) -> int:
    """The optimistic-lock version a form sent back. Anything but a plain, small number (unicode digits, a huge
    number, garbage) matches no record's version, so the save is refused as stale instead of crashing."""
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else -1


def fields_with_prefix(prefix: str) -> dict[str, str]:
    """The posted fields a page names per row (pct-<item>, go-<application id>...), keyed by what follows `prefix`."""
    from flask import request

    return {key[len(prefix):]: value for key, value in request.form.items() if key.startswith(prefix)}


class IntegerField(_WTFormsIntegerField):
    """WTForms' IntegerField for the numbers people type here (years, counts, ids, money in yuan), refusing one
    of more than 15 digits as not a valid number. WTForms keeps any integer int() reads (up to 4,300 digits), and
    its NumberRange then calls math.isnan() on it: from 309 digits on that raises OverflowError, a 500."""

    MAX_DIGITS = 15

    def process_formdata(self, valuelist):
        if valuelist and len(valuelist[0].strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)


# WTForms' Chinese catalog lacks these (three fuzzy, one empty): a tampered choice or a disabled field would be
# refused in English. Ours has them; _FormTranslations falls back to it.
WTFORMS_MESSAGES_MISSING_IN_CHINESE = (
    N_("This field cannot be edited."),
    N_("This field is disabled and cannot have a value."),
    N_("'%(value)s' is not a valid choice for this field."),   # an ngettext of WTForms: singular...
    N_("'%(value)s' are not valid choices for this field."),   # ...and plural, each a message of ours
    N_("Not a valid week value."),
)


@cache
def _wtforms_catalog(locale: str):
    """WTForms' own catalog for a locale, read from disk once per process (Flask-WTF reads it again for every
    request that builds a form: about 0.6 ms)."""
    from babel import support
    from wtforms.i18n import messages_path

    return support.Translations.load(messages_path(), [locale], domain="wtforms")


def _wtforms_translations():
    from flask_babel import get_locale

    locale = get_locale()  # None outside a request: WTForms' English
    return _wtforms_catalog(str(locale) if locale else "en")


class _FormTranslations:
    """WTForms' own translations (in the request's locale, as Flask-WTF's), completed by the app's catalog
    where WTForms has no translation. The app's catalog is asked without formatting: WTForms formats."""

    def gettext(self, string):
        from flask_babel import get_translations

        translated = _wtforms_translations().ugettext(string)
        return get_translations().ugettext(string) if translated == string else translated

    def ngettext(self, singular, plural, n):
        from flask_babel import get_translations

        translated = _wtforms_translations().ungettext(singular, plural, n)
        if translated not in (singular, plural):
            return translated
        return get_translations().ugettext(singular if n == 1 else plural)


FORM_TRANSLATIONS = _FormTranslations()


def _translations(meta, form):
    if not current_app.config.get("WTF_I18N_ENABLED", True):
        return None  # WTForms' messages as they are
    return FORM_TRANSLATIONS


class AppForm(FlaskForm):
    """The app's forms: Flask-WTF's (CSRF), with their messages in the request's language, completed where
    WTForms' Chinese catalog has gaps."""

    class Meta:
        get_translations = _translations


class ChallengeForm(AppForm):
    """A public form with the proof of work (reviewapp/domain/challenge.py; objections and reports, Art. 22, 34;
    an organization's registration, issue 18): the widget (templates/_macros/challenge.html) renders its own hidden
    input `altcha`; `check_challenge` checks the answer, and the view counts a failed check against the client."""

    altcha = StringField(_l("Check"))
    challenge_check = None  # set by validation: a domain.challenge.ChallengeCheck

    def __init__(self, *args, check_challenge=None, **kwargs):
        super().__init__(*args, **kwargs)
        self._check_challenge = check_challenge

    @property
    def challenge_nonce(self) -> str | None:
        return self.challenge_check.nonce if self.challenge_check and self.challenge_check.ok else None

    @property
    def challenge_failed(self) -> bool:
        return self.challenge_check is not None and not self.challenge_check.ok

    def validate_altcha(self, field):
        self.challenge_check = self._check_challenge(field.data)
        if not self.challenge_check.ok:
            raise ValidationError(explain(self.challenge_check.message, self.challenge_check.params))

    def clear_check(self) -> None:
        """The form is shown again without the last answer: each challenge answers once."""
        self.altcha.raw_data, self.altcha.data = None, None


class SubForm(Form):
    """A form nested in an AppForm by FormField. WTForms builds it without its parent's meta, so its messages
    ("This field is required.") would stay in WTForms' English on a Chinese page; it takes the same translations
    as its parent."""

    class Meta:
        get_translations = _translations


def choices(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms 3.3 wants them (tuples are deprecated)."""
    return [SelectChoice(value, label) for value, label in pairs]


def enum_choices(enum_class, members=None) -> list[SelectChoice]:
    """The members (default: all) of a LabelledEnum by their labels, translated when the form is rendered."""
    return choices(enum_class.labelled_values(members))


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def check_password_policy(password: str, username: str, user_inputs=(), current_hash: str | None = None) -> None:
    """Raise a ValidationError naming every policy the password breaks (domain/passwords.py): `user_inputs` are
    the account's other names (display name), `current_hash` the password it has now."""
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    problems = password_problems(password, username, min_length, user_inputs, current_hash)
    if problems:
        raise ValidationError(" ".join(str(PASSWORD_MESSAGES[p]) % {"n": min_length} for p in problems))
