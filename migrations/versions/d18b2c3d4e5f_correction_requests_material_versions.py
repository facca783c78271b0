"""correction requests (补正, Art. 16) and versions of an application's files (issue 18)

Revision ID: d18b2c3d4e5f
Revises: 5b7fa68c9c7d
Create Date: 2026-12-07 16:20:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'd18b2c3d4e5f'
down_revision = '5b7fa68c9c7d'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('correction_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('missing', sa.Text(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('resubmitted_at', sa.DateTime(), nullable=True),
    sa.Column('resubmitted_by_id', sa.Integer(), nullable=True),
    sa.Column('resubmission_note', sa.Text(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.Enum('resubmitted', 'withdrawn', 'lapsed', name='correction_outcome', native_enum=False,
                                 create_constraint=True, length=40), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_correction_request_application_id_application')),
    sa.ForeignKeyConstraint(['closed_by_id'], ['user.id'], name=op.f('fk_correction_request_closed_by_id_user')),
    sa.ForeignKeyConstraint(['requested_by_id'], ['user.id'], name=op.f('fk_correction_request_requested_by_id_user')),
    sa.ForeignKeyConstraint(['resubmitted_by_id'], ['user.id'], name=op.f('fk_correction_request_resubmitted_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_correction_request'))
    )
    with op.batch_alter_table('correction_request', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_correction_request_application_id'), ['application_id'], unique=False)
    with op.batch_alter_table('material', schema=None) as batch_op:
        batch_op.add_column(sa.Column('replaces_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('superseded_at', sa.DateTime(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_material_replaces_id_material'), 'material', ['replaces_id'], ['id'])


def downgrade():
    with op.batch_alter_table('material', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_material_replaces_id_material'), type_='foreignkey')
        batch_op.drop_column('superseded_at')
        batch_op.drop_column('replaces_id')
    with op.batch_alter_table('correction_request', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_correction_request_application_id'))
    op.drop_table('correction_request')
