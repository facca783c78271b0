"""The awards an organization already holds, which several rules ask about: Art. 12 (a nomination winner may not
be nominated again; a repeat winner), Art. 25 (the money of an award to a past nomination winner). One query for the
comprehensive evaluation, the objection handling, the approval and the demo; outside any blueprint package, so
each of them can import it without importing the others' routes."""
from datetime import date

from sqlalchemy import or_, select

from reviewapp.extensions import db
from reviewapp.models import AwardKind, AwardRecord


def awards_held(organization_ids, *, excluding_cycle_id: int | None = None,
                before: date | None = None) -> dict[int, set[AwardKind]]:
    """The kinds of award each organization holds (Art. 12, 25): revoked awards do not count (Art. 31-32), nor
    those of the cycle `excluding_cycle_id` (the one being decided) or given after `before`. The one query behind
    every "has won before" of the comprehensive evaluation, the objection handling, the approval and the demo."""
    stmt = select(AwardRecord.organization_id, AwardRecord.kind).where(
        AwardRecord.organization_id.in_(list(organization_ids)), AwardRecord.revoked_on.is_(None))
    if excluding_cycle_id is not None:
        stmt = stmt.where(or_(AwardRecord.cycle_id.is_(None), AwardRecord.cycle_id != excluding_cycle_id))
    if before is not None:
        stmt = stmt.where(AwardRecord.awarded_on <= before)
    held: dict[int, set[AwardKind]] = {}
    for organization_id, kind in db.session.execute(stmt):
        held.setdefault(organization_id, set()).add(kind)
    return held
