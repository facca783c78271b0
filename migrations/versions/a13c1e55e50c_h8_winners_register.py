"""h8 winners register (issue 15, Art. 6, 10, 26-29): sharing events, exchange and promotion activities,
yearly use-of-funds reports, title-misuse reports and the office's policy for their dates. New tables only: an
installed database with the demo in it upgrades without a data step.

Revision ID: a13c1e55e50c
Revises: a13c1e55e50b
Create Date: 2026-12-07 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e50c'
down_revision = 'a13c1e55e50b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('winner_duty_policy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('funds_report_due_days', sa.Integer(), nullable=False),
    sa.Column('misuse_open_days', sa.Integer(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('funds_report_due_days BETWEEN 1 AND 366', name=op.f('ck_winner_duty_policy_funds_report_due_days')),
    sa.CheckConstraint('misuse_open_days BETWEEN 1 AND 366', name=op.f('ck_winner_duty_policy_misuse_open_days')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_winner_duty_policy_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_winner_duty_policy'))
    )
    op.create_table('winner_activity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('award_record_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('sharing', 'exchange', 'promotion', name='winner_activity_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('place', sa.String(length=200), nullable=False),
    sa.Column('audience', sa.String(length=200), nullable=True),
    sa.Column('promoter_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=True),
    sa.Column('stored_name', sa.String(length=100), nullable=True),
    sa.Column('mimetype', sa.String(length=100), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['award_record_id'], ['award_record.id'], name=op.f('fk_winner_activity_award_record_id_award_record'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['promoter_id'], ['organization.id'], name=op.f('fk_winner_activity_promoter_id_organization')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_winner_activity_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_winner_activity')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_winner_activity_stored_name'))
    )
    with op.batch_alter_table('winner_activity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_winner_activity_award_record_id'), ['award_record_id'], unique=False)

    op.create_table('winner_funds_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('award_record_id', sa.Integer(), nullable=False),
    sa.Column('report_year', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=True),
    sa.Column('stored_name', sa.String(length=100), nullable=True),
    sa.Column('mimetype', sa.String(length=100), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.CheckConstraint('report_year BETWEEN 1 AND 5', name=op.f('ck_winner_funds_report_report_year')),
    sa.ForeignKeyConstraint(['award_record_id'], ['award_record.id'], name=op.f('fk_winner_funds_report_award_record_id_award_record'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_winner_funds_report_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_winner_funds_report')),
    sa.UniqueConstraint('award_record_id', 'report_year', name=op.f('uq_winner_funds_report_award_record_id_report_year')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_winner_funds_report_stored_name'))
    )
    with op.batch_alter_table('winner_funds_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_winner_funds_report_award_record_id'), ['award_record_id'], unique=False)

    op.create_table('winner_misuse_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('award_record_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('no_award_year', 'after_validity', 'on_product', 'other', name='title_misuse_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('source', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('finding', sa.Text(), nullable=True),
    sa.Column('action', sa.Text(), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['award_record_id'], ['award_record.id'], name=op.f('fk_winner_misuse_report_award_record_id_award_record'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_winner_misuse_report_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_winner_misuse_report'))
    )
    with op.batch_alter_table('winner_misuse_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_winner_misuse_report_award_record_id'), ['award_record_id'], unique=False)


def downgrade():
    with op.batch_alter_table('winner_misuse_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_winner_misuse_report_award_record_id'))

    op.drop_table('winner_misuse_report')
    with op.batch_alter_table('winner_funds_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_winner_funds_report_award_record_id'))

    op.drop_table('winner_funds_report')
    with op.batch_alter_table('winner_activity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_winner_activity_award_record_id'))

    op.drop_table('winner_activity')
    op.drop_table('winner_duty_policy')
