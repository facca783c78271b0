"""The notification sender's benchmark (issue 16, "Done when"): how long `flask notify send` takes for 10,000
queued mails, delivered over SMTP to a local aiosmtpd server (a dev dependency) that accepts everything; with one
sender, and with two senders at once (each claims its own messages).

    .venv/bin/python -m bench.notify [--messages 10000] [--senders 1,2]
    DATABASE_URL=postgresql+psycopg://... .venv/bin/python -m bench.notify   # an EMPTY database: its tables are
                                                                           # dropped and created

Prints the time and messages per second. The mail server runs in this process (its own thread), so the figures are
the sender's cost plus a fast local server's: a real relay over the network is slower per mail.
"""
import argparse
import os
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

if __package__ in (None, ""):  # run as `python bench/notify.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from aiosmtpd.controller import Controller  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from config import TestingConfig  # noqa: E402
from reviewapp import create_app  # noqa: E402
from reviewapp.extensions import db  # noqa: E402
from reviewapp.models import OutboxMessage, OutboxStatus  # noqa: E402
from reviewapp.models.base import utcnow  # noqa: E402
from reviewapp.notifications.sender import send_due  # noqa: E402

BODY = "王专家，您好：\n\n您已被选入第十届本溪市市长质量奖的一个评审组（资料评审）\n\n请在评审系统中查看：https://example.cn/\n"


class Accepting:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def make_app(url: str, port: int):
    class Bench(TestingConfig):
        SQLALCHEMY_DATABASE_URI = url
        MAIL_BACKEND, MAIL_HOST, MAIL_PORT = "smtp", "127.0.0.1", port

    return create_app(Bench)


def queue(app, count: int) -> None:
    with app.app_context():
        db.drop_all()
        db.create_all()
        now = utcnow()
        rows = [{"channel": "email", "address": f"expert{index}@example.cn", "subject": "您已被选入一个评审组",
                 "body_text": BODY, "body_html": f"<p>{BODY}</p>", "kind": "panel_member_added",
                 "status": OutboxStatus.QUEUED, "attempts": 0, "next_attempt_at": now, "created_at": now}
                for index in range(count)]
        db.session.execute(insert(OutboxMessage), rows)
        db.session.commit()


def run(app, senders: int, count: int) -> float:
    def send():
        with app.app_context():
            send_due(limit=count)

    threads = [threading.Thread(target=send) for _ in range(senders)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--senders", default="1,2", help="comma-separated numbers of senders at once")
    args = parser.parse_args(argv)
    handler, port = Accepting(), free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
            app = make_app(url, port)
            backend = url.split(":", 1)[0]
            for senders in (int(n) for n in args.senders.split(",")):
                queue(app, args.messages)
                before = handler.count
                seconds = run(app, senders, args.messages)
                delivered = handler.count - before
                print(f"{backend}: {args.messages} queued mails, {senders} sender(s): {seconds:.1f} s, "
                      f"{delivered / seconds:.0f} mails/s, {delivered} delivered", flush=True)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
