"""Redirect targets that come from the request (`next`) must stay on this site."""
from urllib.parse import urlsplit

from flask import url_for


def is_safe_local_url(target: str | None) -> bool:
    if not target:
        return False
    target = target.strip()
    # Browsers treat backslashes like slashes and "//host" as another host.
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and not any(ord(c) < 32 for c in target)


def safe_next(target: str | None, fallback_endpoint: str = "main.index") -> str:
    return target.strip() if is_safe_local_url(target) else url_for(fallback_endpoint)
