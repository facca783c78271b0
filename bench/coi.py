"""Conflict-of-interest benchmark (issues #4 and #19).

Builds seeded synthetic, heavy-tailed affiliation graphs at three scales and prints, per scale: the graph's size;
the ConflictEngine's build and full matrix (all experts x all applicants, every finding explained) back to back
with a typed sparse-matrix reference (bench/coi_reference.py) built from the same lists, three times, medians of
the CPU time; that both find the same conflicted pairs and findings; a one-panel interactive check; a typed
per-pair search of the same rules, timed on a sample of pairs and extrapolated (it also cross-checks the engine);
and the peak memory of the engine and of the reference, each in its own process.

    .venv/bin/python -m bench.coi [--scales city,province,national] [--seed N] [--profile] [--no-rss]
    .venv/bin/python bench/coi.py --scales city

Nothing here is asserted: the aims are recorded with bench.aims (PASS/MISS). The generator is not measured.
"""
import argparse
import cProfile
import gc
import io
import math
import os
import pstats
import random
import resource
import signal
import statistics
import subprocess
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/coi.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.aims import aim  # noqa: E402
from bench.coi_reference import SparseReference  # noqa: E402
from reviewapp.domain.coi import ORGANIZATION, PERSON, ConflictEngine, Declared, Entity, RelationFact, load_policy  # noqa: E402
from reviewapp.domain.coi.model import SYMMETRIC_TYPES  # noqa: E402
from reviewapp.domain.dates import years_before  # noqa: E402

AS_OF = date(2026, 11, 16)
FIRST_DAY = date(2010, 1, 1)
ROOT = Path(__file__).resolve().parent.parent
REPEAT = 3                       # engine and reference back to back, this many times: medians
AIM_PROVINCE_S = 0.5             # issue #4: the full matrix, wall clock
AIM_NATIONAL_S = 10.0
AIM_RATIO = 1000.0               # issue #4: per-pair search / matrix (informational since issue #19)
AIM_MATRIX_VS_REFERENCE = 1.5    # issue #19: engine matrix CPU <= 1.5 x the sparse reference's matrix + paths
AIM_BUILD_SPEEDUP = 3.0          # issue #19: build >= 3x faster than the engine of 2026-12-07
AIM_NATIONAL_PEAK_GB = 1.2       # issue #19: national peak RSS of the engine, in its own process
# Issue #19's side-by-side run on a busy machine: the typed per-pair search over the engine's matrix.
ISSUE_RATIO = {"province": 4_100, "national": 84_000}
# The engine's build (CPU seconds, median of 3) before issue #19, measured on this machine (2 cores, 24 GB) on
# 2026-12-07 with the engine of main at 47b6104, seed 2026, at load average 4-11 (other helpers benchmarking):
# the wall times were 2-7x the CPU times. The build aim compares the engine's build CPU time with these.
BEFORE_BUILD_S = {"city": 0.012, "province": 1.152, "national": 6.246}


@dataclass(frozen=True)
class Scale:
    name: str
    experts: int
    applicants: int
    entities: int
    relations: int
    org_share: float           # organizations / entities
    huge_groups: int
    huge_group_size: tuple[int, int]
    huge_associations: int
    past_jobs: float           # chance of an ended job per person (of a second one: a third of it)
    family: float              # family relations per person
    baseline_pairs: int        # sample size of the typed per-pair search
    baseline_timeout: float    # seconds per pair before the per-pair search is cut off


SCALES = {
    "city": Scale("city", 300, 60, 2_000, 6_000, 0.25, 2, (100, 180), 2, 0.30, 0.15, 1_000, 1.0),
    "province": Scale("province", 5_000, 1_000, 50_000, 200_000, 0.30, 4, (500, 2_500), 3, 0.45, 0.25,
                      2_000, 1.0),
    "national": Scale("national", 30_000, 5_000, 300_000, 1_500_000, 0.30, 6, (1_000, 6_000), 4, 0.55, 0.30,
                      2_000, 2.0),
}


def log(message: str) -> None:
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------------------------
# The generator (seeded, deterministic; not what is measured)
# ---------------------------------------------------------------------------------------------------------------

@dataclass
class Synthetic:
    entities: list[Entity]
    relations: list[RelationFact]
    experts: list[str]
    applicants: list[str]
    declared: list[Declared]
    groups: list[list[str]]        # the huge corporate groups' members, largest first


def generate(scale: Scale, seed: int) -> Synthetic:
    rng = random.Random(f"coi-bench/{seed}/{scale.name}")
    rand, randint, choice, sample, choices = rng.random, rng.randint, rng.choice, rng.sample, rng.choices
    lo, hi = FIRST_DAY.toordinal(), AS_OF.toordinal()
    days = [date.fromordinal(o) for o in range(lo, hi + 1)]
    n_days = len(days)

    raw: list[tuple] = []           # (type, source, target, start, end, share, degree)
    emit = raw.append

    def span(p_end: float, recent: bool = False):
        """(start, end): start spread over 2010..D (2% unknown), ended with probability p_end."""
        if rand() < 0.02:
            start_i = 0
            start = None
        else:
            start_i = randint(n_days // 2 if recent else 0, n_days - 2)
            start = days[start_i]
        if rand() < p_end:
            return start, days[randint(start_i, n_days - 1)]
        return start, None

    def share_value() -> float:     # log-uniform over 0.001..0.6: about 39% reach 5%
        return round(math.exp(rng.uniform(math.log(0.001), math.log(0.6))), 4)

    n_orgs = int(scale.entities * scale.org_share)
    n_people = scale.entities - n_orgs
    people = [f"P{i}" for i in range(n_people)]
    orgs = [f"O{i}" for i in range(n_orgs)]
    entities = [Entity(p, PERSON, f"person {p}") for p in people]
    entities += [Entity(o, ORGANIZATION, f"organization {o}", f"9121{int(o[1:]):014d}") for o in orgs]

    pool = orgs[:]
    rng.shuffle(pool)

    def take(count: int) -> list[str]:
        taken = pool[-count:]
        del pool[-count:]
        return taken

    huge_assocs = take(scale.huge_associations)
    small_assocs = take(max(3, n_orgs // 200))
    universities = take(max(5, n_orgs // 250))
    consultancies = take(max(3, n_orgs // 300))
    recommenders = take(max(3, scale.applicants // 15))
    government = take(max(3, n_orgs // 100))
    companies = pool                               # everything else

    # --- corporate groups: a few huge subsidiary_of trees (depth 2-4), many small ones, standalone the rest ---
    rng.shuffle(companies)
    cursor = 0
    groups: list[list[str]] = []
    for _ in range(scale.huge_groups):
        size = randint(*scale.huge_group_size)
        members = companies[cursor:cursor + size]
        cursor += size
        depth = randint(2, 4)
        groups.append(members)
        # level sizes grow geometrically; each member's parent is drawn from the level above
        base = (len(members) - 1) ** (1 / depth)
        weights = [base ** level for level in range(1, depth + 1)]
        sizes = [max(1, round((len(members) - 1) * w / sum(weights))) for w in weights]
        sizes[-1] = len(members) - 1 - sum(sizes[:-1])
        levels, at = [[members[0]]], 1
        for level_size in sizes:
            levels.append(members[at:at + level_size])
            at += level_size
        for upper, lower in zip(levels, levels[1:]):
            for child in lower:
                parent = choice(upper)
                emit(("subsidiary_of", child, parent, *span(0.05), None, None))
                emit(("shareholder_of", parent, child, *span(0.05), round(rng.uniform(0.2, 0.6), 4), None))
    small_group_members = []
    small_end = cursor + int((len(companies) - cursor) * 0.3)
    while cursor < small_end - 2:
        size = min(randint(2, 10), small_end - cursor)
        members = companies[cursor:cursor + size]
        cursor += size
        small_group_members.extend(members)
        for i, child in enumerate(members[1:], start=1):
            parent = members[0] if i < 3 or rand() < 0.5 else members[randint(1, i - 1)]
            emit(("subsidiary_of", child, parent, *span(0.1), None, None))
            if rand() < 0.7:
                emit(("shareholder_of", parent, child, *span(0.1), round(rng.uniform(0.05, 0.6), 4), None))
    standalone = companies[cursor:]
    group_of: dict[str, list[str]] = {}
    for members in groups:
        for member in members:
            group_of[member] = members

    # --- applicants: some inside the huge groups, some in small groups, most standalone ---
    n_in_huge = int(scale.applicants * 0.15)
    n_in_small = int(scale.applicants * 0.25)
    huge_members = [m for members in groups for m in members]
    applicants = sample(huge_members, n_in_huge) + sample(small_group_members, n_in_small)
    applicants += sample(standalone, scale.applicants - len(applicants))
    applicant_set = set(applicants)
    rng.shuffle(applicants)

    def near_applicant() -> str:
        """The applicant itself or an organization of its corporate group (often)."""
        applicant = choice(applicants)
        if rand() < 0.5:
            return applicant
        members = group_of.get(applicant)
        return choice(members) if members else applicant

    # --- experts: people; the rest are employees, officers, owners, relatives ---
    experts = sample(people, scale.experts)
    expert_set = set(experts)
    others = [p for p in people if p not in expert_set]

    # employers with heavy-tailed (Zipf) employee counts; the huge groups' flagships lead
    employers = companies + universities + consultancies + recommenders + government
    rng.shuffle(employers)
    flagships = [members[0] for members in groups] + [choice(members) for members in groups]
    flagship_set = set(flagships)
    employers = flagships + [e for e in employers if e not in flagship_set]
    cum, total = [], 0.0
    for rank in range(1, len(employers) + 1):
        total += rank ** -1.1
        cum.append(total)
    current = choices(employers, cum_weights=cum, k=len(others))
    for person, employer in zip(others, current):
        if rand() < 0.92:
            emit(("employed_by", person, employer, *span(0.0), None, None))
        jobs = (rand() < scale.past_jobs) + (rand() < scale.past_jobs / 3)
        for past in choices(employers, cum_weights=cum, k=jobs):
            emit(("employed_by", person, past, *span(1.0), None, None))

    # --- officers, legal representatives, persons in charge, owners of every company ---
    officer_pool = others
    for org in companies + consultancies + recommenders:
        emit(("legal_representative_of", choice(officer_pool), org, *span(0.25), None, None))
        if org in applicant_set or rand() < 0.3:
            emit(("person_in_charge_of", choice(officer_pool), org, *span(0.25), None, None))
        for _ in range(randint(0, 3)):
            emit(("director_of", choice(officer_pool), org, *span(0.35), None, None))
        if rand() < 0.5:
            emit(("supervisor_of", choice(officer_pool), org, *span(0.35), None, None))
        for _ in range(randint(0, 2)):
            emit(("senior_manager_of", choice(officer_pool), org, *span(0.35), None, None))
        for _ in range(randint(0, 2)):
            emit(("shareholder_of", choice(officer_pool), org, *span(0.3), share_value(), None))
        if rand() < 0.05:
            emit(("actual_controller_of", choice(officer_pool), org, *span(0.2), None, None))
        if rand() < 0.03:
            emit(("shareholder_of", choice(companies), org, *span(0.3), share_value(), None))
    for members in groups:
        emit(("actual_controller_of", choice(officer_pool), members[0], *span(0.0), None, None))

    # --- family among people: random pairs, blood degree 1-4 ---
    family_types = ("spouse_of", "in_law_of", "blood_relative_of")

    def family(a: str, b: str) -> None:
        rel_type = choice(family_types)
        degree = randint(1, 4) if rel_type == "blood_relative_of" else None
        emit((rel_type, a, b, *span(0.1), None, degree))

    for _ in range(int(n_people * scale.family)):
        a, b = choice(people), choice(people)
        if a != b:
            family(a, b)

    # --- consulting firms, competitors, recommending bodies ---
    for firm in consultancies:
        for _ in range(randint(3, 12)):
            emit(("consulted_for", firm, near_applicant() if rand() < 0.6 else choice(companies),
                  *span(0.4, recent=True), None, None))
    for _ in range(int(len(companies) * 0.03)):
        a, b = choice(companies), choice(companies)
        if a != b:
            emit(("competitor_of", a, b, *span(0.2), None, None))
    for applicant in applicants:
        if rand() < 0.2:
            emit(("competitor_of", applicant, choice(standalone), *span(0.2), None, None))
        emit(("recommended", recommenders[int(rng.paretovariate(1.2)) % len(recommenders)], applicant,
              *span(0.1, recent=True), None, None))
        if rand() < 0.2:
            emit(("recommended", choice(recommenders), applicant, *span(0.1, recent=True), None, None))

    # --- what makes experts experts: employment (mostly universities), with a share near the applicants ---
    uni_cum, total = [], 0.0
    for rank in range(1, len(universities) + 1):
        total += rank ** -0.8
        uni_cum.append(total)
    legal_reps = defaultdict(list)
    for rel in raw:
        if rel[0] in ("legal_representative_of", "person_in_charge_of") and rel[2] in applicant_set:
            legal_reps[rel[2]].append(rel[1])
    for expert in experts:
        draw = rand()
        if draw < 0.55:
            employer = choices(universities, cum_weights=uni_cum)[0]
        elif draw < 0.70:
            employer = choices(employers, cum_weights=cum)[0]
        elif draw < 0.78:
            employer = near_applicant()
        elif draw < 0.82:
            employer = choice(consultancies)
        elif draw < 0.86:
            employer = choice(recommenders)
        else:
            employer = choice(government)
        if rand() < 0.97:
            emit(("employed_by", expert, employer, *span(0.0), None, None))
        if rand() < 0.4:
            emit(("employed_by", expert, choices(employers, cum_weights=cum)[0], *span(1.0), None, None))
        if rand() < 0.03:
            emit(("director_of", expert, near_applicant() if rand() < 0.3 else choice(companies),
                  *span(0.3), None, None))
        if rand() < 0.04:
            emit(("shareholder_of", expert, near_applicant() if rand() < 0.4 else choice(companies),
                  *span(0.3), share_value(), None))
        if rand() < 0.04:
            for _ in range(randint(1, 2)):
                emit(("consulted_for", expert, near_applicant() if rand() < 0.5 else choice(companies),
                      *span(0.4, recent=True), None, None))
        if rand() < 0.3:
            family(expert, choice(others))
        if rand() < 0.03:
            reps = legal_reps[choice(applicants)]
            if reps:
                family(expert, choice(reps))

    # --- associations: member_of a large share of everyone; never a conflict. They fill the relation budget ---
    everyone = people + orgs
    budget = max(scale.relations - len(raw), 0)
    huge_budget = int(budget * 0.8)
    weights = [1.0 - 0.15 * i for i in range(len(huge_assocs))]
    for assoc, weight in zip(huge_assocs, weights):  # each has at least a fifth of everyone
        count = max(int(huge_budget * weight / sum(weights)), int(len(everyone) * 0.2))
        count = min(count, int(len(everyone) * 0.8))
        for member in sample(everyone, count):
            if member != assoc:
                emit(("member_of", member, assoc, *span(0.33), None, None))
    for member in choices(everyone, k=budget - huge_budget):
        assoc = small_assocs[int(rng.paretovariate(1.0)) % len(small_assocs)]
        if member != assoc:
            emit(("member_of", member, assoc, *span(0.33), None, None))

    relations = [RelationFact(str(i), *rel) for i, rel in enumerate(raw)]
    declared = [Declared(choice(experts), choice(applicants), "declared by the expert")
                for _ in range(5 + scale.experts // 1000)]
    groups.sort(key=len, reverse=True)
    return Synthetic(entities, relations, experts, applicants, declared, groups)


# ---------------------------------------------------------------------------------------------------------------
# The typed per-pair baseline: each pair on its own, the same rules, no shared work
# ---------------------------------------------------------------------------------------------------------------

class PairTimeout(Exception):
    pass


def _on_alarm(signum, frame):
    raise PairTimeout


class TypedPairSearch:
    """What checking each (expert, applicant) pair on its own costs: the applicant's corporate group is computed
    for the pair (ancestors-or-self through subsidiary_of relations active at D, then their descendants-or-self),
    then each rule's typed patterns are walked forward from the expert over typed adjacency dicts (relation type ->
    entity -> [(other end, relation)], symmetric types both ways), every relation checked against its step (active
    or within the lookback, share, degree), and the rule holds when a walk ends at the applicant or in its group.
    Nothing is kept from one pair to the next. The answer is the set of rules, without explanations."""

    def __init__(self, relations, declared, policy, as_of: date):
        self.policy, self.as_of = policy, as_of
        self.window_start = years_before(as_of, policy.lookback_years)
        named = {t for rule in policy.rules for pattern in rule.patterns for step in pattern for t in step.types}
        self.adjacency = {rel_type: defaultdict(list) for rel_type in named}
        self.parents, self.children = defaultdict(list), defaultdict(list)
        for fact in relations:
            if fact.type == "subsidiary_of":
                self.parents[fact.source].append((fact.target, fact))
                self.children[fact.target].append((fact.source, fact))
            if fact.type in named:
                self.adjacency[fact.type][fact.source].append((fact.target, fact))
                if fact.type in SYMMETRIC_TYPES:
                    self.adjacency[fact.type][fact.target].append((fact.source, fact))
        self.declared = {(d.expert, d.applicant) for d in declared}

    def active(self, fact) -> bool:
        return (fact.start is None or fact.start <= self.as_of) and (fact.end is None or fact.end >= self.as_of)

    def qualifies(self, fact, step) -> bool:
        if fact.start is not None and fact.start > self.as_of:
            return False
        if fact.end is not None and fact.end < (self.as_of if step.timing == "active" else self.window_start):
            return False
        if step.min_share is not None and fact.share is not None and fact.share < step.min_share:
            return False
        return not (step.max_degree is not None and fact.degree is not None and fact.degree > step.max_degree)

    def group(self, applicant: str) -> set[str]:
        ancestors, stack = {applicant}, [applicant]
        while stack:
            for parent, fact in self.parents.get(stack.pop(), ()):
                if parent not in ancestors and self.active(fact):
                    ancestors.add(parent)
                    stack.append(parent)
        members, stack = set(ancestors), list(ancestors)
        while stack:
            for child, fact in self.children.get(stack.pop(), ()):
                if child not in members and self.active(fact):
                    members.add(child)
                    stack.append(child)
        return members

    def reached(self, expert: str, pattern) -> set[str]:
        frontier = {expert}
        for step in pattern:
            frontier = {other for node in frontier for rel_type in step.types
                        for other, fact in self.adjacency[rel_type].get(node, ()) if self.qualifies(fact, step)}
        return frontier

    def pair_rules(self, expert: str, applicant: str) -> set[str]:
        group = self.group(applicant)
        rules = set()
        for rule in self.policy.rules:
            if rule.target == "declared":
                if (expert, applicant) in self.declared:
                    rules.add(rule.id)
                continue
            targets = group if rule.target == "group" else {applicant}
            if any(not targets.isdisjoint(self.reached(expert, pattern)) for pattern in rule.patterns):
                rules.add(rule.id)
        return rules

    def timed_pair(self, expert: str, applicant: str, timeout: float):
        """(CPU seconds, rules or None when cut off after `timeout` seconds of wall clock)."""
        previous = signal.signal(signal.SIGALRM, _on_alarm)
        started = time.process_time()
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout)
            rules = self.pair_rules(expert, applicant)
            signal.setitimer(signal.ITIMER_REAL, 0)
            return time.process_time() - started, rules
        except PairTimeout:
            return time.process_time() - started, None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


# ---------------------------------------------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------------------------------------------

def fmt_s(seconds: float) -> str:
    if seconds >= 86400 * 2:
        return f"{seconds / 86400:,.0f} days"
    if seconds >= 7200:
        return f"{seconds / 3600:,.1f} h"
    if seconds >= 1:
        return f"{seconds:,.2f} s"
    return f"{seconds * 1000:,.1f} ms"


def fmt_gb(n_bytes: float) -> str:
    return f"{n_bytes / 1e9:.2f} GB"


def clock(fn, *args):
    """(CPU seconds, wall seconds, result), after a full collection."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return time.process_time() - cpu, time.perf_counter() - wall, result


def load_average() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def side_by_side(data: Synthetic, policy, repeat: int):
    """The engine's build and matrix, then the reference's build and matrix + paths, back to back, `repeat` times.
    Returns ({measure: [(cpu, wall)]}, the engine of the last round, the engine's and the reference's findings)."""
    runs = defaultdict(list)
    findings = reference = engine = None
    # the engine imports networkx on first use (app start-up); neither build is charged with an import
    ConflictEngine([], [], AS_OF, policy).matrix([], [])
    SparseReference([], [], AS_OF, policy).findings([], [])
    for _ in range(repeat):
        engine = None
        gc.collect()
        cpu, wall, engine = clock(ConflictEngine, data.entities, data.relations, AS_OF, policy, data.declared)
        runs["engine build"].append((cpu, wall))
        if hasattr(engine, "visited"):  # a counter of the engine of 2026-12-07, not part of its contract
            engine.visited = 0
        cpu, wall, result = clock(engine.matrix, data.experts, data.applicants)
        runs["engine matrix"].append((cpu, wall))
        if findings is None:
            findings, visited = result, getattr(engine, "visited", None)
        del result
        cpu, wall, ref = clock(SparseReference, data.entities, data.relations, AS_OF, policy, data.declared)
        runs["reference build"].append((cpu, wall))
        cpu, wall, result = clock(ref.findings, data.experts, data.applicants)
        runs["reference matrix"].append((cpu, wall))
        runs["reference products"].append((ref.matrix_cpu_s, 0.0))
        if reference is None:
            reference = result
        del ref, result
    return runs, engine, findings, reference, visited


def median_cpu(runs, name: str) -> float:
    return statistics.median(cpu for cpu, _ in runs[name])


def median_wall(runs, name: str) -> float:
    return statistics.median(wall for _, wall in runs[name])


def run_scale(scale: Scale, seed: int, options) -> dict:
    t0 = time.perf_counter()
    log(f"\n=== {scale.name}: {scale.experts:,} experts x {scale.applicants:,} applicants (seed {seed}, "
        f"{load_average()}) ===")
    log("  generating ...")
    gc.disable()
    data = generate(scale, seed)
    gc.enable()
    gen_time = time.perf_counter() - t0
    types = Counter(r.type for r in data.relations)
    window_start = years_before(AS_OF, 3)
    ended = sum(1 for r in data.relations if r.end is not None)
    ended_early = sum(1 for r in data.relations if r.end is not None and r.end < window_start)
    employees = Counter(r.target for r in data.relations if r.type == "employed_by" and r.end is None)
    members = Counter(r.target for r in data.relations if r.type == "member_of")
    n_people = sum(1 for e in data.entities if e.kind == PERSON)
    log(f"  entities {len(data.entities):,} ({n_people:,} people, {len(data.entities) - n_people:,} organizations); "
        f"relations {len(data.relations):,} ({ended / len(data.relations):.0%} ended, "
        f"{ended_early / len(data.relations):.0%} before the 3-year window)  [generated in {gen_time:.1f} s]")
    log("  relation types: " + ", ".join(f"{t} {n:,}" for t, n in types.most_common()))
    log(f"  heavy tails: largest employers {', '.join(f'{n:,}' for _, n in employees.most_common(3))} "
        f"current employees; huge groups {', '.join(f'{len(g):,}' for g in data.groups)} organizations; "
        f"largest associations {', '.join(f'{n:,}' for _, n in members.most_common(3))} members")
    policy = load_policy()

    # --- engine and reference, back to back ---
    repeat = options.repeat
    log(f"  engine and typed sparse reference, back to back, {repeat} times ...")
    runs, engine, findings, reference, visited = side_by_side(data, policy, repeat)
    all_pairs = scale.experts * scale.applicants
    pairs = defaultdict(set)
    for f in findings:
        pairs[(f.expert, f.applicant)].add(f.rule)
    per_rule = Counter(f.rule for f in findings)
    explained = all(f.path and f.relations for f in findings)
    for name in ("engine build", "engine matrix", "reference build", "reference matrix"):
        cpus = ", ".join(fmt_s(cpu) for cpu, _ in runs[name])
        log(f"  {name + (' + paths' if name == 'reference matrix' else ''):26} CPU {fmt_s(median_cpu(runs, name)):>9} "
            f"(median of {cpus}), wall {fmt_s(median_wall(runs, name))}")
    log(f"  of the reference's matrix + paths, the sparse products (conflicted pairs, no paths): "
        f"{fmt_s(median_cpu(runs, 'reference products'))} CPU")
    log(f"  full matrix: {all_pairs:,} pairs, {len(pairs):,} conflicted ({len(pairs) / all_pairs:.3%}), "
        f"{len(findings):,} findings; every finding explained: {explained}"
        + (f"; edges visited {visited:,}" if visited is not None else ""))
    log("  findings per rule: " + ", ".join(f"{r.id} {per_rule.get(r.id, 0):,}" for r in policy.rules))
    engine_keys = {(f.expert, f.applicant, f.rule): len(f.relations) for f in findings}
    reference_keys = {(f[0], f[1], f[2]): len(f[4]) for f in reference}
    same_pairs = set(pairs) == {(f[0], f[1]) for f in reference}
    same_findings = engine_keys.keys() == reference_keys.keys()
    same_lengths = engine_keys == reference_keys
    log(f"  check against the reference: same conflicted pairs {same_pairs}, same (expert, applicant, rule) "
        f"findings {same_findings}, same shortest explanation lengths {same_lengths}")
    del reference, reference_keys
    results = {"scale": scale.name, "findings": len(findings), "conflicted": len(pairs), "agree": same_findings,
               "matrix_s": median_wall(runs, "engine matrix")}
    for name in runs:
        results[name] = median_cpu(runs, name)
    rng = random.Random(f"coi-bench/{seed}/{scale.name}/panel")

    # --- one panel, interactively ---
    panel_e, panel_a = rng.sample(data.experts, 5), rng.sample(data.applicants, 4)
    largest_group = set(data.groups[0])
    worst_a = ([a for a in data.applicants if a in largest_group] + panel_a)[:4]

    def panel(applicants, engine=engine):
        return sum(len(engine.conflicts(e, a)) for e in panel_e for a in applicants)

    results["panel_ms"] = []
    for label, apps in (("random panel", panel_a), ("panel on the largest group's applicants", worst_a)):
        gc.collect()
        results["panel_ms"].append(statistics.median(clock(panel, apps)[1] for _ in range(7)) * 1000)
        log(f"  one-panel check, 5 experts x 4 applicants, {label}: {results['panel_ms'][-1]:.2f} ms (median of 7)")

    if options.profile:
        profile_matrix(engine, data)
    del engine, findings
    gc.collect()

    # --- the typed per-pair baseline ---
    results.update(baseline(scale, data, policy, pairs, rng, options))
    del data
    gc.collect()
    if options.rss and scale.name != "city":  # at city scale the interpreter and its libraries are the peak
        measured = {method: peak_rss(method, scale.name, seed) for method in ("input", "engine", "reference")}
        results["rss"] = rss = {method: peak for method, (peak, _) in measured.items()}
        rss["held"] = measured["input"][1]
        log(f"  peak RSS, each in its own process (generating the graph, then the work): engine "
            f"{fmt_gb(rss['engine'])}, reference {fmt_gb(rss['reference'])}; generating the graph alone "
            f"{fmt_gb(rss['input'])}, of which the entity and relation lists hold {fmt_gb(rss['held'])}")
    record_aims(results)
    log(f"  [{scale.name} done in {time.perf_counter() - t0:.0f} s, {load_average()}; this process's peak RSS so "
        f"far {fmt_gb(peak_of_this_process())}]")
    return results


def baseline(scale: Scale, data: Synthetic, policy, pairs: dict, rng: random.Random, options) -> dict:
    search = TypedPairSearch(data.relations, data.declared, policy, AS_OF)
    n_pairs = options.baseline_pairs or scale.baseline_pairs
    timeout = options.baseline_timeout or scale.baseline_timeout
    sample = [(rng.choice(data.experts), rng.choice(data.applicants)) for _ in range(n_pairs)]
    log(f"  typed per-pair search on {n_pairs:,} random pairs (cut off after {timeout:g} s per pair) ...")
    spent, cut, agree = 0.0, 0, 0
    for e, a in sample:
        seconds, rules = search.timed_pair(e, a, timeout)
        spent += seconds
        if rules is None:
            cut += 1
        else:
            agree += rules == pairs.get((e, a), set())
    per_pair = spent / n_pairs
    total = per_pair * scale.experts * scale.applicants
    # the random pairs are rarely conflicted: check the engine on some of its conflicted pairs too
    conflicted = rng.sample(sorted(pairs), min(500, len(pairs)))
    c_agree = sum(search.pair_rules(e, a) == pairs[(e, a)] for e, a in conflicted)
    log(f"  typed per-pair search: {per_pair * 1e6:,.0f} us CPU per pair, {cut} of {n_pairs:,} pairs cut off "
        f"({cut / n_pairs:.1%}); extrapolated to all {scale.experts * scale.applicants:,} pairs: "
        f"{'>= ' if cut else ''}{fmt_s(total)} CPU")
    log(f"  cross-check: the per-pair search and the engine find the same rules on {agree:,} of "
        f"{n_pairs - cut:,} random pairs and on {c_agree} of {len(conflicted)} of the engine's conflicted pairs")
    return {"baseline_s": total, "baseline_cut": cut / n_pairs, "baseline_us": per_pair * 1e6,
            "baseline_agree": agree == n_pairs - cut and c_agree == len(conflicted)}


def record_aims(r: dict) -> None:
    scale = r["scale"]
    engine_m, ref_m = r["engine matrix"], r["reference matrix"]
    ratio = r["baseline_s"] / engine_m
    issue = f"; issue 19 measured ~{ISSUE_RATIO[scale]:,}x" if scale in ISSUE_RATIO else ""
    log(f"  typed per-pair search / engine matrix (CPU): {'>= ' if r['baseline_cut'] else ''}{ratio:,.0f}x{issue}")
    if scale == "city":  # milliseconds: the aims are set at province and national scale
        return
    aim("coi", f"{scale} typed per-pair search vs engine matrix (CPU, {r['baseline_cut']:.1%} cut off)",
        f"{fmt_s(r['baseline_s'])} vs {fmt_s(engine_m)} = {ratio:,.0f}x{issue}", f">= {AIM_RATIO:,.0f}x",
        ratio >= AIM_RATIO)
    aim("coi", f"{scale} matrix CPU vs typed sparse reference (matrix + paths)",
        f"{fmt_s(engine_m)} vs {fmt_s(ref_m)} = {engine_m / ref_m:.2f}x", f"<= {AIM_MATRIX_VS_REFERENCE}x",
        engine_m <= AIM_MATRIX_VS_REFERENCE * ref_m)
    before = BEFORE_BUILD_S[scale]
    build = r["engine build"]
    aim("coi", f"{scale} build CPU",
        f"{fmt_s(build)} vs reference build {fmt_s(r['reference build'])} ({build / r['reference build']:.1f}x), "
        f"and vs the 2026-12-07 engine {fmt_s(before)} ({before / build:.1f}x faster)",
        f">= {AIM_BUILD_SPEEDUP:g}x faster than the 2026-12-07 engine", before >= AIM_BUILD_SPEEDUP * build)
    limit = AIM_PROVINCE_S if scale == "province" else AIM_NATIONAL_S
    aim("coi", f"{scale} full matrix (issue 4, wall)", f"{fmt_s(r['matrix_s'])} (CPU {fmt_s(engine_m)})",
        f"< {limit:g} s", r["matrix_s"] < limit)
    if scale == "national" and "rss" in r:
        rss = r["rss"]
        aim("coi", "national peak RSS, own process",
            f"engine {fmt_gb(rss['engine'])} vs reference {fmt_gb(rss['reference'])} "
            f"(generating the graph alone {fmt_gb(rss['input'])}, the lists then hold {fmt_gb(rss['held'])})",
            f"<= {AIM_NATIONAL_PEAK_GB} GB",
            rss["engine"] <= AIM_NATIONAL_PEAK_GB * 1e9)


# --- peak memory, each method in its own process ---

def peak_rss(method: str, scale: str, seed: int) -> tuple[int, int]:
    """(peak resident set, resident set after generating the graph), in bytes, of a fresh process that generates
    the graph, then builds `method` and computes the full matrix ("input": generates only)."""
    command = [sys.executable, "-m", "bench.coi", "--peak-rss-of", method, "--scales", scale, "--seed", str(seed)]
    out = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout
    peak, held = out.split()[-2:]
    return int(peak), int(held)


def measure_own_peak(method: str, scale: Scale, seed: int) -> tuple[int, int]:
    """(peak RSS, RSS right after generating the graph), in bytes."""
    gc.disable()
    data = generate(scale, seed)
    gc.enable()
    gc.collect()
    with open("/proc/self/statm") as statm:
        held = int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    policy = load_policy()
    if method == "engine":
        engine = ConflictEngine(data.entities, data.relations, AS_OF, policy, data.declared)
        engine.matrix(data.experts, data.applicants)
    elif method == "reference":
        reference = SparseReference(data.entities, data.relations, AS_OF, policy, data.declared)
        reference.findings(data.experts, data.applicants)
    return peak_of_this_process(), held


def peak_of_this_process() -> int:
    """The high-water mark of this process's resident set (VmHWM), in bytes. Not getrusage's ru_maxrss: Linux
    carries the parent's high-water mark over into a child's ru_maxrss at fork and exec, so a child of a bench
    that already holds a national graph would report the parent's peak."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # no /proc: KiB on Linux


def profile_matrix(engine, data) -> None:
    log("  profiling the full matrix (cProfile; times inflated by the profiler) ...")
    profiler = cProfile.Profile()
    profiler.enable()
    engine.matrix(data.experts, data.applicants)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(18)
        text = out.getvalue()
        log(f"  --- top functions by {order} ---")
        log(text[text.find("   ncalls"):].rstrip())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="city,province,national",
                        help="comma-separated, from: " + ", ".join(SCALES))
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=REPEAT, help="rounds of engine and reference (medians)")
    parser.add_argument("--profile", action="store_true", help="cProfile the full matrix at each scale")
    parser.add_argument("--baseline-pairs", "--naive-pairs", type=int, default=0,
                        help="override the typed per-pair search's sample size")
    parser.add_argument("--baseline-timeout", "--naive-timeout", type=float, default=0.0,
                        help="override its per-pair cut-off (s)")
    parser.add_argument("--no-rss", dest="rss", action="store_false",
                        help="skip the peak memory of the engine and the reference (a process each)")
    parser.add_argument("--peak-rss-of", choices=("input", "engine", "reference"), help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    names = [s.strip() for s in options.scales.split(",") if s.strip()]
    unknown = [n for n in names if n not in SCALES]
    if unknown:
        parser.error(f"unknown scale(s) {', '.join(unknown)}; choose from {', '.join(SCALES)}")
    if options.peak_rss_of:  # the child process of peak_rss
        print(*measure_own_peak(options.peak_rss_of, SCALES[names[0]], options.seed))
        return 0
    import scipy

    log(f"COI benchmark: as_of {AS_OF}, policy {load_policy().version}, Python {sys.version.split()[0]}, "
        f"scipy {scipy.__version__}, single-threaded, {os.cpu_count()} cores, {load_average()}")
    results = [run_scale(SCALES[name], options.seed, options) for name in names]
    log("\n=== conflict engine (CPU seconds, medians; the issue-4 aims are wall clock) ===")
    for r in results:
        log(f"  {r['scale']:9} build {fmt_s(r['engine build']):>9} (reference {fmt_s(r['reference build'])}, "
            f"2026-12-07 {fmt_s(BEFORE_BUILD_S[r['scale']])})   matrix {fmt_s(r['engine matrix']):>9} "
            f"(reference {fmt_s(r['reference matrix'])}, wall {fmt_s(r['matrix_s'])})   "
            f"panel {r['panel_ms'][0]:.1f} / {r['panel_ms'][1]:.1f} ms   per-pair search "
            f"{r['baseline_s'] / r['engine matrix']:,.0f}x"
            + (f"   peak RSS {fmt_gb(r['rss']['engine'])} / reference {fmt_gb(r['rss']['reference'])}"
               if "rss" in r else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
