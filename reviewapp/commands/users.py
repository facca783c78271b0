"""flask create-user."""
import click
from flask import current_app

from reviewapp.domain.passwords import password_problems
from reviewapp.models import Role


@click.command("create-user")
@click.argument("username")
@click.option("--role", "roles", multiple=True, required=True,
              type=click.Choice([r.value for r in (Role.OFFICE, Role.EXPERT, Role.LEADING_GROUP)]),
              help="Repeat for several roles. An organization's account (applicant, recommender) comes from its "
                   "registration or an invitation, linked to its organization.")
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
