"""online application drafts (issue 18, Art. 15): the organization's draft of its application, awaiting its
recommender's signed opinion; a material belongs to an application or to a draft (or to both, once signed)

Revision ID: 5b7fa68c9c7d
Revises: d18a0b1c2d3e
Create Date: 2026-12-07 16:08:28.937340

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b7fa68c9c7d'
down_revision = 'd18a0b1c2d3e'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('application_draft',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('organization_id', sa.Integer(), nullable=False),
    sa.Column('award', sa.Enum('award', 'nomination', name='award_kind', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('form_data', sa.JSON(), nullable=False),
    sa.Column('self_assessment', sa.JSON(), nullable=False),
    sa.Column('recommender_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'awaiting_recommendation', 'declined', 'registered', name='draft_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('declined_at', sa.DateTime(), nullable=True),
    sa.Column('declined_by_id', sa.Integer(), nullable=True),
    sa.Column('application_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_application_draft_application_id_application')),
    sa.ForeignKeyConstraint(['created_by_id'], ['user.id'], name=op.f('fk_application_draft_created_by_id_user')),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], name=op.f('fk_application_draft_cycle_id_cycle')),
    sa.ForeignKeyConstraint(['declined_by_id'], ['user.id'], name=op.f('fk_application_draft_declined_by_id_user')),
    sa.ForeignKeyConstraint(['organization_id'], ['organization.id'], name=op.f('fk_application_draft_organization_id_organization')),
    sa.ForeignKeyConstraint(['recommender_id'], ['organization.id'], name=op.f('fk_application_draft_recommender_id_organization')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user.id'], name=op.f('fk_application_draft_submitted_by_id_user')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['user.id'], name=op.f('fk_application_draft_updated_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_application_draft')),
    sa.UniqueConstraint('application_id', name=op.f('uq_application_draft_application_id')),
    sa.UniqueConstraint('cycle_id', 'organization_id', name=op.f('uq_application_draft_cycle_id_organization_id'))
    )
    with op.batch_alter_table('application_draft', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_application_draft_cycle_id'), ['cycle_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_draft_organization_id'), ['organization_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_draft_recommender_id'), ['recommender_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_application_draft_status'), ['status'], unique=False)

    with op.batch_alter_table('material', schema=None) as batch_op:
        batch_op.add_column(sa.Column('draft_id', sa.Integer(), nullable=True))
        batch_op.alter_column('application_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_material_draft_id'), ['draft_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_material_draft_id_application_draft'), 'application_draft', ['draft_id'], ['id'])
        batch_op.create_check_constraint(op.f('ck_material_owner'), 'application_id IS NOT NULL OR draft_id IS NOT NULL')



def downgrade():
    # a draft's own files (never registered) have no application to stay with: their records go (the files stay on
    # disk, for the office to remove by hand)
    op.execute("DELETE FROM material WHERE application_id IS NULL")
    with op.batch_alter_table('material', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_material_owner'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_material_draft_id_application_draft'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_material_draft_id'))
        batch_op.alter_column('application_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('draft_id')

    with op.batch_alter_table('application_draft', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_application_draft_status'))
        batch_op.drop_index(batch_op.f('ix_application_draft_recommender_id'))
        batch_op.drop_index(batch_op.f('ix_application_draft_organization_id'))
        batch_op.drop_index(batch_op.f('ix_application_draft_cycle_id'))

    op.drop_table('application_draft')
