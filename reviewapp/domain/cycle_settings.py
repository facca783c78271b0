"""A cycle's settings and their defaults, in one place. Later stages read them (panel sizes, thresholds)."""
from reviewapp.domain.i18n import N_

# Art. 4: at most 2 awards and 5 nomination awards per cycle.
MAX_AWARDS = 2
MAX_NOMINATIONS = 5
# Art. 16, 21: public notices last at least 5 working days.
MIN_NOTICE_WORKING_DAYS = 5

# name -> (default, minimum, maximum, label)
SETTINGS = {
    "notice_working_days": (MIN_NOTICE_WORKING_DAYS, MIN_NOTICE_WORKING_DAYS, 30,
                            N_("Working days each public notice lasts")),
    "document_panel_size": (5, 3, 15, N_("Experts per document-review panel")),
    "onsite_panel_min": (3, 2, 15, N_("Fewest experts per on-site panel")),
    "onsite_panel_max": (5, 2, 15, N_("Most experts per on-site panel")),
    "member_load_limit": (4, 1, 50, N_("Most applicants per expert in this cycle")),
    "spread_threshold": (30, 5, 100, N_("Score spread (percentage points) flagged for discussion")),
    # Art. 20: the combined score weighs the document review against the on-site review (w = 0.3 by default).
    "document_weight_percent": (30, 0, 100, N_("Weight of the document review in the combined score (%)")),
    "award_min_score": (600, 0, 1000, N_("Lowest combined score for proposing the award")),
    "nomination_min_score": (500, 0, 1000, N_("Lowest combined score for proposing the nomination award")),
    "blind_group_review": (1, 0, 1, N_("Leading group sees the ranking blinded (applicants by code) until its "
                                       "decision")),
}
# settings that are a yes or a no (stored as 1 or 0): forms offer a choice, not a number
YES_NO_SETTINGS = frozenset(name for name, (_default, low, high, _label) in SETTINGS.items() if (low, high) == (0, 1))


def default_settings() -> dict[str, int]:
    return {name: spec[0] for name, spec in SETTINGS.items()}


def with_defaults(settings: dict | None) -> dict[str, int]:
    """Stored settings completed with the defaults of settings added since the cycle was created."""
    return {**default_settings(), **(settings or {})}
