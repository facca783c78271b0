"""Security headers on every response (issue #8), set here and nowhere else.

The policy allows scripts from our own origin only: pages carry no inline <script> and no on...= handlers (page
behaviour lives in static/js/, its data in data-* attributes), so an injected script cannot run. Styles come from
our origin only too (issue 14): templates carry no style="..." attribute and no <style> element (classes in
static/app.css; a per-row length such as a bar's is an SVG attribute), so injected markup cannot restyle a page
(an overlay, a hidden field) either. The PDF templates (templates/_print/) are rendered by WeasyPrint, not served
to browsers, and may keep their <style>."""
from pathlib import PurePath

from flask import Flask, Response

from reviewapp.domain.files import IMAGES, KINDS

CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",  # Bootstrap's CSS draws its icons (select arrow, menu toggler) as data: SVGs
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    "Referrer-Policy": "same-origin",  # confidential application numbers in URLs stay inside the app
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}

_EXTENSIONS = {kind.mimetype: kind.extension for kind in (*KINDS.values(), *IMAGES.values())}


def init_app(app: Flask) -> None:
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)  # a view that set its own keeps it
    return response


def download_name(original_name: str, mimetype: str) -> str:
    """The uploader's name with the extension of what the file really is. The upload check accepts any name that
    promises none of our kinds, so a PDF named report.html would otherwise be saved, and opened, as HTML."""
    extension = _EXTENSIONS.get(mimetype)
    if extension is None or PurePath(original_name).suffix.lower() == extension:
        return original_name
    return original_name + extension
