"""A demo site photo (issue 17, Art. 19): the demo leader's on-site panel attached a photo to its first issue, so the
visit page shows one. The image is drawn here (a small PNG: a grey gradient), no binary file in the repository."""
import struct
import zlib

from sqlalchemy import select

from reviewapp.extensions import db
from reviewapp.models import SiteVisit, User
from reviewapp.reviews.reports import operations as report_ops

PHOTO_NAME = "现场照片-质量文化墙（演示）.png"


def demo_png(width: int = 160, height: int = 120) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + bytes((x + y) * 255 // (width + height) for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def attach_demo_photo(panel_ids: set[int], acting) -> int:
    """Once: a photo on the first issue of the first visit of these panels that has none yet."""
    leader = db.session.scalar(select(User).where(User.username == "leader")) or acting
    visit = db.session.scalar(select(SiteVisit).where(SiteVisit.panel_id.in_(panel_ids)).order_by(SiteVisit.id))
    if visit is None or not visit.issues or any(issue.evidence for issue in visit.issues):
        return 0
    report_ops.attach_evidence(visit.issues[0], PHOTO_NAME, demo_png(), leader)
    return 1
