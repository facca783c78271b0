"""The panel rules (Art. 17: 组建评审组, 组长负责制; Art. 33), the one home of each: what makes a panel unacceptable
(problems) and what it should have (warnings). The solvers keep the problems' rules by construction; a panel edited
by hand, in the office's draft or on a formed panel, is checked here. The panels blueprint gathers the facts into
this package's values and translates the answers (names for ids); it keeps no copy of a rule.

Every answer is an N_() message and its params; params[RULE] names the rule."""
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping

from reviewapp.domain.assignment.model import Applicant, Conflicts, Expert, Panel, Proposal, conflict_map
from reviewapp.domain.assignment.scoring import industry_reason
from reviewapp.domain.i18n import N_

# A panel problem's params carry its rule under this key (the message does not use it).
RULE = "rule"

Problem = tuple[str, dict]


# --- the rules, one by one ---
def leader_problems(expert: Expert) -> list[Problem]:
    """组长负责制 (Art. 17): a panel is led by an expert eligible to lead."""
    if expert.can_lead:
        return []
    return [(N_("%(expert)s is not eligible to lead a panel."), {RULE: "leader_not_eligible", "expert": expert.id})]


def load_problems(expert: Expert, load: int) -> list[Problem]:
    """The cycle's load limit: an expert takes `load` more applicants only within what is left of their limit
    (`Expert.capacity`)."""
    if load <= expert.capacity:
        return []
    return [(N_("%(expert)s would take %(load)s applicants, above the %(limit)s left of their load limit."),
             {RULE: "capacity", "expert": expert.id, "load": load, "limit": expert.capacity})]


def employer_group_problems(experts: Iterable[Expert], joining: Expert | None = None) -> list[Problem]:
    """At most one expert per employer or corporate group on a panel (Art. 33: a panel reviews independently).
    With `joining`, only the groups the newcomer would break (a formed panel's older clash is the late-conflict
    alert's business)."""
    by_group = defaultdict(list)
    for expert in experts:
        if expert.employer_group is not None and expert.id not in by_group[expert.employer_group]:
            by_group[expert.employer_group].append(expert.id)
    return [(N_("%(experts)s work for the same employer or corporate group (%(group)s); a panel takes at most one "
                "of them."), {RULE: "employer_group", "experts": ", ".join(same), "group": group})
            for group, same in by_group.items() if len(same) > 1 and (joining is None or joining.id in same)]


def certified_warnings(experts: Iterable[Expert], name: str) -> list[Problem]:
    """A panel should count a certified performance excellence examiner (卓越绩效评审员) among its experts."""
    if any(expert.certified for expert in experts):
        return []
    return [(N_("%(panel)s has no certified examiner (卓越绩效评审员)."), {RULE: "no_certified", "panel": name})]


def industry_warnings(experts: Iterable[Expert], applicants: Iterable[Applicant], name: str) -> list[Problem]:
    """A panel should have an expert of each applicant's industry: the GB/T 4754 section covers it (a C35 expert
    covers a C31 applicant), as in the match score (`industry_reason`)."""
    experts = list(experts)
    return [(N_("No expert of %(panel)s covers the industry %(industry)s of %(applicant)s."),
             {RULE: "no_industry", "panel": name, "industry": applicant.industry.strip().upper(),
              "applicant": applicant.label})
            for applicant in applicants
            if applicant.industry and not any(industry_reason(expert, applicant) for expert in experts)]


def staffing_warnings(name: str, size: int, low: int, high: int, has_leader: bool) -> list[Problem]:
    """A formed panel still being staffed: the stage's panel size (cycle settings) and its leader (组长负责制)."""
    warnings = []
    if low == high and size != low:
        warnings.append((N_("%(panel)s has %(size)s experts; this stage needs %(n)s."),
                         {RULE: "size", "panel": name, "size": size, "n": low}))
    elif not low <= size <= high:
        warnings.append((N_("%(panel)s has %(size)s experts; this stage needs %(low)s to %(high)s."),
                         {RULE: "size", "panel": name, "size": size, "low": low, "high": high}))
    if not has_leader:
        warnings.append((N_("%(panel)s has no leader yet (组长负责制)."), {RULE: "no_leader", "panel": name}))
    return warnings


# --- a whole panel ---
def panel_problems(panel: Panel, experts_by_id: Mapping[str, Expert], applicant: Applicant,
                   conflicts: Conflicts, load_elsewhere: Mapping[str, int] | None = None) -> list[Problem]:
    """What makes a one-applicant panel (the automatic draft's) unacceptable.

    experts_by_id holds the assignable experts only; load_elsewhere counts each expert's other panels in the same
    proposal (their capacity is what remains of their load limit in the cycle)."""
    load_elsewhere = load_elsewhere or {}
    name = applicant.label
    problems = []
    ids = list(panel.experts)
    for expert_id, count in Counter(ids).items():
        if count > 1:
            problems.append((N_("%(expert)s appears more than once on the panel of %(applicant)s."),
                             {RULE: "duplicate", "expert": expert_id, "applicant": name}))
    distinct = list(dict.fromkeys(ids))
    if len(distinct) != applicant.panel_size:
        problems.append((N_("The panel of %(applicant)s has %(count)s experts; it needs %(size)s."),
                         {RULE: "size", "applicant": name, "count": len(distinct), "size": applicant.panel_size}))
    if panel.leader is None:
        problems.append((N_("The panel of %(applicant)s has no leader."), {RULE: "no_leader", "applicant": name}))
    elif panel.leader in experts_by_id:
        problems += leader_problems(experts_by_id[panel.leader])
    conflicted = set(conflict_map(conflicts).get(applicant.id, ()))
    for expert_id in distinct:
        expert = experts_by_id.get(expert_id)
        if expert is None:
            problems.append((N_("%(expert)s cannot be assigned in this cycle (suspended, disqualified, "
                                "unavailable or unknown)."), {RULE: "unavailable", "expert": expert_id}))
            continue
        if expert_id in conflicted:
            problems.append((N_("%(expert)s has a conflict of interest with %(applicant)s."),
                             {RULE: "conflict", "expert": expert_id, "applicant": name}))
        problems += load_problems(expert, load_elsewhere.get(expert_id, 0) + 1)
    problems += employer_group_problems(experts_by_id[e] for e in distinct if e in experts_by_id)
    return problems


def panel_warnings(panel: Panel, experts_by_id: Mapping[str, Expert], *applicants: Applicant,
                   name: str | None = None) -> list[Problem]:
    """Composition wishes, not refusals: a certified examiner and an expert of each applicant's industry. `name`
    is the panel's; a draft's panel goes by its applicant's name. A panel without experts has staffing gaps
    (staffing_warnings, a draft's shortfalls), not composition ones."""
    experts = [experts_by_id[e] for e in panel.experts if e in experts_by_id]
    if not experts:
        return []
    name = name if name is not None else ", ".join(a.label for a in applicants)
    return certified_warnings(experts, name) + industry_warnings(experts, applicants, name)


def proposal_problems(proposal: Proposal, experts: Iterable[Expert], applicants: Iterable[Applicant],
                      conflicts: Conflicts) -> dict[str, list[Problem]]:
    """panel_problems for every panel of a proposal, loads counted across it; declared shortfalls pass."""
    experts_by_id = {e.id: e for e in experts}
    conflicts = conflict_map(conflicts)
    load = Counter(e for panel in proposal.panels.values() for e in set(panel.experts))
    found = {}
    for applicant in applicants:
        panel = proposal.panels[applicant.id]
        elsewhere = {e: load[e] - 1 for e in set(panel.experts)}
        problems = panel_problems(panel, experts_by_id, applicant, conflicts, elsewhere)
        shortfall = proposal.unfilled.get(applicant.id)
        if shortfall:
            declared = {"no_leader"} if shortfall.no_leader else set()
            if len(panel.experts) == applicant.panel_size - shortfall.missing:
                declared.add("size")
            problems = [p for p in problems if p[1][RULE] not in declared]
        if problems:
            found[applicant.id] = problems
    return found
