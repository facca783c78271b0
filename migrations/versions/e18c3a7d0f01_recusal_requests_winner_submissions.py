"""recusal requests of applicant organizations (issue 18, Art. 33); winners' reports and activities submitted through
the organization's account (issue 18, Art. 27, 29)

Revision ID: e18c3a7d0f01
Revises: d18b2c3d4e5f
Create Date: 2026-12-07 16:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e18c3a7d0f01'
down_revision = 'd18b2c3d4e5f'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('recusal_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('named_person', sa.String(length=200), nullable=True),
    sa.Column('named_organization', sa.String(length=200), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'handled', 'rejected', name='recusal_status', native_enum=False,
                                create_constraint=True, length=40), nullable=False),
    sa.Column('office_note', sa.Text(), nullable=True),
    sa.Column('handled_by_id', sa.Integer(), nullable=True),
    sa.Column('handled_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('named_person IS NOT NULL OR named_organization IS NOT NULL',
                       name=op.f('ck_recusal_request_someone_named')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'],
                            name=op.f('fk_recusal_request_application_id_application'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['handled_by_id'], ['user.id'], name=op.f('fk_recusal_request_handled_by_id_user')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user.id'], name=op.f('fk_recusal_request_submitted_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recusal_request'))
    )
    with op.batch_alter_table('recusal_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recusal_request_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_recusal_request_status'), ['status'], unique=False)
    for table in ('winner_activity', 'winner_funds_report'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('by_organization', sa.Boolean(), server_default=sa.false(),
                                          nullable=False))


def downgrade():
    for table in ('winner_funds_report', 'winner_activity'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('by_organization')
    with op.batch_alter_table('recusal_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recusal_request_status'))
        batch_op.drop_index(batch_op.f('ix_recusal_request_application_id'))
    op.drop_table('recusal_request')
