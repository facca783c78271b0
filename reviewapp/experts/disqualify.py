"""Art. 33: a reviewer who breaks the rules is disqualified. The status changes with its reason (as the pool's own
status change does) and the expert leaves every panel still at work, each removal audited, so that their access to
applicants ends at once — the access predicates read both the status and the seats. Adds to the session without
committing: the caller commits it together with the finding that led to it."""
from reviewapp import audit
from reviewapp.domain.i18n import N_
from reviewapp.errors import Refused
from reviewapp.experts.operations import TRANSITIONS
from reviewapp.experts.queries import active_seats
from reviewapp.extensions import db
from reviewapp.models import Expert, ExpertStatus, Panel
from reviewapp.models.base import utcnow


def disqualify(expert: Expert, reason: str, acting, details: dict | None = None) -> list[Panel]:
    """Disqualify `expert` and remove them from every active panel; returns the panels they left."""
    sources, target = TRANSITIONS["disqualify"]
    if expert.status not in sources:
        raise Refused(N_("A disqualification is final (Art. 33)."))
    previous = expert.status
    expert.status, expert.status_reason, expert.status_changed_at = target, reason, utcnow()
    audit.record("expert_status_changed", expert, user=acting,
                 details={"from": previous.value, "to": target.value, "reason": reason, **(details or {})})
    panels = []
    for seat in active_seats(expert):
        panel = seat.panel
        panel.members.remove(seat)
        panel.version = panel.version + 1  # pages opened before the removal are now stale
        audit.record("panel_member_removed", panel, user=acting,
                     details={"expert_id": expert.id, "was_leader": seat.is_leader,
                              "reason": ExpertStatus.DISQUALIFIED.value})
        panels.append(panel)
    db.session.flush()
    return panels
