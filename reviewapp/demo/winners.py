"""The demo's register of winners (Art. 6, 10, 26-29): each standing award of the demo gets an experience-sharing
event (public on its cycle's results when the cycle was approved); an award whose first use-of-funds report fell
due has it received, and its second left unreceived, so the office's home page shows an overdue report; the
older nomination has a misuse report left open. Every date is counted from the award's date, which the demo counts
back from its reference day, so what is overdue stays overdue whatever day the demo is loaded. Idempotent: an award
that already has an entry in the register is left alone."""
from datetime import date, timedelta

from sqlalchemy import exists, select

from reviewapp.city_calendar import city_today
from reviewapp.demo.documents import minimal_pdf
from reviewapp.domain import winner_duties
from reviewapp.extensions import db
from reviewapp.models import AwardRecord, FundsReport, Organization, OrgKind, WinnerActivity
from reviewapp.winners import operations, queries


def _has_entries(award: AwardRecord) -> bool:
    return db.session.scalar(select(exists().where(WinnerActivity.award_record_id == award.id))) or \
        db.session.scalar(select(exists().where(FundsReport.award_record_id == award.id)))


def _association() -> Organization | None:
    return db.session.scalar(select(Organization).where(Organization.kind == OrgKind.INDUSTRY_ASSOCIATION)
                             .order_by(Organization.id).limit(1))


def _activity(award: AwardRecord, kind: str, held_on: date, title: str, place: str, audience: str, acting,
              promoter_id: int = 0) -> None:
    operations.record_activity(award, {"kind": kind, "held_on": held_on, "title": title, "place": place,
                                       "audience": audience, "promoter_id": promoter_id,
                                       "summary": "（演示）"}, None, acting)


def _register(award: AwardRecord, today: date, acting) -> int:
    name = award.organization.name
    written = 0
    held_on = award.awarded_on + timedelta(days=120)
    if held_on <= today:
        _activity(award, "sharing", held_on, f"{name}卓越绩效管理经验分享会", "本溪市市场监督管理局报告厅",
                  "全市申报组织质量负责人约150人", acting)
        written += 1
    duties = winner_duties.funds_report_duties(award.awarded_on, award.repeat, {}, queries.policy(), today)
    if len(duties) >= 2 and duties[1].due_on < today:  # the first received, the second left overdue
        first = duties[0]
        report = minimal_pdf([f"Use of funds, year 1 after award {award.id}"])
        operations.record_funds_report(award, 1, first.due_on - timedelta(days=20), "（演示）",
                                       ("use-of-funds-year-1.pdf", report), acting)
        association = _association()
        _activity(award, "promotion", first.due_on, f"{name}质量管理先进经验推广专刊", "《本溪质量》会刊",
                  "会员单位", acting, association.id if association else 0)
        written += 2
        if award.kind.value == "nomination":
            operations.record_misuse(award, {"kind": "on_product", "received_on": today - timedelta(days=45),
                                             "source": "消费者来电（演示）",
                                             "description": "某超市货架上该企业产品包装印有“本溪市市长质量奖”字样。"},
                                     acting)
            written += 1
    return written


def load_winners_register(acting) -> int:
    """Returns the number of register entries written."""
    today = city_today()
    awards = db.session.scalars(select(AwardRecord).where(AwardRecord.revoked_on.is_(None))
                                .order_by(AwardRecord.awarded_on, AwardRecord.id)).all()
    return sum(_register(award, today, acting) for award in awards if not _has_entries(award))
