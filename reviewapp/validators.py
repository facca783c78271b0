"""WTForms validators that call the domain's checks, so forms and imports refuse the same things."""
from wtforms import ValidationError

from reviewapp.domain.credit_code import check_credit_code
from reviewapp.domain.industry import check_industry_code
from reviewapp.labels import explain


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
