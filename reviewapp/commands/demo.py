"""flask demo: the demo data (reviewapp/demo/) for the local walk-through, and what it holds, on the console."""
import click
from flask import current_app

from reviewapp.demo.accounts import DEMO_PASSWORD


@click.command("demo")
@click.option("--stage", type=click.Choice(["application", "panels", "review", "evaluation", "deliberation"]),
              default="application",
              help="application: the current cycle takes applications (default); panels: it has been through its "
                   "acceptance review and waits for its panels; review: its panels are formed and the document "
                   "review is under way (the demo accounts score and report in the browser); evaluation: it has "
                   "been through the on-site review and is in the comprehensive evaluation (the demo leader "
                   "submits the panel's comprehensive evaluation report in the browser); deliberation: the candidate "
                   "list is before the leading group, whose members are giving their opinions (issue 17).")
def demo_command(stage):
    """Load demo accounts for every role and demo cycles, organizations and applications (idempotent)."""
    from reviewapp.demo.loading import demo_accounts, load_demo
    from reviewapp.demo.pool import POOL_SIZE, pool_size
    from reviewapp.demo.summary import DemoRefused

    if not current_app.config.get("DEMO_DATA_ALLOWED"):
        # issue 13 item 4: the demo's office account has a public password; never in production
        raise click.ClickException("demo data is for the local demo only (REVIEWAPP_ENV=development, "
                                   "scripts/run-demo.sh): it creates an office account with the public password "
                                   f"{DEMO_PASSWORD!r}. Nothing was created.")
    try:
        summary = load_demo(stage)
    except DemoRefused as refused:
        raise click.ClickException(f"demo data not loaded: {refused}") from None
    accounts = demo_accounts()
    click.echo(f"Demo accounts (password for all: {DEMO_PASSWORD}):")
    for username, display_name, roles in accounts:
        click.echo(f"  {username:10} {display_name}  [{', '.join(r.value for r in roles)}]")
    click.echo("")
    if summary.created_anything:
        click.echo("Demo data created: " + ", ".join(f"{n} {what}" for what, n in summary.created.items()))
    else:
        click.echo("Demo data already loaded: nothing new created.")
    click.echo(f"Expert pool: {pool_size()} experts ({pool_size() - POOL_SIZE} demo experts above, "
               f"{POOL_SIZE} without a login).")
    cycle = summary.current_cycle
    click.echo(f"Current cycle: {cycle.name} ({cycle.stage.value}, reference date {cycle.reference_date.isoformat()}, "
               f"deadline {cycle.application_deadline.isoformat()}). Eligibility outcomes:")
    for outcome in summary.outcomes:
        failed = outcome["failed"]
        checks = "not registered" if failed is None else \
            ("no automatic check fails" if not failed else "fails " + ", ".join(failed))
        click.echo(f"  {outcome['number'] or '-':9} {outcome['organization']}: {outcome['intended']} [{checks}]")
    for warning in summary.warnings:
        click.echo(f"WARNING: {warning}", err=True)
