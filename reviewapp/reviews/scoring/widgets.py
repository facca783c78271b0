"""HTML of the score sheet built once per standard instead of once per request. The sheet has a select of 21
percentages, each with its band's text, for every one of the 23 items: about 500 options a page, which a Jinja loop
rendered in most of the page's time. Here each option is made once; a page only picks the selected one."""
from functools import cache, lru_cache

from markupsafe import Markup, escape

from reviewapp.domain.i18n import N_
from reviewapp.domain.standard import Standard, load_standard

_PLAIN = Markup('<option value="{0}" title="{1}">{0}%</option>')
_SELECTED = Markup('<option value="{0}" selected title="{1}">{0}%</option>')
_NONE = '<option value="">—</option>'  # a str: Markup + str would escape the options


@cache
def _options(version: str, kind: str) -> tuple[tuple[int, Markup, Markup], ...]:
    standard = load_standard(version)
    texts = standard.band_texts[kind]
    return tuple((p, _PLAIN.format(p, texts[p]), _SELECTED.format(p, texts[p])) for p in standard.percent_choices)


def percent_options(standard: Standard, kind: str, selected: int | None) -> Markup:
    """The options of an item's percentage select, `selected` (or the empty choice) selected; the band texts are
    escaped by Markup.format."""
    # str.join, not Markup.join: the pieces are escaped already, and Markup.join would escape each again
    return Markup(_NONE + "".join([chosen if p == selected else plain
                                   for p, plain, chosen in _options(standard.version, kind)]))


# The item rows of the sheet: everything but the expert's entries is the same on every page of a standard version
# in a language (codes, names, points, labels, placeholders): built once per process, escaped once; a page only
# fills the slots. The HTML is what templates/reviews/sheet.html rendered item by item (issue 19).
_ROW = """\n      \n      <div class="row g-2 align-items-start mb-2 pb-2 border-bottom sheet-item{missing_row}" \
id="row-{code}" data-item="{code}" data-points="{points}" data-category="{category}">
        <div class="col-md-3 order-0"><label class="form-label small mb-0 fw-semibold" for="pct-{code}">\
{code} {name} ({points})</label>
          <select class="form-select{missing_select}" name="pct-{code}" id="pct-{code}" {disabled_select}>
            {options}
          </select>
          {feedback}
          {self_assessment}</div>
        <div class="col-md-4 order-2 order-md-1"><textarea class="form-control sheet-text" name="str-{code}" rows="3" \
maxlength="{max_text}" aria-label="{strengths} {code}" placeholder="{strengths_hint}" {disabled_strengths}>{str_text}\
</textarea></div>
        <div class="col-md-5 order-3 order-md-2"><textarea class="form-control sheet-text" name="opp-{code}" rows="3" \
maxlength="{max_text}" aria-label="{opportunities} {code}" placeholder="{opportunities_hint}" \
{disabled_opportunities}>{opp_text}</textarea></div>
        \n        \n        <div class="col-12 order-1 order-md-3 mt-0 small text-muted band-text" aria-live="polite">\
{band}</div>
        <div class="col-12 order-4 saved-slot">{saved}</div>
      </div>
    """
_SLOTS = ("missing_row", "missing_select", "disabled_select", "options", "feedback", "self_assessment",
          "disabled_strengths", "str_text", "disabled_opportunities", "opp_text", "band", "saved")  # in their order


def _translated(translations, message: str, **params) -> Markup:
    """As a template's _() renders it (Jinja's new-style gettext under autoescape): the translation as markup,
    the parameters escaped."""
    return Markup(translations.ugettext(message)) % params


@lru_cache(maxsize=16)  # keyed by the catalog too: a new app (tests) has new catalogs; never per user
def _row_templates(version: str, locale: str, translations) -> dict[str, tuple[str, ...]]:
    """Per item code, its row cut at the slots: the fixed pieces between them, escaped once."""
    from reviewapp.domain import limits

    standard = load_standard(version)
    fixed = {"max_text": limits.ITEM_TEXT}
    for name, message in (("strengths", N_("Strengths")), ("strengths_hint", N_("Strengths (优势)")),
                          ("opportunities", N_("Opportunities for improvement")),
                          ("opportunities_hint", N_("Opportunities for improvement (改进机会)"))):
        fixed[name] = _translated(translations, message)
    rows = {}
    for category in standard.categories:
        for item in category.items:
            values = {key: str(escape(value)).replace("{", "{{").replace("}", "}}") for key, value in
                      {**fixed, "code": item.code, "name": item.name, "points": item.points,
                       "category": category.code}.items()}
            rows[item.code] = tuple(_ROW.format(**values, **{slot: "\0" for slot in _SLOTS}).split("\0"))
    return rows


@lru_cache(maxsize=16)
def _row_messages(locale: str, translations) -> tuple[Markup, str]:
    return (Markup('<div class="invalid-feedback">{}</div>').format(
                _translated(translations, N_("Choose a percentage for this item."))),
            translations.ugettext(N_("Self-assessment: %(pct)s%%")))


def item_rows(standard: Standard, category, shown, refused_items, locked: bool, self_assessment, saved,
              saved_item) -> Markup:
    """The rows of a category's items on the expert's sheet, with what the expert entered (`shown`), the items a
    refused submission named, the self-assessment, and after a stale save the saved version (`saved_item`, the
    template's macro, only where it differs)."""
    from flask_babel import get_locale, get_translations

    translations, locale = get_translations(), str(get_locale())
    templates = _row_templates(standard.version, locale, translations)
    feedback, self_message = _row_messages(locale, translations)
    texts = standard.band_texts[category.kind]
    disabled = "disabled" if locked else ""
    pieces = []
    for item in category.items:
        code = item.code
        missing = code in refused_items
        chosen = shown.percents.get(code)
        own = self_assessment.get(code)
        slots = (" sheet-item-missing" if missing else "", " is-invalid" if missing else "", disabled,
                 percent_options(standard, category.kind, chosen), feedback if missing else "",
                 Markup('<div class="small text-muted self-assessment">{}</div>').format(
                     Markup(self_message) % {"pct": own}) if own is not None else "",
                 disabled, escape(shown.strengths.get(code, "")), disabled, escape(shown.opportunities.get(code, "")),
                 escape(texts[chosen]) if chosen is not None else "",
                 saved_item(standard, item, shown, saved) if saved and shown.differs_from(saved, code) else "")
        fixed = templates[code]
        for piece, slot in zip(fixed, slots):  # noqa: B905 (one piece more than slots)
            pieces.append(piece)
            pieces.append(str(slot))
        pieces.append(fixed[-1])
    return Markup("".join(pieces))
