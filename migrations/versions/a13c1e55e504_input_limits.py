"""input limits and the blinded group review (issue 13, items 6 and 7): the office's recorded choice to show the
blinded leading group each candidate's award history

Revision ID: a13c1e55e504
Revises: a13c1e55e503
Create Date: 2026-12-07 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e504'
down_revision = 'a13c1e55e503'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.add_column(sa.Column('award_history_shown_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('award_history_shown_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('award_history_shown_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_cycle_award_history_shown_by_id_user'), 'user',
                                    ['award_history_shown_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('cycle', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_cycle_award_history_shown_by_id_user'), type_='foreignkey')
        batch_op.drop_column('award_history_shown_reason')
        batch_op.drop_column('award_history_shown_by_id')
        batch_op.drop_column('award_history_shown_at')
