"""flask commands: create-user, demo, audit verify, backup, restore."""
import click
from flask import Flask, current_app
from sqlalchemy import select

from reviewapp.audit_cli import audit_group
from reviewapp.backup_cli import backup_command, backup_key_command, restore_command
from reviewapp.coi_cli import coi_group
from reviewapp.domain.passwords import password_problems
from reviewapp.extensions import db
from reviewapp.models import Role, User

# Demo accounts for a newcomer's walk-through (README lists them). Never load these in production.
DEMO_PASSWORD = "demo-password"
DEMO_USERS = [
    ("office", "王主任（办公室）", [Role.OFFICE]),
    ("expert", "李专家", [Role.EXPERT]),
    ("expert2", "张专家", [Role.EXPERT]),
    ("leader", "赵组长（专家）", [Role.EXPERT]),
    ("group", "陈委员（领导小组）", [Role.LEADING_GROUP]),
]


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(audit_group)
    app.cli.add_command(coi_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(backup_key_command)


@click.command("create-user")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice([r.value for r in Role]),
              help="Repeat for several roles.")
@click.option("--display-name", default=None)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True,
              help="Asked for when not given.")
def create_user_command(username, roles, display_name, password):
    """Create a user account."""
    from reviewapp.admin.operations import create_user
    from reviewapp.admin.queries import username_taken

    if username_taken(username):
        raise click.ClickException(f"user {username!r} exists already")
    min_length = current_app.config["PASSWORD_MIN_LENGTH"]
    problems = password_problems(password, username, min_length, [display_name or ""])
    if problems:  # the same policy and words as the forms (issue 13, item 5), in the CLI's English
        from flask_babel import force_locale

        from reviewapp.forms import PASSWORD_MESSAGES

        with current_app.test_request_context(), force_locale("en"):
            reasons = " ".join(f"[{p}] " + str(PASSWORD_MESSAGES[p]) % {"n": min_length} for p in problems)
        raise click.ClickException("password refused: " + reasons)
    user = create_user(username, display_name or username, password, [Role(r) for r in roles], None)
    click.echo(f"created {user.username} ({', '.join(sorted(roles))})")


@click.command("demo")
@click.option("--stage", type=click.Choice(["application", "panels", "review"]), default="application",
              help="application: the current cycle takes applications (default); panels: it has been through its "
                   "acceptance review and waits for its panels; review: its panels are formed and the document "
                   "review is under way (the demo accounts score and report in the browser).")
def demo_command(stage):
    """Load demo accounts for every role and demo cycles, organizations and applications (idempotent)."""
    from reviewapp.admin.operations import create_user
    from reviewapp.demo import DemoRefused, load_demo_data

    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        # issue 13 item 4: the demo's office account has a public password; never in production
        raise click.ClickException("demo data is for the local demo only (REVIEWAPP_ENV=development, "
                                   "scripts/run-demo.sh): it creates an office account with the public password "
                                   f"{DEMO_PASSWORD!r}. Nothing was created.")
    for username, display_name, roles in DEMO_USERS:
        if db.session.scalar(select(User).where(User.username == username)) is None:
            create_user(username, display_name, DEMO_PASSWORD, roles, "zh")
    click.echo("Demo accounts (password for all: %s):" % DEMO_PASSWORD)
    for username, display_name, roles in DEMO_USERS:
        click.echo(f"  {username:10} {display_name}  [{', '.join(r.value for r in roles)}]")

    try:
        summary = load_demo_data()
    except DemoRefused as refused:
        raise click.ClickException(f"demo data not loaded: {refused}")
    cycle = summary.current_cycle
    if stage in ("panels", "review"):
        from reviewapp.demo_panels import advance_to_panels

        office = db.session.scalar(select(User).where(User.username == "office"))
        advance_to_panels(cycle, office)
        if stage == "review":
            from reviewapp.demo_review import advance_to_document_review

            advance_to_document_review(cycle, office)
    click.echo("")
    if summary.created_anything:
        click.echo("Demo data created: " + ", ".join(f"{n} {what}" for what, n in summary.created.items()))
    else:
        click.echo("Demo data already loaded: nothing new created.")
    click.echo(f"Current cycle: {cycle.name} ({cycle.stage.value}, reference date {cycle.reference_date.isoformat()}, "
               f"deadline {cycle.application_deadline.isoformat()}). Eligibility outcomes:")
    for outcome in summary.outcomes:
        failed = outcome["failed"]
        checks = "not registered" if failed is None else \
            ("no automatic check fails" if not failed else "fails " + ", ".join(failed))
        click.echo(f"  {outcome['number'] or '-':9} {outcome['organization']}: {outcome['intended']} [{checks}]")
    for warning in summary.warnings:
        click.echo(f"WARNING: {warning}", err=True)
