"""Photos and evidence files attached to a site-visit issue (Art. 19; issue 17): taken on site by the panel's
experts, confidential to the panel and the office (Art. 33), kept like every other upload (reviewapp/uploads.py)."""
from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from reviewapp.models.base import Base, UploadedFileMixin
from reviewapp.models.review import SiteIssue


class SiteIssueEvidence(UploadedFileMixin, Base):
    __tablename__ = "site_issue_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    issue_id: Mapped[int] = mapped_column(ForeignKey("site_issue.id", ondelete="CASCADE"), index=True)

    issue: Mapped[SiteIssue] = relationship(backref=backref("evidence", order_by="SiteIssueEvidence.id"))
