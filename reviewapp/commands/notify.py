"""flask notify send (issue 16): deliver the outbox; run every minute by a systemd timer (deploy/) or cron."""
import click


@click.group("notify")
def notify_group():
    """Notifications."""


@notify_group.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help="Send at most this many messages (default: NOTIFY_BATCH).")
def notify_send_command(limit):
    """Queue the reminders of the cycles' deadlines due today, then deliver the due messages of the outbox:
    retried with backoff on failure, marked failed after the maximum of attempts (the office sees them at
    /notifications/outbox)."""
    from reviewapp.notifications.reminders import queue_reminders
    from reviewapp.notifications.sender import send_due

    reminded = queue_reminders()  # the deadlines' reminders due today, each queued once
    report = send_due(limit)
    click.echo(f"reminders queued {reminded}; sent {report.sent}, to retry {report.retrying}, failed {report.failed}")
