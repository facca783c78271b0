"""WTForms validators that call the domain's checks, so forms and imports refuse the same things."""
from datetime import date

from flask_babel import gettext as _
from wtforms import ValidationError

from reviewapp.city_calendar import city_today
from reviewapp.domain.credit_code import BENXI_PREFIX, check_credit_code
from reviewapp.domain.i18n import N_
from reviewapp.domain.industry import check_industry_code
from reviewapp.domain.phone import is_phone_number
from reviewapp.domain_text import explain


def valid_credit_code(form, field):
    if not field.data:
        return
    result = check_credit_code(field.data)
    if not result.valid:
        raise ValidationError(explain(result.message, result.params))
    field.data = result.code


def valid_industry_code(form, field):
    if not field.data:
        return
    result = check_industry_code(field.data)
    if not result.ok:
        raise ValidationError(explain(result.message, result.params))
    field.data = result.code


def valid_phone(form, field):
    if not field.data:
        return
    if not is_phone_number(field.data):
        raise ValidationError(_("Not a phone number: use digits, with - + ( ) or spaces (e.g. 024-42843576)."))
    field.data = field.data.strip()


def not_after_today(form, field):
    """A date of something that has happened (a signature, an award): not later than today in Benxi."""
    if field.data and field.data > city_today():
        raise ValidationError(_("The date %(date)s is in the future (today is %(today)s).",
                                date=field.data.isoformat(), today=city_today().isoformat()))


def plausible_date(earliest: date, years_ahead: int):
    """A date within sensible bounds: a mistyped year (1900, 2206) is caught instead of stored."""
    def check(form, field):
        latest = date(city_today().year + years_ahead, 12, 31)
        if field.data and not earliest <= field.data <= latest:
            raise ValidationError(_("%(date)s is not a plausible date here: expected between %(earliest)s and "
                                    "%(latest)s.", date=field.data.isoformat(), earliest=earliest.isoformat(),
                                    latest=latest.isoformat()))
    return check


def registered_in_benxi(form, field):
    """Issue 18: an organization registering online must hold a code issued in Benxi (Art. 11(2)); after
    valid_credit_code, which normalised it. The message is the eligibility check's."""
    result = check_credit_code(field.data or "")
    if result.valid and not result.in_benxi:
        message = (N_("Registered in %(division_name)s (division %(division_code)s), outside Benxi "
                      "(Benxi divisions start with %(benxi_prefix)s).") if result.division_name else
                   N_("Registered in division %(division_code)s, outside Benxi "
                      "(Benxi divisions start with %(benxi_prefix)s)."))
        raise ValidationError(explain(message, {"division_code": result.division_code, "benxi_prefix": BENXI_PREFIX,
                                                "division_name": result.division_name}))
