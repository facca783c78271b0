"""Uploaded application materials (award rules, Art. 15) are checked by what they contain, not by their name:
a name is whatever the uploader typed, so an executable or a text file renamed to .pdf must not pass as a PDF.
Only PDF, Word (.docx) and Excel (.xlsx) are accepted; the stored name is generated elsewhere from the detected
kind, and `safe_display_name` only makes the uploader's name harmless to show.
"""
import io
import math
import unicodedata
import zipfile
from dataclasses import dataclass, field

from reviewapp.domain.i18n import N_


@dataclass(frozen=True)
class DetectedFile:
    kind: str  # "pdf" | "docx" | "xlsx" | "jpeg" | "png"
    mimetype: str
    extension: str  # with the dot, e.g. ".pdf"


PDF = DetectedFile("pdf", "application/pdf", ".pdf")
DOCX = DetectedFile("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx")
XLSX = DetectedFile("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx")
KINDS = {f.kind: f for f in (PDF, DOCX, XLSX)}
# Photos are accepted only where a form asks for them (a site-visit issue's evidence, issue 17): everywhere else an
# image is "not recognised", as before.
JPEG = DetectedFile("jpeg", "image/jpeg", ".jpg")
PNG = DetectedFile("png", "image/png", ".png")
IMAGES = {f.kind: f for f in (JPEG, PNG)}
IMAGE_EXTENSIONS = {"jpg": "jpeg", "jpeg": "jpeg", "png": "png"}

# How the kinds are named to users; product names, the same in every language.
LABELS = {"pdf": "PDF", "docx": "Word (.docx)", "xlsx": "Excel (.xlsx)", "jpeg": "JPEG", "png": "PNG"}

ALL_KINDS = frozenset(KINDS)
PHOTO_OR_PDF = frozenset({"pdf", "jpeg", "png"})

# JPEG (ISO/IEC 10918-1): the SOI marker and a third 0xFF open the file, the EOI marker ends it (cameras may pad a
# little after it). PNG (ISO/IEC 15948): the 8-byte signature opens it, the IEND chunk ends it. As for PDFs, the
# end marker turns away truncated uploads (a photo cut off by a dropped tablet connection).
JPEG_HEADER, JPEG_TRAILER, JPEG_TRAILER_WITHIN = b"\xff\xd8\xff", b"\xff\xd9", 64
PNG_HEADER, PNG_TRAILER, PNG_TRAILER_WITHIN = b"\x89PNG\r\n\x1a\n", b"IEND", 16

# PDF (ISO 32000-1, 7.5.2 and 7.5.5): the header "%PDF-" opens the file (readers tolerate up to 1 KiB of junk
# before it) and "%%EOF" ends it (readers look for it in the last KiB or so). Requiring the end marker turns
# away truncated uploads, which would otherwise only be noticed by the expert who cannot open them.
PDF_HEADER, PDF_HEADER_WITHIN = b"%PDF-", 1024
PDF_TRAILER, PDF_TRAILER_WITHIN = b"%%EOF", 2048

# DOCX and XLSX are OOXML packages (ISO/IEC 29500-2): zip files with a [Content_Types].xml part and the main
# part at its conventional name. A zip must start with a local file header: this refuses self-extracting
# executables, which are zips glued after a program.
ZIP_MAGIC = b"PK\x03\x04"
CONTENT_TYPES = "[Content_Types].xml"
MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}

# Zip bombs: refuse packages that claim absurd contents before anything decompresses them. Real application
# materials have tens to a few thousand parts and stay far below 500 MB unpacked.
MAX_ZIP_MEMBERS = 10_000
MAX_ZIP_UNCOMPRESSED_BYTES = 500 * 1024 * 1024

MAX_DISPLAY_NAME = 200
FALLBACK_DISPLAY_NAME = "file"


def detect_file(data: bytes) -> DetectedFile | None:
    """What the bytes are: PDF, DOCX, XLSX, or None for anything else (including truncated or suspicious files)."""
    if _is_pdf(data):
        return PDF
    kind = _ooxml_kind(data)
    return KINDS[kind] if kind else None


def detect_image(data: bytes) -> DetectedFile | None:
    if data.startswith(JPEG_HEADER) and JPEG_TRAILER in data[-JPEG_TRAILER_WITHIN:]:
        return JPEG
    if data.startswith(PNG_HEADER) and PNG_TRAILER in data[-PNG_TRAILER_WITHIN:]:
        return PNG
    return None


def _is_pdf(data: bytes) -> bool:
    return PDF_HEADER in data[:PDF_HEADER_WITHIN] and PDF_TRAILER in data[-PDF_TRAILER_WITHIN:]


def _ooxml_kind(data: bytes) -> str | None:
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()  # reads only the central directory, nothing is decompressed
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError, NotImplementedError):
        return None
    if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_ZIP_UNCOMPRESSED_BYTES:
        return None
    names = {m.filename for m in members}
    if CONTENT_TYPES not in names:
        return None
    kinds = [kind for kind, part in MAIN_PART.items() if part in names]
    return kinds[0] if len(kinds) == 1 else None  # both main parts: not a genuine Office file


@dataclass(frozen=True)
class UploadCheck:
    ok: bool
    detected: DetectedFile | None
    message: str | None = None
    params: dict = field(default_factory=dict)


MSG_EMPTY = N_("%(filename)s is empty.")
MSG_TOO_LARGE = N_("%(filename)s is %(size_mb)s MB; files can be at most %(max_mb)s MB.")
MSG_NOT_RECOGNISED = N_("%(filename)s is not a PDF, Word (.docx) or Excel (.xlsx) file: "
                        "its content does not match any of them.")
MSG_NOT_PHOTO_OR_PDF = N_("%(filename)s is not a photo (JPEG, PNG) or a PDF file: its content does not match any "
                          "of them.")
MSG_NAME_MISMATCH = N_("%(filename)s is named like a %(claimed)s file but its content is not %(claimed)s.")
MSG_KIND_NOT_ALLOWED = N_("%(filename)s is a %(kind)s file, but only %(allowed)s files are accepted here.")

_MB = 1024 * 1024


def check_upload(filename: str, data: bytes, allowed: frozenset[str] = ALL_KINDS,
                 max_bytes: int | None = None) -> UploadCheck:
    """Whether an upload is acceptable, judged by its content. A name that promises one of our kinds must match
    the content (a renamed file is refused outright, so nobody is misled by its name); any other name is
    irrelevant because the stored name comes from the detected kind."""
    shown = safe_display_name(filename)
    if not data:
        return UploadCheck(False, None, MSG_EMPTY, {"filename": shown})
    if max_bytes is not None and len(data) > max_bytes:
        # Size rounded up and limit down, so an over-limit file never reads as "10.0 MB; at most 10.0 MB".
        return UploadCheck(False, None, MSG_TOO_LARGE, {
            "filename": shown,
            "size_mb": f"{math.ceil(len(data) * 10 / _MB) / 10:.1f}",
            "max_mb": f"{math.floor(max_bytes * 10 / _MB) / 10:.1f}",
        })
    photos = bool(allowed & IMAGES.keys())
    detected = detect_file(data) or (detect_image(data) if photos else None)
    claimed = claimed_kind(shown, photos)
    if claimed is not None and (detected is None or detected.kind != claimed):
        return UploadCheck(False, detected, MSG_NAME_MISMATCH, {"filename": shown, "claimed": LABELS[claimed]})
    if detected is None:
        return UploadCheck(False, None, MSG_NOT_PHOTO_OR_PDF if photos else MSG_NOT_RECOGNISED, {"filename": shown})
    if detected.kind not in allowed:
        allowed_labels = ", ".join(LABELS[k] for k in sorted(allowed) if k in LABELS)
        return UploadCheck(False, detected, MSG_KIND_NOT_ALLOWED,
                           {"filename": shown, "kind": LABELS[detected.kind], "allowed": allowed_labels})
    return UploadCheck(True, detected, None, {"filename": shown})


def claimed_kind(filename: str, photos: bool = False) -> str | None:
    """The kind a file name promises by its extension (case-insensitive), if it is one of ours (a photo's only where
    photos are accepted)."""
    _, dot, extension = filename.rpartition(".")
    extension = extension.lower() if dot else ""
    if extension in KINDS:
        return extension
    return IMAGE_EXTENSIONS.get(extension) if photos else None


def safe_display_name(filename: str) -> str:
    """The uploader's file name made safe to show: the last path component only (browsers and old clients send
    full Windows or Unix paths), without control or invisible formatting characters (which could break a
    page or a log line, or reverse the text, e.g. U+202E), at most 200 characters keeping the extension,
    and never empty."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C")).strip()
    if name in ("", ".", ".."):
        return FALLBACK_DISPLAY_NAME
    if len(name) > MAX_DISPLAY_NAME:
        stem, dot, extension = name.rpartition(".")
        if dot and stem and len(extension) <= 10:
            name = stem[:MAX_DISPLAY_NAME - len(extension) - 1] + "." + extension
        else:
            name = name[:MAX_DISPLAY_NAME]
    return name
