"""How the group's pages name the applicants: by name, or, while the review is blinded, by a code drawn from the
ranking (Art. 20) — in the tables, the charts' titles and the candidate list alike."""
from dataclasses import dataclass

from flask_babel import gettext as _

from reviewapp.charts import radar_svg
from reviewapp.domain import deliberation
from reviewapp.domain import group_decision as rules
from reviewapp.leading import queries
from reviewapp.models import AwardKind


def applicant_labels(evaluation, blinded: bool) -> dict[int, str]:
    """Application id -> what the page calls it. Blinded: "Candidate A", "Candidate B" … by rank, nothing else."""
    if not blinded:
        return {r.entry.key: r.application.organization.name for r in evaluation.ranked}
    codes = rules.blind_codes(r.entry.key for r in evaluation.ranked)
    return {key: _("Candidate %(code)s", code=code) for key, code in codes.items()}


def profile_chart(evaluation, ranked_row, title: str, size: int = 220):
    """The 7 category percentages, document review against on-site review, titled as the page names the
    applicant (reviews.evaluation.routes.profile_chart titles it by name, which a blinded page must not)."""
    categories = evaluation.standard.categories
    series = [(_("Document review"), [ranked_row.document_profile[c.code] for c in categories])]
    if ranked_row.row.onsite.submitted:
        series.append((_("On-site review"), [ranked_row.onsite_profile[c.code] for c in categories]))
    return radar_svg([f"{c.code} {c.name}" for c in categories],
                     [(name, [float(v) if v is not None else None for v in values]) for name, values in series],
                     size=size, title=title, missing_label=_("not scored"))


def proposed_rows(evaluation) -> list:
    """The office's candidate list (Art. 20): the award first, then the nomination, in ranking order."""
    return sorted((r for r in evaluation.ranked if r.candidate is not None),
                  key=lambda r: (r.candidate.level is not AwardKind.AWARD, r.entry.rank or 0))


def history_counts(evaluation) -> rules.HistoryCounts:
    """Art. 12 as counts, for the blinded page (issue 13 item 7)."""
    return rules.history_counts(((r.candidate.level.value if r.candidate else None, r.repeat_winner, r.past_nominee)
                                 for r in evaluation.ranked), evaluation.cycle.award_quota)


@dataclass
class GroupTally:
    """The tally as a page shows it (Art. 6, 21): per candidate its counts line, whether more than half of the
    members agreed, who has not submitted, and the members' comments."""

    tally: deliberation.Tally
    members: dict[int, object]
    lines: dict[int, str]
    comments: dict[int, list]

    @property
    def missing_names(self) -> list[str]:
        return [self.members[member].display_name for member in self.tally.not_submitted]


def group_tally(cycle, decision) -> GroupTally:
    tally, members = queries.group_tally(cycle, decision)
    submitted = [o for o in queries.opinions_of(cycle) if o.submitted_at is not None and o.comment]
    levels = queries.candidate_levels(cycle)
    comments: dict[int, list] = {}
    for opinion in submitted:
        if levels.get(opinion.application_id) == opinion.level.value:
            comments.setdefault(opinion.application_id, []).append(opinion)
    return GroupTally(tally=tally, members={m.id: m for m in members}, comments=comments,
                      lines={row.key: tally_line(row) for row in tally.rows})


def tally_line(row: deliberation.CandidateTally) -> str:
    message, params = deliberation.summary(row)
    return _(message, **params)


@dataclass
class OwnOpinions:
    """A member's own opinions on the list as it stands (a draft or submitted), never another member's."""

    opinions: dict[int, object]
    locked: set[int]
    state: str


def own_opinions(cycle, member) -> OwnOpinions:
    levels = queries.candidate_levels(cycle)
    own = [o for o in queries.opinions_of(cycle, member) if levels.get(o.application_id) == o.level.value]
    rules_view = queries.as_rules(own)
    return OwnOpinions(opinions={o.application_id: o for o in own},
                       locked=deliberation.locked_keys(rules_view, levels),
                       state=deliberation.member_state(rules_view, levels))
