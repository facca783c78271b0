"""h5 optional thresholds (issue 15, Art. 20): the minimum scores become an optional setting, a warning with a
recorded reason; the revocation notice gets its own setting

Revision ID: a13c1e55e509
Revises: a13c1e55e508
Create Date: 2026-12-07 06:30:00

Schema: the office's reason for proposing a candidate below the cycle's minimum (candidate.minimum_override_reason)
and the group's reason for approving one (list_entry.minimum_override_reason).

Data (cycle.settings): until now the cycle form was pre-filled with 600 and 500 and had no way to say "no minimum",
so a stored value equal to that old default was never a choice. In every cycle whose candidate list has NOT been
proposed yet, award_min_score == 600 and nomination_min_score == 500 each become 0 (no minimum, the new default);
any other value was typed by the office and is kept (now a warning). Cycles that proposed their list keep what they
stored: the list was checked against it, and the cycle's page says so. Every cycle gets
revocation_notice_working_days equal to its notice_working_days, the period its revocations used until now.
The downgrade drops the two columns and the new key and leaves the minimums as they are (0 meant "no minimum"
to the old code as well).
"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a13c1e55e509'
down_revision = 'a13c1e55e508'
branch_labels = None
depends_on = None

OLD_DEFAULTS = {"award_min_score": 600, "nomination_min_score": 500}
cycle = sa.table("cycle", sa.column("id", sa.Integer), sa.column("settings", sa.JSON),
                 sa.column("candidates_proposed_at", sa.DateTime))


def _migrated(settings: dict, proposed: bool) -> dict:
    new = dict(settings)
    if not proposed:
        new.update({name: 0 for name, old in OLD_DEFAULTS.items() if new.get(name) == old})
    new.setdefault("revocation_notice_working_days", new.get("notice_working_days", 5))
    return new


def upgrade():
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minimum_override_reason', sa.Text(), nullable=True))
    with op.batch_alter_table('list_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('minimum_override_reason', sa.Text(), nullable=True))
    connection = op.get_bind()
    for row in connection.execute(sa.select(cycle.c.id, cycle.c.settings, cycle.c.candidates_proposed_at)).all():
        settings = row.settings or {}
        new = _migrated(settings, row.candidates_proposed_at is not None)
        if new != settings:
            connection.execute(cycle.update().where(cycle.c.id == row.id).values(settings=new))


def downgrade():
    connection = op.get_bind()
    for row in connection.execute(sa.select(cycle.c.id, cycle.c.settings)).all():
        settings = dict(row.settings or {})
        if settings.pop("revocation_notice_working_days", None) is not None:
            connection.execute(cycle.update().where(cycle.c.id == row.id).values(settings=settings))
    with op.batch_alter_table('list_entry', schema=None) as batch_op:
        batch_op.drop_column('minimum_override_reason')
    with op.batch_alter_table('candidate', schema=None) as batch_op:
        batch_op.drop_column('minimum_override_reason')
