"""flask audit verify / anchor / rekey (issue 13, item 3); the work is in reviewapp.audit."""
import json
from pathlib import Path

import click

from reviewapp.domain.audit_chain import LEGACY, AnchorError, anchor_record, parse_anchors

REASONS = {
    "missing": "an entry is missing",
    "prev_hash": "not linked to the entry before it",
    "content": "its hash does not match its content under AUDIT_KEY",
    "unkeyed": "hashed with plain sha256, without AUDIT_KEY",
    "anchor": "its hash differs from the anchor's",
    "truncated": "the chain ends before the recorded tip or an anchor",
}


def _read_anchors(paths) -> list:
    anchors = []
    for path in paths:
        try:
            anchors.extend(parse_anchors(Path(path).read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, AnchorError) as error:
            raise click.ClickException(f"cannot read the anchor file {path}: {error}") from None
    return anchors


def _explain(broken) -> str:
    message = f"audit chain broken at entry seq={broken.seq} ({broken.reason}: {REASONS[broken.reason]})"
    if broken.reason == "unkeyed" and broken.seq == 1:
        return (f"{message}. The audit chain was written before AUDIT_KEY: run `flask audit rekey --legacy` once "
                "after the upgrade. (If this installation was rekeyed before, the trail has since been rewritten "
                "without the key: compare it with your anchors.)")
    if broken.reason == "content" and broken.seq == 1:
        return (f"{message}. If every entry fails, AUDIT_KEY may not be the key that wrote the chain: set that "
                "key, or rewrite the chain under the new one with `flask audit rekey --old-key`.")
    return message


anchor_option = click.option("--anchor", "anchor_files", multiple=True, type=click.Path(dir_okay=False),
                             help="An anchor file from `flask audit anchor` (one anchor, or one per line). "
                                  "Repeat for several.")


@click.group("audit")
def audit_group():
    """The audit trail."""


@audit_group.command("verify")
@anchor_option
def audit_verify_command(anchor_files):
    """Check the audit trail's keyed hash chain, and that it still holds each anchor's entry with the anchor's
    hash; report the first broken entry, or OK."""
    from reviewapp.audit import current_key_id, verify_chain

    anchors = _read_anchors(anchor_files)
    current = current_key_id()
    for anchor in anchors:
        if anchor.key_id not in (None, current):
            raise click.ClickException(
                f"the anchor at seq={anchor.seq} was taken under another audit key ({anchor.key_id}; AUDIT_KEY is "
                f"{current}): anchors from before a rekey no longer apply")
    broken = verify_chain(anchors)
    if broken is not None:
        raise click.ClickException(_explain(broken))
    reach = f", and holds {len(anchors)} anchor(s) up to seq={max(a.seq for a in anchors)}" if anchors else ""
    click.echo(f"OK: the audit chain is intact{reach}.")


@audit_group.command("anchor")
@click.option("--output", type=click.Path(dir_okay=False), default=None,
              help="Write the anchor to this new file (refused if it exists) instead of standard output.")
def audit_anchor_command(output):
    """Print the chain's tip (seq, hash, time taken, key id) as one line of JSON, once the chain verifies. Keep it
    outside the database (another machine, paper, mail to yourself): `verify --anchor` then proves that no entry
    up to it was changed or cut off."""
    from reviewapp.audit import AuditRefused, take_anchor

    try:
        line = json.dumps(anchor_record(take_anchor())) + "\n"
    except AuditRefused as refused:
        raise click.ClickException(str(refused)) from None
    if output is None:
        click.echo(line, nl=False)
        return
    try:
        with open(output, "x", encoding="utf-8") as out:
            out.write(line)
    except FileExistsError:
        raise click.ClickException(f"{output} exists already: anchors are kept, not replaced; choose a new name "
                                   "(or append standard output to a file of anchors)") from None
    except OSError as error:
        raise click.ClickException(f"cannot write {output}: {error}") from None
    click.echo(f"Anchor written to {output}: {line.strip()}", err=True)


def _old_key(legacy: bool, old_key: str | None) -> bytes | None:
    if legacy == (old_key is not None):
        raise click.UsageError("give exactly one of --legacy (the unkeyed chain before AUDIT_KEY) and --old-key")
    return LEGACY if legacy else old_key.encode("utf-8")


@audit_group.command("rekey")
@click.option("--legacy", is_flag=True, help="The chain was written before AUDIT_KEY existed (plain sha256).")
@click.option("--old-key", envvar="AUDIT_OLD_KEY", default=None,
              help="The AUDIT_KEY the chain was written with, when changing keys (better from the environment "
                   "variable AUDIT_OLD_KEY than on the command line).")
@anchor_option
def audit_rekey_command(legacy, old_key, anchor_files):
    """Rewrite every hash of the audit chain under the configured AUDIT_KEY, in one transaction.

    The chain must first verify under its old scheme (and hold the given anchors, taken under the old key);
    entries already written under AUDIT_KEY after it are accepted. Otherwise nothing is changed. Records an
    entry saying so and prints a new anchor: anchors taken before no longer apply. Run it with the database
    owner's DATABASE_URL (the application's PostgreSQL role may not UPDATE audit entries)."""
    from reviewapp.audit import AuditRefused, rekey

    anchors = _read_anchors(anchor_files)
    try:
        summary = rekey(_old_key(legacy, old_key), anchors)
    except AuditRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Rekeyed {summary.entries} entries from {summary.old_scheme} to AUDIT_KEY "
               f"({summary.anchor.key_id}). Replace your anchors with this one:", err=True)
    click.echo(json.dumps(anchor_record(summary.anchor)))


@audit_group.command("pg-app-role")
@click.argument("role")
@click.option("--password", envvar="APP_ROLE_PASSWORD", default=None,
              help="Set the role's password (better from the environment variable APP_ROLE_PASSWORD); without "
                   "it a new role has none (peer or certificate login) and an existing one keeps its own.")
@click.option("--print-sql", is_flag=True, help="Print the statements instead of running them.")
def audit_pg_app_role_command(role, password, print_sql):
    """PostgreSQL: create or update ROLE, the application's own login role, which owns nothing, reads and writes
    the tables but may only read and append to the audit trail (no UPDATE or DELETE of audit_entry). Run it as
    the database's owner after every `flask db upgrade` (it is idempotent), then run the application with ROLE in
    its DATABASE_URL; keep the owner's for migrations, `flask audit rekey` and `flask restore`."""
    from reviewapp.pg_role import RoleRefused, grant_app_role

    try:
        statements = grant_app_role(role, password, dry_run=print_sql)
    except RoleRefused as refused:
        raise click.ClickException(str(refused)) from None
    if print_sql:
        click.echo("".join(f"{statement};\n" for statement in statements), nl=False)
        return
    click.echo(f"Role {role}: reads and writes the tables; audit_entry: SELECT and INSERT only. Run the "
               f"application with DATABASE_URL=postgresql+psycopg://{role}:PASSWORD@HOST/DATABASE.")
