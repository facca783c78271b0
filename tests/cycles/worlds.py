"""A cycle in its proposed-winner notice stage (Art. 21) with the leading group's decision on record: a winner (a
repeat winner, Art. 12) and a nominee on the approved list. A plugin of tests/conftest.py: the stage rules use it
too."""
from datetime import date

import pytest

from reviewapp.models import ApplicationStatus, AwardKind, GroupDecision, ListEntry, Stage


@pytest.fixture
def decided(db, make_cycle, make_application, make_org):
    cycle = make_cycle(stage=Stage.PROPOSED_NOTICE)
    winner = make_application(cycle, make_org("本溪华钢特种板材有限公司"), status=ApplicationStatus.ACCEPTED)
    nominee = make_application(cycle, make_org("本溪药都制药股份有限公司"), status=ApplicationStatus.ACCEPTED)
    db.session.add_all([GroupDecision(cycle_id=cycle.id, decided_on=date(2026, 11, 20), meeting_reference="第3次会议"),
                        ListEntry(cycle_id=cycle.id, application_id=nominee.id, level=AwardKind.NOMINATION,
                                  combined_score=610),
                        ListEntry(cycle_id=cycle.id, application_id=winner.id, level=AwardKind.AWARD,
                                  combined_score=870, repeat_winner=True)])
    db.session.commit()
    return cycle
