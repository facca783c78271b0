"""Why a panel stays short: the explanations of a proposal's shortfalls, as N_() messages with params."""
import numpy as np

from reviewapp.domain.assignment.instance import Instance
from reviewapp.domain.assignment.model import Panel, Shortfall
from reviewapp.domain.assignment.scoring import division_of
from reviewapp.domain.i18n import N_


# --- explanations ---
def explain_shortfall(inst: Instance, a_idx: int, panel: Panel) -> Shortfall | None:
    applicant = inst.applicants[a_idx]
    missing = applicant.panel_size - len(panel.experts)
    if not missing and panel.leader:
        return None
    explanations = []
    if missing > (1 if panel.leader is None else 0):
        explanations.append(_places_explanation(inst, a_idx, missing))
    if panel.leader is None:
        explanations.append(_leader_explanation(inst, a_idx))
    return Shortfall(missing, panel.leader is None, *explanations[0], tuple(explanations[1:]))


def _places_explanation(inst: Instance, a_idx: int, missing: int) -> tuple[str, dict]:
    applicant = inst.applicants[a_idx]
    free = np.ones(len(inst.experts), dtype=bool)
    free[list(inst.conflicted.get(a_idx, ()))] = False
    available = int(free.sum())
    params = {"applicant": applicant.label, "available": available, "missing": missing,
              "size": applicant.panel_size}
    industry = (applicant.industry or "").strip().upper()
    if industry:
        params["industry"] = division_of(industry) or industry
        params["in_industry"] = int(free[inst.in_industry(a_idx)].sum())
    groups = inst.group[free]
    employers = len(np.unique(groups[groups >= 0])) + int((groups < 0).sum())
    if available < applicant.panel_size:
        if industry:
            return N_("%(applicant)s: only %(available)s experts without a conflict have capacity left "
                      "(%(in_industry)s of them in industry %(industry)s); empty places: %(missing)s."), params
        return N_("%(applicant)s: only %(available)s experts without a conflict have capacity left; "
                  "empty places: %(missing)s."), params
    if employers < applicant.panel_size:
        params["employers"] = employers
        return N_("%(applicant)s: the %(available)s experts without a conflict work for only %(employers)s "
                  "employers or corporate groups, and a panel takes at most one expert from each; "
                  "empty places: %(missing)s."), params
    params["capacity"] = int(inst.capacity.sum())
    params["demand"] = sum(a.panel_size for a in inst.applicants)
    return N_("%(applicant)s: the %(available)s experts without a conflict are needed on other panels (the pool "
              "has %(capacity)s places for %(demand)s requested); empty places: %(missing)s."), params


def _leader_explanation(inst: Instance, a_idx: int) -> tuple[str, dict]:
    applicant = inst.applicants[a_idx]
    eligible = int(inst.can_lead.sum()) - sum(1 for i in inst.conflicted.get(a_idx, ()) if inst.can_lead[i])
    params = {"applicant": applicant.label, "eligible": eligible}
    if not eligible:
        return N_("%(applicant)s: no leader-eligible expert without a conflict has capacity left; "
                  "the panel has no leader."), params
    return N_("%(applicant)s: the %(eligible)s leader-eligible experts without a conflict are needed on other "
              "panels; the panel has no leader."), params

