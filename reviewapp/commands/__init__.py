"""flask commands, one module per command or group: create-user (users.py), demo (demo.py), audit verify / anchor /
rekey / pg-app-role (audit.py), coi check (coi.py), backup / restore / backup-key (backup.py), notify send
(notify.py)."""
from flask import Flask

from reviewapp.commands.audit import audit_group
from reviewapp.commands.backup import backup_command, backup_key_command, restore_command
from reviewapp.commands.coi import coi_group
from reviewapp.commands.demo import demo_command
from reviewapp.commands.notify import notify_group
from reviewapp.commands.users import create_user_command


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(demo_command)
    app.cli.add_command(audit_group)
    app.cli.add_command(coi_group)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(backup_key_command)
    app.cli.add_command(notify_group)
