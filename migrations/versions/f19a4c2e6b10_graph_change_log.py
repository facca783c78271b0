"""the graph's change log (issue 19): each process updates its conflict engine in place from the changes since the
version it built, instead of rebuilding it

Revision ID: f19a4c2e6b10
Revises: e18c3a7d0f01
Create Date: 2026-12-07 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f19a4c2e6b10'
down_revision = 'e18c3a7d0f01'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('graph_change',
    sa.Column('seq', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_graph_change'))
    )
    # An instance's existing version becomes change 0 (nothing written), so that the engines built at it are
    # brought up to date in place from the first change after the upgrade on.
    with op.batch_alter_table('graph_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('seq', sa.Integer(), server_default='0', nullable=False))
    op.execute("INSERT INTO graph_change (seq, token, changes, created_at) "
               "SELECT 0, token, '{}', CURRENT_TIMESTAMP FROM graph_version WHERE id = 1")


def downgrade():
    with op.batch_alter_table('graph_version', schema=None) as batch_op:
        batch_op.drop_column('seq')
    op.drop_table('graph_change')
