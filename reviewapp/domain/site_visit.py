"""Settling a site-visit issue (Art. 19: the on-site review verifies what the document review found). Plain values
in (the issue's kind, the resolution chosen, the note typed), a refusal (message, params) or None out."""
from reviewapp.domain.i18n import N_

TO_CLARIFY = "clarify_opportunity"  # SiteIssueKind.CLARIFY_OPPORTUNITY: an opportunity the panel asks about on site
OPEN = "open"
CONFIRMED = frozenset({"verified", "clarified"})  # the resolutions that close an issue as confirmed

MSG_CHOOSE = N_("Choose verified, not verified or clarified.")
MSG_NOTE = N_("Write a note of what the panel saw or heard on site.")
MSG_CLARIFIED_WITHOUT_NOTE = N_("An issue to be clarified can only be closed as confirmed with a note of what "
                                "clarified it on site: who said or showed what (Art. 19).")


def settle_refusal(kind: str, resolution: str, note: str) -> tuple[str, dict] | None:
    """Art. 19: every issue is settled with a note of what was seen or heard on site; an issue "to be clarified"
    closed as confirmed must say what clarified it, or the on-site report would confirm it on no evidence."""
    if resolution == OPEN:
        return MSG_CHOOSE, {}
    if not (note or "").strip():
        if kind == TO_CLARIFY and resolution in CONFIRMED:
            return MSG_CLARIFIED_WITHOUT_NOTE, {}
        return MSG_NOTE, {}
    return None
