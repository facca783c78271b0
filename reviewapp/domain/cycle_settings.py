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
    # Art. 20 sets no minimum: 0 (the default) is none; a minimum set is a warning, overridden with a reason.
    "award_min_score": (0, 0, 1000, N_("Lowest combined score for proposing the award (0: no minimum)")),
    "nomination_min_score": (0, 0, 1000, N_("Lowest combined score for proposing the nomination award "
                                            "(0: no minimum)")),
    "blind_group_review": (1, 0, 1, N_("Leading group sees the ranking blinded (applicants by code) until its "
                                       "decision")),
    # Art. 31, 32 say the revocation is announced (向社会公告) but set no period.
    "revocation_notice_working_days": (MIN_NOTICE_WORKING_DAYS, 1, 30,
                                       N_("Working days the notice of a revocation lasts")),
}
# The basis of each setting, shown beside it (issue 15: a rule the text does not state is the office's choice,
# said so). An article where the rules set it; "not in the rules" where the software needs a figure.
BASIS = {
    "notice_working_days": N_("Art. 16, 21: a public notice lasts at least 5 working days; a longer period is the "
                              "office's choice."),
    "document_panel_size": N_("Not in the rules: the office's choice (Art. 17 asks for panels of experts from the "
                              "pool, led by a panel leader, and sets no size)."),
    "onsite_panel_min": N_("Not in the rules: the office's choice (Art. 17 sets no panel size)."),
    "onsite_panel_max": N_("Not in the rules: the office's choice (Art. 17 sets no panel size)."),
    "member_load_limit": N_("Not in the rules: the office's choice, to spread the reviews among the pool "
                            "(Art. 17)."),
    "spread_threshold": N_("Not in the rules: the office's choice. It only flags an item for the panel's "
                           "discussion (Art. 17, the panel leader consolidates); it changes no score."),
    "document_weight_percent": N_("Not in the rules: the office's choice. Art. 20 asks for a combined score from "
                                  "the document and on-site results and sets no weights; the ranking and the "
                                  "comprehensive evaluation report show the weights."),
    "award_min_score": N_("Not in the rules: Art. 20 sets no minimum score (Art. 4: an award may stay vacant). "
                          "If set, a candidate below it is a warning that the office or the leading group "
                          "overrides with a written reason, never a refusal."),
    "nomination_min_score": N_("Not in the rules: Art. 20 sets no minimum score (Art. 4: an award may stay vacant). "
                               "If set, a candidate below it is a warning that the office or the leading group "
                               "overrides with a written reason, never a refusal."),
    "blind_group_review": N_("Not in the rules: the office's choice (Art. 20: the group deliberates on the "
                             "candidate list). The group's page says when it is blinded."),
    "revocation_notice_working_days": N_("Not in the rules: Art. 31, 32 ask for a public announcement of the "
                                         "revocation and set no period; the office's choice, by default 5 working "
                                         "days like the notices of Art. 16, 21."),
}
# Settings a computed result rests on are fixed from the stage that computes it on, so that no change of a setting
# alters an outcome silently (issue 15, Also; cycle_stages.fixed_setting_refusals checks): name -> (the stage from
# which it is fixed, the refusal).
FIXED_FROM = {
    # Art. 20: the panels' comprehensive reports keep the proposal made with the weight; the ranking uses it too
    "document_weight_percent": ("comprehensive_evaluation",
                                N_("The weight of the document review is fixed once the comprehensive evaluation "
                                   "has started: the panels' comprehensive scores were proposed with it (Art. 20).")),
}
# settings that are a yes or a no (stored as 1 or 0): forms offer a choice, not a number
YES_NO_SETTINGS = frozenset(name for name, (_default, low, high, _label) in SETTINGS.items() if (low, high) == (0, 1))


def default_settings() -> dict[str, int]:
    return {name: spec[0] for name, spec in SETTINGS.items()}


def with_defaults(settings: dict | None) -> dict[str, int]:
    """Stored settings completed with the defaults of settings added since the cycle was created."""
    return {**default_settings(), **(settings or {})}

