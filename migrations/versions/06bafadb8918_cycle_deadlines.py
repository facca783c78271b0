"""cycle deadlines (issue 16): the dates people work to, columns on cycle (all optional: an installed cycle has
none until the office sets them), and the in-app notice's dedupe key (a reminder to a user without an e-mail
address is added once). No data step.

Revision ID: 06bafadb8918
Revises: deceb072c5d8
Create Date: 2026-12-07 11:08:51.368456

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '06bafadb8918'
down_revision = 'deceb072c5d8'
branch_labels = None
depends_on = None


DATES = ("sheets_due_on", "report_due_on", "visit_from", "visit_to", "comprehensive_due_on", "group_meeting_on")


def upgrade():
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        for name in DATES:
            batch_op.add_column(sa.Column(name, sa.Date(), nullable=True))
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.add_column(sa.Column('dedupe_key', sa.String(length=200), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_notification_dedupe_key'), ['dedupe_key'])


def downgrade():
    with op.batch_alter_table('notification', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_notification_dedupe_key'), type_='unique')
        batch_op.drop_column('dedupe_key')
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        for name in reversed(DATES):
            batch_op.drop_column(name)
