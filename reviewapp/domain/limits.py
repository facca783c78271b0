"""How long a free text may be, in characters, named once (issue 13 item 6).

Every text a person types is limited on the server: the forms' Length validators, and the texts a view reads by
name (a score sheet's and a panel report's per-item texts, the notes and reasons of a list) through `too_long`.
The pages take their maxlength from the same numbers. Without a limit one expert stored a 20 MB sheet, and the
leader's consolidation page, which shows every member's texts, became 20 MB.
"""
from collections.abc import Mapping

NAME = 200          # a name, a title, a place, a source
NOTE = 5000         # a reason, a note, a decision, a description
SHORT_NOTE = 2000   # a few words: a note on a relation, why a suggestion is dismissed
DECLARED_INTEREST = SHORT_NOTE  # an expert's conflict declared against one applicant
ITEM_TEXT = 2000    # one item's strengths, opportunities, consensus or justification (GB/T 19580 has 23 items)
CATEGORY_TEXT = 10000  # a category's summary in a panel report (it starts as the members' item texts joined)
LONG_TEXT = 20000   # an overall comment or assessment, an agenda, an opinion


def too_long(texts: Mapping[str, str], limit: int) -> list[str]:
    """The keys whose text is longer than the limit, in order."""
    return sorted(key for key, text in texts.items() if text and len(text) > limit)
