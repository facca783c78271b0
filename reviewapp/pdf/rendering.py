"""Rendering HTML to PDF with WeasyPrint + Pango, Chinese glyphs from fonts-noto-cjk.

Review reports are confidential, so rendering never touches the network: the only resources WeasyPrint may load
are files under the app's static folder (the print stylesheet, images), served by StaticFolderFetcher.

WeasyPrint costs a third of the app's start-up (issue 14): only reviewapp.pdf.pdf_response imports this module, when
a PDF is asked for, so a process that never sends one (a `flask` command, the notice sender) never loads it."""
import gc
from pathlib import Path
from urllib.parse import unquote, urlsplit

from flask import current_app, has_request_context, request
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse


class ResourceRefused(ValueError):
    """A report asked for something outside the static folder (a URL, another file)."""


class StaticFolderFetcher(URLFetcher):
    """Serves file: URLs inside `static_folder` and nothing else.

    A root-relative link such as /static/css/print.css resolves against the file: base URL to
    file:///static/css/print.css; paths under `url_path` are therefore mapped into the static folder."""

    def __init__(self, static_folder: str | Path, url_path: str = "/static"):
        # fail_on_errors=False: a refused image is logged by WeasyPrint and left out; the report still renders.
        super().__init__(allowed_protocols=("file",), fail_on_errors=False)
        self.static_folder = Path(static_folder).resolve()
        self.url_path = "/" + url_path.strip("/") + "/"

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        path = self.local_path(url)
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers=_content_type(path))

    def local_path(self, url: str) -> Path:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ResourceRefused(f"not a local file, refused: {url}")
        path = unquote(parts.path)
        if path.startswith(self.url_path):
            path = str(self.static_folder / path.removeprefix(self.url_path))
        resolved = Path(path).resolve()
        if not resolved.is_relative_to(self.static_folder) or not resolved.is_file():
            raise ResourceRefused(f"not a file in the static folder, refused: {url}")
        return resolved


_CONTENT_TYPES = {".css": "text/css; charset=utf-8", ".svg": "image/svg+xml", ".png": "image/png",
                  ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".woff2": "font/woff2", ".otf": "font/otf",
                  ".ttf": "font/ttf"}


def _content_type(path: Path) -> dict[str, str]:
    content_type = _CONTENT_TYPES.get(path.suffix.lower())
    return {"Content-Type": content_type} if content_type else {}


def static_fetcher() -> StaticFolderFetcher:
    prefix = request.script_root if has_request_context() else ""
    return StaticFolderFetcher(current_app.static_folder, prefix + (current_app.static_url_path or "/static"))


def render_pdf(html: str) -> bytes:
    base_url = Path(current_app.static_folder).resolve().as_uri() + "/"
    # WeasyPrint builds tens of thousands of small objects per page (styles, boxes, Pango layouts), and every
    # cyclic garbage collection they trigger walks the whole process's heap, the app's included: pausing the
    # collector for the render cuts about a fifth of its CPU time in the app (issue 19). What the render leaves
    # behind is collected as usual afterwards.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return HTML(string=html, base_url=base_url, url_fetcher=static_fetcher()).write_pdf()
    finally:
        if collecting:
            gc.enable()
