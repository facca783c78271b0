"""The domain's text in the user's language: its message templates (English, marked with N_ in
reviewapp/domain/i18n.py), the articles its rules cite, and why the assignment solver chose an expert. (Enum
labels live beside their enums, models/labelled_enum.py; the audit log's words in reviewapp/audit_labels.py.)"""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l


def explain(message: str, params: dict | None = None) -> str:
    """Render a domain message template (English, N_-marked) in the user's language."""
    translated = gettext(message)
    return translated % params if params else translated


# The articles the domain's rules cite, as the award's own text numbers them.
ARTICLE_LABELS = {
    "Art. 11(1)": _l("Art. 11(1)"), "Art. 11(2)": _l("Art. 11(2)"), "Art. 11(3)": _l("Art. 11(3)"),
    "Art. 11(4)": _l("Art. 11(4)"), "Art. 11(5)": _l("Art. 11(5)"), "Art. 11(6)": _l("Art. 11(6)"),
    "Art. 12": _l("Art. 12"), "Art. 30": _l("Art. 30"), "Art. 31": _l("Art. 31"), "Art. 32": _l("Art. 32"),
    "Art. 9": _l("Art. 9"), "Art. 11": _l("Art. 11"), "Art. 15": _l("Art. 15"),
}


def article_label(article: str) -> str:
    return str(ARTICLE_LABELS.get(article, article))


# Why the solver chose an expert (reviewapp/domain/assignment/scoring.py match_reasons), as people read it.
REASON_WORDS = {
    "industry": _l("industry %(code)s"),
    "section": _l("industry section %(code)s"),
    "strength": _l("strong in %(code)s"),
    "certified": _l("certified examiner"),
    "leader-eligible": _l("may lead"),
    "office": _l("chosen by the office"),
}


def reason_label(reason: str) -> str:
    word, _, code = reason.partition(" ")
    template = REASON_WORDS.get(word)
    return str(template) % {"code": code} if template is not None else reason
