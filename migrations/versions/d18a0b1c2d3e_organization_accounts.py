"""organization accounts (issue 18, Art. 10, 15): the roles applicant and recommender, each login linked to its
organization, verified by the office or by an invitation

Revision ID: d18a0b1c2d3e
Revises: 5e17a0c0f417
Create Date: 2026-12-07 14:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd18a0b1c2d3e'
down_revision = '5e17a0c0f417'
branch_labels = None
depends_on = None


def role(*values):
    return sa.Enum(*values, name='role', native_enum=False, create_constraint=True, length=20)


BEFORE = role('office', 'expert', 'leading_group')
AFTER = role('office', 'expert', 'leading_group', 'applicant', 'recommender')


def upgrade():
    with op.batch_alter_table('user_role', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=BEFORE, type_=AFTER, existing_nullable=False)
    op.create_table('organization_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('credit_code', sa.String(length=18), nullable=True),
    sa.Column('organization_name', sa.String(length=200), nullable=False),
    sa.Column('contact_name', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('organization_created', sa.Boolean(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('refused_at', sa.DateTime(), nullable=True),
    sa.Column('refused_by_id', sa.Integer(), nullable=True),
    sa.Column('refusal_reason', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['user.id'], name=op.f('fk_organization_account_invited_by_id_user')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_organization_account_organization_id_organization')),
    sa.ForeignKeyConstraint(['refused_by_id'], ['user.id'], name=op.f('fk_organization_account_refused_by_id_user')),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_organization_account_user_id_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['user.id'], name=op.f('fk_organization_account_verified_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organization_account')),
    sa.UniqueConstraint('user_id', name=op.f('uq_organization_account_user_id'))
    )
    with op.batch_alter_table('organization_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organization_account_organization_id'), ['organization_id'], unique=False)


def downgrade():
    with op.batch_alter_table('organization_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organization_account_organization_id'))
    op.drop_table('organization_account')
    op.execute("DELETE FROM user_role WHERE role IN ('applicant', 'recommender')")
    with op.batch_alter_table('user_role', schema=None) as batch_op:
        batch_op.alter_column('role', existing_type=AFTER, type_=BEFORE, existing_nullable=False)
