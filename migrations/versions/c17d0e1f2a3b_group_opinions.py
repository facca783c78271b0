"""the leading group's deliberation (issue 17, Art. 6, 20, 21): each member's opinion on each candidate

Revision ID: c17d0e1f2a3b
Revises: 37b4caa590ec
Create Date: 2026-12-07 13:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c17d0e1f2a3b'
down_revision = '37b4caa590ec'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('group_opinion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Enum('award', 'nomination', name='award_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('vote', sa.Enum('agree', 'disagree', 'abstain', name='group_vote', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_group_opinion_application_id_application')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], name=op.f('fk_group_opinion_cycle_id_cycle')),
    sa.ForeignKeyConstraint(['member_id'], ['user.id'], name=op.f('fk_group_opinion_member_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_opinion')),
    sa.UniqueConstraint('cycle_id', 'application_id', 'member_id', name=op.f('uq_group_opinion_cycle_id_application_id_member_id'))
    )
    with op.batch_alter_table('group_opinion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_opinion_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_opinion_member_id'), ['member_id'], unique=False)


def downgrade():
    with op.batch_alter_table('group_opinion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_opinion_member_id'))
        batch_op.drop_index(batch_op.f('ix_group_opinion_cycle_id'))

    op.drop_table('group_opinion')
