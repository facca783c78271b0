"""Conflict of interest (Art. 33): the affiliation graph, the recusal policy as data, and the engine that finds
and explains conflicts. No Flask, no database: the app gathers facts and calls `ConflictEngine`."""
from reviewapp.domain.coi.engine import ConflictEngine, Finding
from reviewapp.domain.coi.model import (
    ORGANIZATION,
    PERSON,
    RELATION_TYPES,
    Case,
    CaseError,
    Declared,
    Entity,
    RelationFact,
    load_case,
    relation_problem,
)
from reviewapp.domain.coi.policy import DEFAULT_POLICY_VERSION, Policy, load_policy

__all__ = ["Case", "CaseError", "ConflictEngine", "DEFAULT_POLICY_VERSION", "Declared", "Entity", "Finding",
           "ORGANIZATION", "PERSON", "Policy", "RELATION_TYPES", "RelationFact", "load_case", "load_policy",
           "relation_problem", "check_case"]


def check_case(case: Case) -> dict:
    """The exchange format's answer for a loaded case: {"conflicts": [...]}, sorted."""
    engine = ConflictEngine(case.entities, case.relations, case.as_of, declared=case.declared)
    return {"conflicts": [finding.as_json() for finding in engine.matrix(case.experts, case.applicants)]}
