"""Writes of notifications. notify() adds the notice and its mail to the caller's session: they commit or roll back
with the event that causes them, and nothing is sent inside the request (the sender does it, sender.py)."""
from types import SimpleNamespace

from flask_babel import gettext
from sqlalchemy import update

from reviewapp import audit
from reviewapp.extensions import db
from reviewapp.models import Channel, Notification, OutboxMessage, Role, User
from reviewapp.models.base import utcnow
from reviewapp.notifications import queries
from reviewapp.notifications.kinds import ESSENTIAL
from reviewapp.notifications.rendering import absolute, in_locale, locale_of, mail_bodies, message


def notify(user: User, kind: str, link: str, *, dedupe_key: str | None = None, **params) -> Notification | None:
    """The in-app notice for `user` and, if the user has an e-mail address, the mail: in the caller's transaction,
    never committed here. With a `dedupe_key` already used (by a mail or a notice), nothing (the same reminder is
    not sent twice)."""
    if dedupe_key is not None and queries.dedupe_key_used(dedupe_key):
        return None
    with in_locale(locale_of(user)):
        text = _one_line(kind, params)
        notice = Notification(user_id=user.id, kind=kind, text=text[:500], link=link, dedupe_key=dedupe_key)
        db.session.add(notice)
        _queue_mail(user, kind, text, link, dedupe_key)
    return notice


def notify_role(role: Role, kind: str, link: str, **params) -> None:
    """Every active user with `role`: the office's inbox items (a new objection or report), the leading group's
    papers."""
    for user in queries.users_with(role):
        notify(user, kind, link, **params)


def notify_office(kind: str, link: str, **params) -> None:
    notify_role(Role.OFFICE, kind, link, **params)


def mail_to_address(address: str, name: str | None, kind: str, link: str, **params) -> None:
    """A mail to someone without an account (a citizen who filed an objection and gave an address), in Chinese, in
    the caller's transaction."""
    recipient = SimpleNamespace(display_name=name or "", locale="zh", username=None)
    with in_locale("zh"):
        text = _one_line(kind, params)
        body_text, body_html = mail_bodies(kind, recipient, text, link)
        db.session.add(OutboxMessage(channel=Channel.EMAIL, user_id=None, address=address, subject=text[:200],
                                     body_text=body_text, body_html=body_html, kind=kind))


def text_to_number(phone: str, kind: str, link: str, **params) -> None:
    """A text message to someone without an account (a citizen who gave a mobile number), in Chinese, in the
    caller's transaction: the notice's line, the award's name as the signature the operators require, and the link."""
    with in_locale("zh"):
        text = _one_line(kind, params)
        body = gettext("[Benxi Mayor's Quality Award] %(message)s Details: %(link)s", message=text,
                       link=absolute(link))
        db.session.add(OutboxMessage(channel=Channel.SMS, user_id=None, address=phone, subject=text[:200],
                                     body_text=body, kind=kind))


def mail_only(user: User, kind: str, link: str, *, dedupe_key: str | None = None, **params) -> bool:
    """A mail with no in-app notice (a password reset link belongs in the mailbox only), in the caller's
    transaction; False when the user has no e-mail address or the `dedupe_key` was used."""
    if dedupe_key is not None and queries.dedupe_key_used(dedupe_key):
        return False
    with in_locale(locale_of(user)):
        return _queue_mail(user, kind, _one_line(kind, params), link, dedupe_key)


def _one_line(kind: str, params: dict) -> str:
    """The notice's text on one line: it is also the mail's Subject header."""
    return " ".join(message(kind, params).split())


def _queue_mail(user: User, kind: str, text: str, link: str, dedupe_key: str | None) -> bool:
    if user.mail_essential_only and kind not in ESSENTIAL:
        return False  # the user's choice: this kind in the in-app list only
    address = queries.email_of(user)
    if address is None:
        return False
    body_text, body_html = mail_bodies(kind, user, text, link)
    db.session.add(OutboxMessage(channel=Channel.EMAIL, user_id=user.id, address=address, subject=text[:200],
                                 body_text=body_text, body_html=body_html, kind=kind, dedupe_key=dedupe_key))
    return True


def mark_read(user: User, notice_id: int) -> None:
    """One of the user's own notices read; another user's id changes nothing."""
    db.session.execute(update(Notification).where(Notification.id == notice_id, Notification.user_id == user.id,
                                                  Notification.read_at.is_(None)).values(read_at=utcnow()))
    db.session.commit()


def mark_all_read(user: User) -> None:
    db.session.execute(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                       .values(read_at=utcnow()))
    db.session.commit()


def set_mail_choice(user: User, essential_only: bool) -> None:
    user.mail_essential_only = essential_only
    audit.record("mail_choice_changed", user, user=user, details={"essential_only": essential_only})
    db.session.commit()
