"""Mail backends, chosen by MAIL_BACKEND: "smtp" (smtplib, STARTTLS or TLS, a login if configured), "file" (one
.eml file per mail under MAIL_FILE_FOLDER: development and the demo) and "console" (the log). A mail is built by
the standard library's email package: plain text with an HTML alternative."""
import logging
import os
import smtplib
import ssl
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from reviewapp.models import OutboxMessage

log = logging.getLogger(__name__)


def build_message(row: OutboxMessage, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = row.subject
    message["From"] = sender
    message["To"] = row.address
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(idstring=f"outbox-{row.id}")
    message.set_content(row.body_text)
    if row.body_html:
        message.add_alternative(row.body_html, subtype="html")
    return message


class SmtpBackend:
    """One connection for a sender's run, opened at the first mail; a failure closes it and the next mail opens
    a new one."""

    def __init__(self, config):
        self.config = config
        self.connection: smtplib.SMTP | None = None

    def _connect(self) -> smtplib.SMTP:
        config = self.config
        if config["MAIL_USE_TLS"] and config["MAIL_USE_SSL"]:
            raise smtplib.SMTPException("MAIL_USE_TLS (STARTTLS) and MAIL_USE_SSL exclude each other: set one")
        timeout = config["MAIL_TIMEOUT_SECONDS"]
        if config["MAIL_USE_SSL"]:
            connection = smtplib.SMTP_SSL(config["MAIL_HOST"], config["MAIL_PORT"], timeout=timeout,
                                          context=ssl.create_default_context())
        else:
            connection = smtplib.SMTP(config["MAIL_HOST"], config["MAIL_PORT"], timeout=timeout)
        try:
            if config["MAIL_USE_TLS"]:
                connection.starttls(context=ssl.create_default_context())
            if config["MAIL_USERNAME"]:
                connection.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def send(self, message: EmailMessage) -> None:
        if self.connection is None:
            self.connection = self._connect()
        try:
            self.connection.send_message(message)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self.connection is not None:
            connection, self.connection = self.connection, None
            try:
                connection.quit()
            except (smtplib.SMTPException, OSError):
                connection.close()


class FileBackend:
    """Each mail as a file that a mail program opens; readable by the app's user only (issue 13 item 4)."""

    def __init__(self, config):
        self.folder = Path(config["MAIL_FILE_FOLDER"])

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        name = f"{stamp}-{message['Message-ID'].strip('<>').split('@')[0]}.eml"
        descriptor = os.open(self.folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "wb") as file:
            file.write(bytes(message))

    def close(self) -> None:
        pass


class ConsoleBackend:
    def __init__(self, config):
        pass

    def send(self, message: EmailMessage) -> None:
        log.info("mail to %s: %s\n%s", message["To"], message["Subject"],
                 message.get_body(("plain",)).get_content())

    def close(self) -> None:
        pass


BACKENDS = {"smtp": SmtpBackend, "file": FileBackend, "console": ConsoleBackend}


def mail_backend(config):
    name = config["MAIL_BACKEND"]
    if name not in BACKENDS:
        raise ValueError(f"MAIL_BACKEND must be one of {', '.join(BACKENDS)}, not {name!r}")
    return BACKENDS[name](config)
