"""A cycle in the approval stage (Art. 23) with its approved list, built directly (a plugin of tests/conftest.py:
the fuzzing builds on it too), and helpers to approve it and read the awards and money."""
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import select

from reviewapp.models import (
    ApplicationStatus,
    AwardKind,
    AwardRecord,
    Cycle,
    GroupDecision,
    ListEntry,
    MoneyEntry,
    Notice,
    NoticeKind,
    Organization,
    Stage,
)

APPROVED_ON = date(2026, 11, 25)  # the day before the tests' pinned today (2026-11-26)
DECIDED_ON = date(2026, 11, 10)   # the leading group's decision on the candidate list (Art. 20)
NOTICE_END = date(2026, 11, 18)   # the proposed-winner notice, 12-18 Nov: 5 working days (Art. 21)


def decided_and_noticed(db, cycle: Cycle) -> None:
    """What precedes the approval (Art. 20, 21): the leading group's decision and the proposed-winner notice."""
    db.session.add_all([
        GroupDecision(cycle_id=cycle.id, decided_on=DECIDED_ON, meeting_reference="领导小组第3次会议"),
        Notice(cycle_id=cycle.id, kind=NoticeKind.PROPOSED_WINNERS, title="拟奖公示", body="名单如下。",
               start_date=date(2026, 11, 12), end_date=NOTICE_END, working_days=5, entries=[])])
    db.session.commit()


@dataclass
class ApprovalWorld:
    cycle: Cycle
    orgs: dict[str, Organization]


@pytest.fixture
def approval_cycle(db, make_cycle, make_application, make_org):
    """甲 wins the award, 乙 the nomination award, 丙 the award again (a repeat winner, Art. 12). The leading group
    decided on DECIDED_ON and the proposed winners were noticed until NOTICE_END, as the stages require."""
    cycle = make_cycle(stage=Stage.APPROVAL)
    decided_and_noticed(db, cycle)
    orgs = {}
    for key, name, level, repeat, score in (("甲", "甲钢铁有限公司", AwardKind.AWARD, False, "870.00"),
                                            ("乙", "乙药业有限公司", AwardKind.NOMINATION, False, "630.00"),
                                            ("丙", "丙机械有限公司", AwardKind.AWARD, True, "820.00")):
        orgs[key] = make_org(name)
        application = make_application(cycle, orgs[key], status=ApplicationStatus.ACCEPTED, award=level)
        db.session.add(ListEntry(cycle_id=cycle.id, application_id=application.id, level=level,
                                 combined_score=Decimal(score), repeat_winner=repeat))
    db.session.commit()
    return ApprovalWorld(cycle, orgs)


def approve(client, cycle, approved_on=APPROVED_ON, document="本政发〔2026〕30号"):
    return client.post(f"/awards/cycles/{cycle.id}/approval",
                       data={"approved_on": approved_on.isoformat(), "approval_document": document})


COMMENDED_ON = date(2026, 11, 26)  # the tests' pinned today: the city government's commendation decision (Art. 24)
COMMENDATION_NUMBER = "本政发〔2026〕31号"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def commend(client, cycle, decided_on=COMMENDED_ON, number=COMMENDATION_NUMBER, text="对以下组织予以表彰。",
            scan: tuple[bytes, str] | None = None, title="关于表彰本届市长质量奖获奖组织的决定"):
    """Art. 24: the office records the commendation decision (after the approval)."""
    data = {"title": title, "document_number": number, "decided_on": decided_on.isoformat(), "text": text}
    if scan is not None:
        data["scan"] = (io.BytesIO(scan[0]), scan[1])
    return client.post(f"/awards/cycles/{cycle.id}/commendation", data=data, content_type="multipart/form-data")


def awards_of(db, org) -> list[AwardRecord]:
    return list(db.session.scalars(select(AwardRecord).where(AwardRecord.organization_id == org.id)
                                   .order_by(AwardRecord.awarded_on)))


def money_of(db, org) -> list[tuple[str, Decimal]]:
    return [(e.kind.value, e.amount) for e in db.session.scalars(
        select(MoneyEntry).where(MoneyEntry.organization_id == org.id).order_by(MoneyEntry.id))]
