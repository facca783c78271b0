"""The recusal policy as versioned data: rules, their legal basis and their parameters (years, share, degree).
Art. 33 does not say what counts as an interest; the default policy follows Norm Art. 16 (财库〔2016〕198号
第十六条, the national rules for government review experts). Each rule is a small typed pattern from the expert
to the applicant; the engine interprets it."""
import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from reviewapp.domain.coi.model import RELATION_TYPES

DEFAULT_POLICY_VERSION = "2026.1"
TARGETS = ("group", "applicant", "declared")
TIMINGS = ("active", "within")


@dataclass(frozen=True)
class Step:
    types: frozenset[str]
    timing: str                  # "active" at D, or "within" the lookback years before D
    min_share: float | None = None
    max_degree: int | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    title_en: str
    basis: str
    basis_text: str
    basis_text_en: str
    target: str                  # the pattern ends in the applicant's group, the applicant itself, or is declared
    patterns: tuple[tuple[Step, ...], ...]


@dataclass(frozen=True)
class Policy:
    version: str
    title: str
    title_en: str
    lookback_years: int
    rules: tuple[Rule, ...]
    parameters: dict

    def rule(self, rule_id: str) -> Rule:
        return next(rule for rule in self.rules if rule.id == rule_id)


def _step(raw: dict, parameters: dict, where: str) -> Step:
    types = frozenset(raw["types"])
    unknown = types - set(RELATION_TYPES)
    if unknown or raw["timing"] not in TIMINGS:
        raise ValueError(f"{where}: unknown relation types {sorted(unknown)} or timing {raw['timing']!r}")
    if "member_of" in types:
        raise ValueError(f"{where}: member_of never makes a conflict by itself")
    return Step(types, raw["timing"],
                min_share=parameters[raw["min_share"]] if "min_share" in raw else None,
                max_degree=parameters[raw["max_degree"]] if "max_degree" in raw else None)


def parse_policy(data: dict) -> Policy:
    parameters = data["parameters"]
    rules = []
    for raw in data["rules"]:
        if raw["target"] not in TARGETS:
            raise ValueError(f"rule {raw['id']}: unknown target {raw['target']!r}")
        patterns = tuple(tuple(_step(step, parameters, f"rule {raw['id']}") for step in pattern)
                         for pattern in raw["patterns"])
        rules.append(Rule(raw["id"], raw["title"], raw["title_en"], raw["basis"], raw["basis_text"],
                          raw["basis_text_en"], raw["target"], patterns))
    return Policy(data["version"], data["title"], data["title_en"], int(parameters["lookback_years"]),
                  tuple(rules), dict(parameters))


@lru_cache(maxsize=1)
def policy_versions() -> frozenset[str]:
    """The versions shipped with the app (policy-<version>.json beside this module). A version from a URL is
    looked up here, never turned into a file name: a 300-character one made the file system refuse the name
    (issue 13 item 6)."""
    names = (entry.name for entry in resources.files("reviewapp.domain.coi").iterdir())
    return frozenset(name[len("policy-"):-len(".json")] for name in names
                     if name.startswith("policy-") and name.endswith(".json"))


@lru_cache
def _load_known_policy(version: str) -> Policy:
    text = resources.files("reviewapp.domain.coi").joinpath(f"policy-{version}.json").read_text(encoding="utf-8")
    return parse_policy(json.loads(text))


def load_policy(version: str = DEFAULT_POLICY_VERSION) -> Policy:
    if version not in policy_versions():
        raise ValueError(f"unknown recusal policy version {version[:40]!r}")
    return _load_known_policy(version)
