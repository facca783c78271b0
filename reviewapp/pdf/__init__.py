"""Printable reports as PDF: the response and its download name. The rendering itself (WeasyPrint, heavy to
import) is in reviewapp/pdf/rendering.py and is imported only when a PDF is sent."""
import re
import unicodedata
from urllib.parse import quote

from flask import Response


def content_disposition(filename: str) -> str:
    """RFC 6266 attachment with an RFC 5987 UTF-8 name; the ASCII fallback keeps what it can of the name
    (a number such as 2026-001) for old clients."""
    stem, suffix = re.fullmatch(r"(.*?)(\.[A-Za-z0-9]{1,8})?", filename).groups()
    ascii_stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_stem).strip("_.") or "report"
    return (f'attachment; filename="{ascii_stem}{suffix or ".pdf"}"; '
            f"filename*=UTF-8''{quote(filename, safe='!#$&+^`|~')}")


def pdf_response(html: str, filename: str) -> Response:
    from reviewapp.pdf.rendering import render_pdf  # here, not at the top: WeasyPrint is a third of start-up

    response = Response(render_pdf(html), mimetype="application/pdf")
    response.headers["Content-Disposition"] = content_disposition(filename)
    response.headers["Cache-Control"] = "private, no-store"  # score reports are confidential
    return response
