"""A notice in its recipient's language: Chinese, English for users who chose it (user.locale "en")."""
from contextlib import contextmanager
from types import SimpleNamespace

from flask import current_app, g, has_request_context, render_template, url_for
from flask_babel import force_locale, gettext

from reviewapp.models.labelled_enum import label
from reviewapp.notifications.kinds import MESSAGES


def locale_of(user) -> str:
    return "en" if user is not None and user.locale == "en" else "zh"


@contextmanager
def in_locale(locale: str):
    """Translations and templates in `locale`, inside a request (whatever its own language) or a command."""
    g.setdefault("_flask_babel", SimpleNamespace())  # flask-babel forces no locale while `g` is empty (a command)
    saved = g.pop("_template_translations", None)  # the request's cached catalog (reviewapp.create_app)
    try:
        with force_locale(locale):
            yield
    finally:
        g.pop("_template_translations", None)
        if saved is not None:
            g._template_translations = saved


def message(kind: str, params: dict) -> str:
    """The one-line text of a notice, in the current locale; enum members read as their labels."""
    return gettext(MESSAGES[kind]) % {key: label(value) for key, value in params.items()}


def app_path(endpoint: str, anchor: str | None = None, **values) -> str:
    """The path of a page, inside a request or in a command (the demo seats experts too), for a notice's link."""
    if has_request_context():
        path = url_for(endpoint, **values)
    else:
        path = current_app.url_map.bind("localhost").build(endpoint, values)
    return f"{path}#{anchor}" if anchor else path


def absolute(link: str) -> str:
    return current_app.config["PUBLIC_URL"].rstrip("/") + link


def mail_bodies(kind: str, user, text: str, link: str) -> tuple[str, str]:
    """The plain text and the HTML of a mail (templates/mail/<kind>.txt and .html), in the current locale."""
    context = {"recipient": user, "message": text, "link": absolute(link)}
    return render_template(f"mail/{kind}.txt", **context), render_template(f"mail/{kind}.html", **context)
