"""Who may apply for the Mayor's Quality Award: the conditions and bans of Art. 11, 12 and 30-32.

The office decides; this module prepares the decision. `check_eligibility` returns every check, passed or
not, each naming its article and the records and dates it rests on, so the office can see why, not just
whether. Art. 11(1) and 11(3)-(5) cannot be computed: they wait for a judgement the office records.

Everything is judged at the cycle's reference date D. Facts dated after D are ignored: at D they had not
happened yet, and the same application must get the same answer whenever the check is re-run.

User-facing texts are English templates marked with N_() plus a params dict (dates as ISO strings); the web
layer renders them as gettext(message) % params.
"""
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum

from reviewapp.domain.credit_code import BENXI_DIVISIONS
from reviewapp.domain.dates import years_after, years_before
from reviewapp.domain.i18n import N_

# --- thresholds, in years (the titles below repeat the numbers in words: keep them in step) ---
OPERATING_YEARS = 3  # Art. 11(2): 正常运营3年以上 ("以上" includes 3)
CREDIT_LOOKBACK_YEARS = 3  # Art. 11(6): 近3年内
REAPPLY_WAIT_YEARS = 5  # Art. 12: 获奖5年之后方可再次申报
FALSE_MATERIALS_BAN_YEARS = 5  # Art. 30: 5年内不予受理
FRAUD_BAN_YEARS = 10  # Art. 31: 10年内不得参加各类质量奖项的申报

# Chars 3-8 of the unified social credit code are the registering authority's division; Benxi city is 2105xx.
BENXI_DIVISION_PREFIX = "2105"

# --- kinds of facts ---
MAJOR_ACCIDENT = "major_accident"  # 重大质量、安全、环保等责任事故
ABNORMAL_OPERATIONS = "abnormal_operations"  # 列入经营异常名录
SERIOUS_DISHONESTY = "serious_dishonesty"  # 列入严重违法失信名单
ADMINISTRATIVE_PENALTY = "administrative_penalty"  # 行政处罚
FAILED_SPOT_CHECK = "failed_spot_check"  # 国家、省、市监督抽查不合格
# Art. 31: an award revoked for fraud or bribery is entered in the organization's credit record (纳入信用记录),
# dated the city government's decision; Art. 11(6) (良好的信用记录) then sees it like the other records.
AWARD_FRAUD = "award_fraud"
CREDIT_RECORD_KINDS = (
    MAJOR_ACCIDENT, ABNORMAL_OPERATIONS, SERIOUS_DISHONESTY, ADMINISTRATIVE_PENALTY, FAILED_SPOT_CHECK, AWARD_FRAUD,
)
# A listing lasts from the day it is listed until it is removed; the other kinds happen on one day.
LISTING_KINDS = (ABNORMAL_OPERATIONS, SERIOUS_DISHONESTY)

AWARD = "award"  # 市长质量奖
NOMINATION = "nomination"  # 市长质量奖提名奖
AWARD_KINDS = (AWARD, NOMINATION)
REVOCATION_ARTICLES = (31, 32)

FALSE_MATERIALS = "false_materials"  # Art. 30: 隐瞒有关情况或者提供虚假材料
FRAUD_OR_BRIBERY = "fraud_or_bribery"  # Art. 31: 弄虚作假、贿赂等不正当手段
FINDING_KINDS = (FALSE_MATERIALS, FRAUD_OR_BRIBERY)

JUDGEMENT_ITEMS = ("art11_1", "art11_3", "art11_4", "art11_5")


# --- inputs ---
@dataclass(frozen=True)
class CreditRecordFact:
    """A credit record. Point events use `start` only; listings count from `start` to `end` (None: still listed)."""

    id: int
    kind: str
    start: date
    end: date | None
    source: str
    description: str = ""

    def __post_init__(self):
        # An unknown kind would silently match no rule and let the organization pass.
        if self.kind not in CREDIT_RECORD_KINDS:
            raise ValueError(f"unknown credit record kind: {self.kind!r}")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"credit record {self.id} ends before it starts")


@dataclass(frozen=True)
class AwardFact:
    """An award or nomination award the organization received, and its revocation if any. `revoked_on` is the date
    of the city government's revocation decision (Art. 31, 32: the city government revokes): the bans run from it."""

    id: int
    kind: str
    awarded_on: date
    cycle_name: str | None
    revoked_on: date | None = None
    revocation_article: int | None = None
    repeat: bool = False

    def __post_init__(self):
        if self.kind not in AWARD_KINDS:
            raise ValueError(f"unknown award kind: {self.kind!r}")
        # The article decides the consequence (10-year ban or one cycle), so a revocation must name it.
        if (self.revoked_on is None) != (self.revocation_article is None):
            raise ValueError(f"award {self.id}: revoked_on and revocation_article go together")
        if self.revocation_article is not None and self.revocation_article not in REVOCATION_ARTICLES:
            raise ValueError(f"award {self.id}: revocation article must be 31 or 32")


@dataclass(frozen=True)
class FindingFact:
    """A finding by the office: false materials (Art. 30) or an award obtained by fraud or bribery (Art. 31)."""

    id: int
    kind: str
    found_on: date
    description: str = ""

    def __post_init__(self):
        if self.kind not in FINDING_KINDS:
            raise ValueError(f"unknown finding kind: {self.kind!r}")


@dataclass(frozen=True)
class JudgementFact:
    """The office's recorded judgement on one of the conditions that need a person (Art. 11(1), (3)-(5))."""

    item: str
    passed: bool
    note: str
    recorded_on: date
    recorded_by: str

    def __post_init__(self):
        if self.item not in JUDGEMENT_ITEMS:
            raise ValueError(f"unknown judgement item: {self.item!r}")


@dataclass(frozen=True)
class OrganizationFacts:
    """What is known about an applicant. `division_code` is chars 3-8 of its unified social credit code."""

    division_code: str | None
    division_name: str | None
    founded_on: date | None
    credit_records: tuple[CreditRecordFact, ...] = ()
    awards: tuple[AwardFact, ...] = ()
    findings: tuple[FindingFact, ...] = ()


@dataclass(frozen=True)
class CycleFacts:
    """A cycle (届). D = reference_date; previous_reference_date is the previous cycle's D (None if first)."""

    name: str
    reference_date: date
    previous_reference_date: date | None = None

    def __post_init__(self):
        if self.previous_reference_date is not None and self.previous_reference_date >= self.reference_date:
            raise ValueError("the previous cycle's reference date must come before this cycle's")


# --- outputs ---
class Outcome(str, Enum):
    PASS = "pass"
    FAIL = "fail"
    JUDGEMENT = "needs_judgement"


@dataclass(frozen=True)
class Evidence:
    """One record a check rests on. `message % params` describes it."""

    record_type: str  # "credit_record" | "award" | "finding" | "judgement" | "organization"
    record_id: int | None
    on: date | None
    message: str
    params: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Check:
    """One rule's result. `message % params` explains the outcome in one sentence, pass or fail."""

    rule: str
    article: str
    title: str
    outcome: Outcome
    automatic: bool
    message: str
    params: dict
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class EligibilityReport:
    checks: tuple[Check, ...]

    @property
    def outcome(self) -> Outcome:
        """A single failure decides; otherwise any open judgement keeps the answer open."""
        outcomes = {c.outcome for c in self.checks}
        if Outcome.FAIL in outcomes:
            return Outcome.FAIL
        if Outcome.JUDGEMENT in outcomes:
            return Outcome.JUDGEMENT
        return Outcome.PASS

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.outcome is Outcome.FAIL)

    @property
    def failed_automatic(self) -> tuple[Check, ...]:
        return tuple(c for c in self.failed if c.automatic)

    @property
    def pending_judgements(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.outcome is Outcome.JUDGEMENT)

    def check(self, rule: str) -> Check:
        for c in self.checks:
            if c.rule == rule:
                return c
        raise KeyError(rule)


# --- helpers ---
def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _first_day_reaching(day: date, years: int) -> date:
    """The earliest reference date D with years_before(D, years) >= day.

    Usually years_after(day, years), but for 29 February that gives 28 February, whose years_before is
    28 February, one day short: the first qualifying day is then 1 March.
    """
    candidate = years_after(day, years)
    if years_before(candidate, years) < day:
        candidate += timedelta(days=1)
    return candidate


def _in_force_at(award: AwardFact, d: date) -> bool:
    """Received by D and not revoked by D."""
    return award.awarded_on <= d and (award.revoked_on is None or award.revoked_on > d)


def _revoked_under(org: OrganizationFacts, article: int, d: date) -> list[AwardFact]:
    return [a for a in org.awards if a.revocation_article == article and a.revoked_on <= d]


def _award_evidence(award: AwardFact) -> Evidence:
    params = {"record_id": award.id, "awarded_on": _iso(award.awarded_on), "year": award.awarded_on.year,
              "cycle_name": award.cycle_name, "revoked_on": _iso(award.revoked_on),
              "revocation_article": award.revocation_article}
    if award.revoked_on is not None:
        message = (N_("Record %(record_id)s: award received on %(awarded_on)s, revoked on %(revoked_on)s "
                      "under Art. %(revocation_article)s.")
                   if award.kind == AWARD else
                   N_("Record %(record_id)s: nomination award received on %(awarded_on)s, revoked on "
                      "%(revoked_on)s under Art. %(revocation_article)s."))
        return Evidence("award", award.id, award.revoked_on, message, params)
    message = (N_("Record %(record_id)s: award received on %(awarded_on)s.") if award.kind == AWARD else
               N_("Record %(record_id)s: nomination award received on %(awarded_on)s."))
    return Evidence("award", award.id, award.awarded_on, message, params)


def _finding_evidence(finding: FindingFact) -> Evidence:
    message = (N_("Finding %(record_id)s: false materials or concealment found on %(found_on)s.")
               if finding.kind == FALSE_MATERIALS else
               N_("Finding %(record_id)s: award obtained by fraud or bribery, found on %(found_on)s."))
    params = {"record_id": finding.id, "found_on": _iso(finding.found_on), "description": finding.description}
    return Evidence("finding", finding.id, finding.found_on, message, params)


# --- Art. 11(2) ---
def _registered_in_benxi(org: OrganizationFacts) -> Check:
    """Art. 11(2): the applicant is registered within the Benxi administrative area."""
    def result(outcome, message, params, evidence=()):
        return Check("registered_in_benxi", "Art. 11(2)", N_("Registered in Benxi"), outcome, True,
                     message, params, evidence)

    code = org.division_code
    if not code:
        return result(Outcome.FAIL, N_("The organization has no valid unified social credit code, so its place "
                                       "of registration cannot be established."), {})
    # The caller may not know the name of a division; the Benxi ones are listed here.
    name = org.division_name or BENXI_DIVISIONS.get(code)
    params = {"division_code": code, "division_name": name, "benxi_prefix": BENXI_DIVISION_PREFIX}
    evidence = (Evidence("organization", None, None,
                         N_("Division %(division_code)s, from the unified social credit code."), dict(params)),)
    if code.startswith(BENXI_DIVISION_PREFIX):
        message = (N_("Registered in %(division_name)s (division %(division_code)s), within Benxi.") if name else
                   N_("Registered in division %(division_code)s, within Benxi."))
        return result(Outcome.PASS, message, params, evidence)
    message = (N_("Registered in %(division_name)s (division %(division_code)s), outside Benxi "
                  "(Benxi divisions start with %(benxi_prefix)s).") if name else
               N_("Registered in division %(division_code)s, outside Benxi "
                  "(Benxi divisions start with %(benxi_prefix)s)."))
    return result(Outcome.FAIL, message, params, evidence)


def _operating_three_years(org: OrganizationFacts, d: date) -> Check:
    """Art. 11(2): the applicant has operated normally for 3 years or more."""
    threshold = years_before(d, OPERATING_YEARS)
    params = {"founded_on": _iso(org.founded_on), "threshold": _iso(threshold), "reference_date": _iso(d),
              "years": OPERATING_YEARS}

    def result(outcome, message, evidence=()):
        return Check("operating_three_years", "Art. 11(2)", N_("Operating for 3 years or more"), outcome, True,
                     message, params, evidence)

    if org.founded_on is None:
        # Not a failure: the date is missing from our data, not from the organization's history.
        return result(Outcome.JUDGEMENT, N_("The founding date is not recorded; the office must check that the "
                                            "organization had operated for %(years)s years or more by "
                                            "%(reference_date)s."))
    evidence = (Evidence("organization", None, org.founded_on, N_("Founded on %(founded_on)s."),
                         {"founded_on": _iso(org.founded_on)}),)
    if org.founded_on <= threshold:
        return result(Outcome.PASS, N_("Founded on %(founded_on)s, on or before %(threshold)s: operating for "
                                       "%(years)s years or more at %(reference_date)s."), evidence)
    params["qualifies_on"] = _iso(_first_day_reaching(org.founded_on, OPERATING_YEARS))
    return result(Outcome.FAIL, N_("Founded on %(founded_on)s, after %(threshold)s: not yet operating for "
                                   "%(years)s years at %(reference_date)s; it would qualify from "
                                   "%(qualifies_on)s."), evidence)


# --- Art. 11(6) ---
@dataclass(frozen=True)
class _CreditRule:
    kind: str
    rule: str
    title: str
    pass_message: str
    fail_message: str
    evidence_message: str  # point event, or a listing that was removed
    open_evidence_message: str = ""  # a listing never removed


_CREDIT_RULES = (
    _CreditRule(
        MAJOR_ACCIDENT, "no_major_accident", N_("No major accident in the last 3 years"),
        N_("No major quality, safety or environmental accident on record between %(window_start)s and "
           "%(reference_date)s."),
        N_("A major quality, safety or environmental accident is on record between %(window_start)s and "
           "%(reference_date)s."),
        N_("Record %(record_id)s: major accident on %(start)s (source: %(source)s)."),
    ),
    _CreditRule(
        ABNORMAL_OPERATIONS, "not_abnormal_operations", N_("Not on the abnormal-operations list in the last 3 years"),
        N_("Not on the abnormal-operations list at any time between %(window_start)s and %(reference_date)s."),
        N_("On the abnormal-operations list at some time between %(window_start)s and %(reference_date)s."),
        N_("Record %(record_id)s: on the abnormal-operations list from %(start)s to %(end)s "
           "(source: %(source)s)."),
        N_("Record %(record_id)s: on the abnormal-operations list since %(start)s, not removed "
           "(source: %(source)s)."),
    ),
    _CreditRule(
        SERIOUS_DISHONESTY, "not_serious_dishonesty", N_("Not on the serious-dishonesty list in the last 3 years"),
        N_("Not on the serious-dishonesty list at any time between %(window_start)s and %(reference_date)s."),
        N_("On the serious-dishonesty list at some time between %(window_start)s and %(reference_date)s."),
        N_("Record %(record_id)s: on the serious-dishonesty list from %(start)s to %(end)s (source: %(source)s)."),
        N_("Record %(record_id)s: on the serious-dishonesty list since %(start)s, not removed "
           "(source: %(source)s)."),
    ),
    _CreditRule(
        ADMINISTRATIVE_PENALTY, "no_administrative_penalty", N_("No administrative penalty in the last 3 years"),
        N_("No administrative penalty on record between %(window_start)s and %(reference_date)s."),
        N_("An administrative penalty is on record between %(window_start)s and %(reference_date)s."),
        N_("Record %(record_id)s: administrative penalty on %(start)s (source: %(source)s)."),
    ),
    _CreditRule(
        FAILED_SPOT_CHECK, "no_failed_spot_check", N_("No failed spot check in the last 3 years"),
        N_("No failed national, provincial or city spot check between %(window_start)s and %(reference_date)s."),
        N_("A failed national, provincial or city spot check is on record between %(window_start)s and "
           "%(reference_date)s."),
        N_("Record %(record_id)s: failed supervisory spot check on %(start)s (source: %(source)s)."),
    ),
    _CreditRule(
        AWARD_FRAUD, "no_award_fraud_record", N_("No quality award revoked for fraud in the last 3 years"),
        N_("No quality award revoked for fraud or bribery on record between %(window_start)s and "
           "%(reference_date)s."),
        N_("A quality award revoked for fraud or bribery (Art. 31) is on record between %(window_start)s and "
           "%(reference_date)s."),
        N_("Record %(record_id)s: quality award revoked for fraud or bribery on %(start)s (source: %(source)s)."),
    ),
)


def _counts_in_window(record: CreditRecordFact, window_start: date, d: date) -> bool:
    """Art. 11(6): a point event counts if it happened in [D - 3 years, D]; a listing if it overlaps that range."""
    if record.start > d:
        return False  # after D: not yet on record when the rules judge
    if record.kind in LISTING_KINDS:
        return record.end is None or record.end >= window_start
    return record.start >= window_start


def _credit_check(spec: _CreditRule, org: OrganizationFacts, d: date) -> Check:
    """Art. 11(6): in the last 3 years, no major accident, listing, administrative penalty or failed spot check."""
    window_start = years_before(d, CREDIT_LOOKBACK_YEARS)
    params = {"window_start": _iso(window_start), "reference_date": _iso(d), "years": CREDIT_LOOKBACK_YEARS}
    offending = sorted((r for r in org.credit_records if r.kind == spec.kind and _counts_in_window(r, window_start, d)),
                       key=lambda r: (r.start, r.id))
    evidence = tuple(
        Evidence("credit_record", r.id, r.start,
                 spec.open_evidence_message if r.kind in LISTING_KINDS and r.end is None else spec.evidence_message,
                 {"record_id": r.id, "start": _iso(r.start), "end": _iso(r.end), "source": r.source,
                  "description": r.description})
        for r in offending)
    outcome, message = (Outcome.FAIL, spec.fail_message) if offending else (Outcome.PASS, spec.pass_message)
    return Check(spec.rule, "Art. 11(6)", spec.title, outcome, True, message, params, evidence)


# --- Art. 12 ---
def _award_wait_five_years(org: OrganizationFacts, d: date) -> Check:
    """Art. 12: a winner may apply again only five years after winning."""
    def result(outcome, message, params, evidence=()):
        return Check("award_wait_five_years", "Art. 12", N_("Five years since the last award"), outcome, True,
                     message, params, evidence)

    base = {"years": REAPPLY_WAIT_YEARS, "reference_date": _iso(d)}
    # A revoked award is no award: Art. 31 and 32 say what follows a revocation, not Art. 12.
    awards = sorted((a for a in org.awards if a.kind == AWARD and _in_force_at(a, d)), key=lambda a: a.awarded_on)
    if not awards:
        if any(a.kind == AWARD and a.awarded_on <= d for a in org.awards):
            return result(Outcome.PASS, N_("Its award was revoked, so the %(years)s-year wait does not apply; "
                                           "the bans of Art. 31 and 32 are checked separately."), base)
        return result(Outcome.PASS, N_("Has never won the award, so the %(years)s-year wait does not apply."), base)
    blocking = [a for a in awards if d < years_after(a.awarded_on, REAPPLY_WAIT_YEARS)]
    latest = awards[-1]
    params = {**base, "awarded_on": _iso(latest.awarded_on), "cycle_name": latest.cycle_name,
              "may_apply_from": _iso(years_after(latest.awarded_on, REAPPLY_WAIT_YEARS))}
    if blocking:
        return result(Outcome.FAIL, N_("Won the award on %(awarded_on)s; a winner may apply again only "
                                       "%(years)s years after winning, from %(may_apply_from)s."),
                      params, tuple(_award_evidence(a) for a in blocking))
    return result(Outcome.PASS, N_("Last won the award on %(awarded_on)s; %(years)s years have passed, so it may "
                                   "apply again (since %(may_apply_from)s)."), params, (_award_evidence(latest),))


def _nomination_not_again(org: OrganizationFacts, d: date, applying_for: str) -> Check:
    """Art. 12: a nomination winner may apply for the award, but is not given the nomination award twice."""
    def result(outcome, message, params, evidence=()):
        return Check("nomination_not_again", "Art. 12", N_("No second nomination award"), outcome, True,
                     message, params, evidence)

    nominations = sorted((a for a in org.awards if a.kind == NOMINATION and _in_force_at(a, d)),
                         key=lambda a: a.awarded_on)
    params = {"applying_for": applying_for}
    if not nominations:
        message = (N_("Has never received the nomination award, so it may apply for it.")
                   if applying_for == NOMINATION else
                   N_("Applies for the award; the rule against a second nomination award does not limit it."))
        return result(Outcome.PASS, message, params)
    latest = nominations[-1]
    params.update(awarded_on=_iso(latest.awarded_on), year=latest.awarded_on.year, cycle_name=latest.cycle_name)
    evidence = tuple(_award_evidence(a) for a in nominations)
    if applying_for == NOMINATION:
        return result(Outcome.FAIL, N_("Received the nomination award on %(awarded_on)s; the nomination award is "
                                       "not given twice, though it may apply for the award."), params, evidence)
    return result(Outcome.PASS, N_("Received the nomination award in %(year)s; it may receive the award, but not "
                                   "the nomination award again."), params, evidence)


# --- Art. 30-32 ---
def _false_materials_ban(org: OrganizationFacts, d: date) -> Check:
    """Art. 30: after concealment or false materials, no application is accepted for 5 years."""
    def result(outcome, message, params, evidence=()):
        return Check("false_materials_ban", "Art. 30", N_("No false-materials ban"), outcome, True,
                     message, params, evidence)

    findings = sorted((f for f in org.findings if f.kind == FALSE_MATERIALS and f.found_on <= d),
                      key=lambda f: f.found_on)
    base = {"years": FALSE_MATERIALS_BAN_YEARS, "reference_date": _iso(d)}
    if not findings:
        return result(Outcome.PASS, N_("No finding of false materials or concealment."), base)
    # The latest finding sets the end of the ban: bans from several findings do not add up, they overlap.
    latest = findings[-1]
    params = {**base, "found_on": _iso(latest.found_on),
              "accepted_from": _iso(years_after(latest.found_on, FALSE_MATERIALS_BAN_YEARS))}
    active = [f for f in findings if d < years_after(f.found_on, FALSE_MATERIALS_BAN_YEARS)]
    if active:
        return result(Outcome.FAIL, N_("False materials or concealment were found on %(found_on)s; no application "
                                       "is accepted for %(years)s years, until %(accepted_from)s."),
                      params, tuple(_finding_evidence(f) for f in active))
    return result(Outcome.PASS, N_("The false-materials finding of %(found_on)s is %(years)s years old or more; "
                                   "applications are accepted again since %(accepted_from)s."),
                  params, (_finding_evidence(latest),))


def _fraud_ban(org: OrganizationFacts, d: date) -> Check:
    """Art. 31: an award obtained by fraud or bribery is revoked, and the organization is barred for 10 years."""
    def result(outcome, message, params, evidence=()):
        return Check("fraud_ban", "Art. 31", N_("No fraud or bribery ban"), outcome, True,
                     message, params, evidence)

    # Either the revocation or the office's finding starts the ban; whichever we hold counts.
    starts = [(a.revoked_on, _award_evidence(a)) for a in _revoked_under(org, 31, d)]
    starts += [(f.found_on, _finding_evidence(f)) for f in org.findings
               if f.kind == FRAUD_OR_BRIBERY and f.found_on <= d]
    base = {"years": FRAUD_BAN_YEARS, "reference_date": _iso(d)}
    if not starts:
        return result(Outcome.PASS, N_("No award revoked for fraud or bribery and no such finding."), base)
    starts.sort(key=lambda s: s[0])
    since = starts[-1][0]
    params = {**base, "since": _iso(since), "may_apply_from": _iso(years_after(since, FRAUD_BAN_YEARS))}
    active = [ev for on, ev in starts if d < years_after(on, FRAUD_BAN_YEARS)]
    if active:
        return result(Outcome.FAIL, N_("An award obtained by fraud or bribery was revoked or found on %(since)s; "
                                       "no quality award may be applied for during %(years)s years, until "
                                       "%(may_apply_from)s."), params, tuple(active))
    return result(Outcome.PASS, N_("The fraud or bribery ban that began on %(since)s has run its %(years)s years; "
                                   "applications are possible again since %(may_apply_from)s."),
                  params, (starts[-1][1],))


def _revoked_next_cycle(org: OrganizationFacts, cycle: CycleFacts) -> Check:
    """Art. 32: an organization whose award was revoked may not take part in the next cycle."""
    def result(outcome, message, params, evidence=()):
        return Check("revoked_next_cycle", "Art. 32", N_("Not barred by a revocation"), outcome, True,
                     message, params, evidence)

    d, previous = cycle.reference_date, cycle.previous_reference_date
    revoked = sorted(_revoked_under(org, 32, d), key=lambda a: a.revoked_on)
    base = {"cycle_name": cycle.name, "reference_date": _iso(d), "previous_reference_date": _iso(previous)}
    if not revoked:
        later = sorted((a for a in org.awards if a.revocation_article == 32 and a.revoked_on > d),
                       key=lambda a: a.revoked_on)
        if later:  # revoked while this cycle runs: it bars the cycle after, and the explanation must say so
            return result(Outcome.PASS, N_("The revocation of %(revoked_on)s under Art. 32 came after this cycle's "
                                           "reference date %(reference_date)s: it bars the next cycle, not this one."),
                          {**base, "revoked_on": _iso(later[0].revoked_on)}, (_award_evidence(later[0]),))
        return result(Outcome.PASS, N_("No award revoked under Art. 32."), base)
    # The next cycle after a revocation is the first whose reference date is on or after it. A revocation
    # after the previous reference date (and by D) therefore bars this cycle; an earlier one barred another.
    barring = [a for a in revoked if previous is None or a.revoked_on > previous]
    if barring:
        params = {**base, "revoked_on": _iso(barring[-1].revoked_on)}
        return result(Outcome.FAIL, N_("The award was revoked on %(revoked_on)s under Art. 32; the organization "
                                       "may not take part in the next cycle after the revocation, which is "
                                       "%(cycle_name)s."), params, tuple(_award_evidence(a) for a in barring))
    latest = revoked[-1]
    params = {**base, "revoked_on": _iso(latest.revoked_on)}
    return result(Outcome.PASS, N_("The revocation of %(revoked_on)s under Art. 32 came before the previous cycle's "
                                   "reference date %(previous_reference_date)s; it barred an earlier cycle, not "
                                   "this one."), params, (_award_evidence(latest),))


# --- Art. 11(1), (3)-(5): judgements ---
_JUDGEMENT_RULES = (
    ("art11_1", "Art. 11(1)", N_("Abides by law and policy")),
    ("art11_3", "Art. 11(3)", N_("Sound quality management with notable results")),
    ("art11_4", "Art. 11(4)", N_("Leading results or social contribution in its sector in Benxi")),
    ("art11_5", "Art. 11(5)", N_("Innovation in quality, standards and brands")),
)


def _judgement_check(item: str, article: str, title: str, judgements: list[JudgementFact]) -> Check:
    """Art. 11(1), (3)-(5): conditions only a person can assess; the office's latest recorded judgement counts."""
    mine = [j for j in judgements if j.item == item]
    if not mine:
        return Check(item, article, title, Outcome.JUDGEMENT, False,
                     N_("Not yet judged: the office must record whether the organization meets this condition."), {})
    # A later judgement revises an earlier one; on the same day, the one given last wins (sorted is stable).
    latest = sorted(mine, key=lambda j: j.recorded_on)[-1]
    params = {"recorded_on": _iso(latest.recorded_on), "recorded_by": latest.recorded_by, "note": latest.note}
    evidence = (Evidence("judgement", None, latest.recorded_on,
                         N_("Note by %(recorded_by)s on %(recorded_on)s: %(note)s"), dict(params)),)
    if latest.passed:
        return Check(item, article, title, Outcome.PASS, False,
                     N_("The office judged on %(recorded_on)s that the condition is met (%(recorded_by)s)."),
                     params, evidence)
    return Check(item, article, title, Outcome.FAIL, False,
                 N_("The office judged on %(recorded_on)s that the condition is not met (%(recorded_by)s)."),
                 params, evidence)


RULES = (
    "registered_in_benxi",
    "operating_three_years",
    *(spec.rule for spec in _CREDIT_RULES),
    "award_wait_five_years",
    "nomination_not_again",
    "false_materials_ban",
    "fraud_ban",
    "revoked_next_cycle",
    *JUDGEMENT_ITEMS,
)


def check_eligibility(org: OrganizationFacts, cycle: CycleFacts, award: str = AWARD,
                      judgements: Iterable[JudgementFact] = ()) -> EligibilityReport:
    """Every eligibility check for `org` applying for `award` ("award" or "nomination") in `cycle`, in RULES order."""
    if award not in AWARD_KINDS:
        raise ValueError(f"unknown award: {award!r}")
    d = cycle.reference_date
    judgements = list(judgements)
    checks = (
        _registered_in_benxi(org),
        _operating_three_years(org, d),
        *(_credit_check(spec, org, d) for spec in _CREDIT_RULES),
        _award_wait_five_years(org, d),
        _nomination_not_again(org, d, award),
        _false_materials_ban(org, d),
        _fraud_ban(org, d),
        _revoked_next_cycle(org, cycle),
        *(_judgement_check(item, article, title, judgements) for item, article, title in _JUDGEMENT_RULES),
    )
    return EligibilityReport(checks)
