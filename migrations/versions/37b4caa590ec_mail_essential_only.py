"""a user's choice of mails (issue 16): mails only for the notices a rule requires, the rest in the in-app list.
Every installed account keeps every mail (false).

Revision ID: 37b4caa590ec
Revises: 06bafadb8918
Create Date: 2026-12-07 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '37b4caa590ec'
down_revision = '06bafadb8918'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('mail_essential_only', sa.Boolean(), nullable=False, server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('mail_essential_only')
