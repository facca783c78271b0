"""Public notices (公示): the call for applications (Art. 14), the acceptance list (Art. 16) and the proposed winners
(Art. 21). A published notice is immutable: its entries are a snapshot; it can only be withdrawn, with a reason that
stays visible. A call is corrected by an amended call that supersedes it (the earlier one stays visible)."""
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from reviewapp.models.base import Base, UTCDateTime, utcnow
from reviewapp.models.cycle import Cycle
from reviewapp.models.graph import str_enum
from reviewapp.models.labelled_enum import LabelledEnum


class NoticeKind(LabelledEnum):
    CALL = "call"                          # 申报通告, Art. 14
    ACCEPTANCE = "acceptance"              # 受理名单公示, Art. 16
    PROPOSED_WINNERS = "proposed_winners"  # 拟奖公示, Art. 21
    REVOCATION = "revocation"              # 撤销奖项公告, Art. 31, 32

    __labels__ = {
        CALL: _l("Call for applications (申报通告)"),
        ACCEPTANCE: _l("Acceptance list (受理名单)"),
        PROPOSED_WINNERS: _l("Proposed winners (拟获奖组织名单)"),
        REVOCATION: _l("Revocation of an award (撤销奖项)"),
    }


class Notice(Base):
    __tablename__ = "notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    # a revocation may concern an award recorded before the system kept cycles (AwardRecord.cycle_id empty)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycle.id"), index=True)
    kind: Mapped[NoticeKind] = mapped_column(str_enum(NoticeKind, "notice_kind"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    start_date: Mapped[date] = mapped_column(Date)
    end_date: Mapped[date] = mapped_column(Date)
    working_days: Mapped[int] = mapped_column(Integer)
    entries: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdrawn_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    withdrawal_reason: Mapped[str | None] = mapped_column(Text)
    # Art. 14: a call's own content (domain/call.py CallContent.as_json: conditions, quotas, deadline, contact)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # an amended call names the call it corrects; the earlier one stays published, marked as superseded
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("notice.id"))

    cycle: Mapped[Cycle | None] = relationship()
    supersedes: Mapped["Notice | None"] = relationship(remote_side=[id], back_populates="amendments")
    amendments: Mapped[list["Notice"]] = relationship(back_populates="supersedes")

    @property
    def withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def is_running(self, today: date) -> bool:
        return not self.withdrawn and self.start_date <= today <= self.end_date

    @property
    def superseded_by(self) -> "Notice | None":
        """The amended call that replaced this one (Art. 14), if any."""
        return next((n for n in self.amendments if not n.withdrawn), None)
