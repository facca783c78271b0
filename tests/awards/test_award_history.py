"""The one query for "has won before" (Art. 12, 25): revoked awards, the cycle being decided and later awards do
not count."""
from datetime import date

from reviewapp.award_history import awards_held
from reviewapp.models import AwardKind, AwardRecord


def test_awards_held_leaves_out_revoked_current_and_later_awards(db, make_org, make_cycle):
    cycle = make_cycle()
    org, other = make_org("甲公司"), make_org("乙公司")
    db.session.add_all([
        AwardRecord(organization_id=org.id, kind=AwardKind.NOMINATION, awarded_on=date(2020, 12, 1),
                    cycle_name="第七届"),
        AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2022, 12, 1), cycle_name="第八届",
                    revoked_on=date(2023, 5, 1), revocation_article=31),
        AwardRecord(organization_id=other.id, kind=AwardKind.AWARD, awarded_on=date(2026, 12, 1),
                    cycle_id=cycle.id),
        AwardRecord(organization_id=other.id, kind=AwardKind.NOMINATION, awarded_on=date(2024, 12, 1)),
    ])
    db.session.commit()

    assert awards_held([org.id, other.id]) == {org.id: {AwardKind.NOMINATION},
                                               other.id: {AwardKind.AWARD, AwardKind.NOMINATION}}
    assert awards_held([org.id, other.id], excluding_cycle_id=cycle.id) == {
        org.id: {AwardKind.NOMINATION}, other.id: {AwardKind.NOMINATION}}
    assert awards_held([org.id, other.id], before=date(2021, 1, 1)) == {org.id: {AwardKind.NOMINATION}}
    assert awards_held([]) == {}
