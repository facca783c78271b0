"""A real SMTP server for the notification tests: aiosmtpd's Controller on a free port of 127.0.0.1, collecting
what it receives; the app's MAIL_* settings point at it for the test."""
import socket
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from reviewapp.models import Expert, Person, Role


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Mailbox:
    """The handler: keeps each message received; `refuse` (e.g. "451 4.3.0 Try again later") answers every
    recipient with that reply instead."""

    def __init__(self):
        self.messages = []
        self.refuse = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


class SmtpServer:
    def __init__(self):
        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        return self.mailbox.messages


@pytest.fixture
def smtp_server(app, monkeypatch):
    server = SmtpServer()
    monkeypatch.setitem(app.config, "MAIL_BACKEND", "smtp")
    monkeypatch.setitem(app.config, "MAIL_HOST", "127.0.0.1")
    monkeypatch.setitem(app.config, "MAIL_PORT", server.port)
    monkeypatch.setitem(app.config, "MAIL_TIMEOUT_SECONDS", 5)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def make_expert_user(db, make_user):
    """make_expert_user("wang", email=...) -> the expert's User: an account with the expert role, its person and
    expert record (where the e-mail address is kept)."""
    def make(username: str, email: str | None = None, locale: str = "zh", display_name: str | None = None):
        user = make_user(username, Role.EXPERT, display_name=display_name)
        user.locale = locale
        # the account's own person and expert record (admin.operations.ensure_person)
        expert = db.session.scalar(select(Expert).join(Person).where(Person.user_id == user.id))
        expert.email = email
        db.session.commit()
        return user
    return make
