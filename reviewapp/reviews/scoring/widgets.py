"""HTML of the score sheet built once per standard instead of once per request. The sheet has a select of 21
percentages, each with its band's text, for every one of the 23 items: about 500 options a page, which a Jinja loop
rendered in most of the page's time. Here each option is made once; a page only picks the selected one."""
from functools import cache

from markupsafe import Markup

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
