from datetime import date

import pytest

from reviewapp.models import AwardKind, AwardRecord, Stage


@pytest.fixture
def winner(db, make_org, make_cycle):
    """甲, the Mayor's Quality Award of an approved cycle on 2024-06-01: on Benxi's 2026-11-26 its first two
    use-of-funds reports are past due (2025-08-29, 2026-08-29 under the default policy of 90 days)."""
    cycle = make_cycle(name="第九届本溪市市长质量奖", stage=Stage.APPROVAL, reference_date=date(2024, 5, 1),
                       approved_on=date(2024, 6, 1), approval_document="本政发〔2024〕18号")
    org = make_org("甲钢铁有限公司")
    award = AwardRecord(organization_id=org.id, kind=AwardKind.AWARD, awarded_on=date(2024, 6, 1), cycle_id=cycle.id,
                        cycle_name=cycle.name)
    db.session.add(award)
    db.session.commit()
    return award
