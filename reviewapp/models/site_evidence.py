"""Photos and evidence files attached to a site-visit issue (Art. 19; issue 17): taken on site by the panel's
experts, confidential to the panel and the office (Art. 33), kept like every other upload (reviewapp/uploads.py)."""
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from reviewapp.models.base import Base, UTCDateTime, utcnow
from reviewapp.models.review import SiteIssue


class SiteIssueEvidence(Base):
    __tablename__ = "site_issue_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("site_issue.id", ondelete="CASCADE"), index=True)
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    mimetype: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    issue: Mapped[SiteIssue] = relationship(backref=backref("evidence", order_by="SiteIssueEvidence.id"))
