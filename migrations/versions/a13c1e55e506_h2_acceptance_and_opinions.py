"""h2 acceptance and opinions (issue 15): solicited opinions (Art. 8(4), 9) and the items an acceptance overrode (Art. 16)

Revision ID: a13c1e55e506
Revises: a13c1e55e505
Create Date: 2026-12-07 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e506'
down_revision = 'a13c1e55e505'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('opinion_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('department', sa.String(length=200), nullable=False),
    sa.Column('subject', sa.Text(), nullable=False),
    sa.Column('sent_on', sa.Date(), nullable=False),
    sa.Column('reply_due', sa.Date(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('replied_on', sa.Date(), nullable=True),
    sa.Column('reply_text', sa.Text(), nullable=True),
    sa.Column('raises_problem', sa.Boolean(), nullable=True),
    sa.Column('reply_recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('reply_recorded_at', sa.DateTime(), nullable=True),
    sa.Column('scan_name', sa.String(length=200), nullable=True),
    sa.Column('scan_stored_name', sa.String(length=64), nullable=True),
    sa.Column('scan_mimetype', sa.String(length=100), nullable=True),
    sa.Column('scan_size', sa.BigInteger(), nullable=True),
    sa.Column('scan_sha256', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'],
                            name=op.f('fk_opinion_request_application_id_application')),
    sa.ForeignKeyConstraint(['reply_recorded_by_id'], ['user.id'],
                            name=op.f('fk_opinion_request_reply_recorded_by_id_user')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_opinion_request_requested_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinion_request')),
    sa.UniqueConstraint('scan_stored_name', name=op.f('uq_opinion_request_scan_stored_name'))
    )
    with op.batch_alter_table('opinion_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinion_request_application_id'), ['application_id'], unique=False)

    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accepted_over', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.drop_column('accepted_over')

    with op.batch_alter_table('opinion_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinion_request_application_id'))

    op.drop_table('opinion_request')
