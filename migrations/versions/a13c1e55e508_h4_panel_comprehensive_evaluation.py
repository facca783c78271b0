"""h4 panel comprehensive evaluation (issue 15): the panel's comprehensive evaluation report (Art. 17, 20)

The on-site panel's leader gives the comprehensive score (the system's proposal confirmed, or adjusted with a
justification) and submits the comprehensive evaluation report; one per applicant that went on site. A new table
only: nothing an installed database holds changes.

Revision ID: a13c1e55e508
Revises: a13c1e55e507
Create Date: 2026-12-07 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e508'
down_revision = 'a13c1e55e507'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comprehensive_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('panel_id', sa.Integer(), nullable=False),
    sa.Column('document_total', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('onsite_total', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('weight_percent', sa.Integer(), nullable=False),
    sa.Column('proposed_score', sa.Numeric(precision=7, scale=2), nullable=False),
    sa.Column('score', sa.Numeric(precision=7, scale=2), nullable=True),
    sa.Column('justification', sa.Text(), nullable=True),
    sa.Column('strengths', sa.JSON(), nullable=False),
    sa.Column('opportunities', sa.JSON(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'submitted', name='report_status', native_enum=False, create_constraint=True, length=40), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'], name=op.f('fk_comprehensive_report_application_id_application')),
    sa.ForeignKeyConstraint(['panel_id'], ['panel.id'], name=op.f('fk_comprehensive_report_panel_id_panel')),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['user.id'], name=op.f('fk_comprehensive_report_submitted_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comprehensive_report')),
    sa.UniqueConstraint('application_id', name=op.f('uq_comprehensive_report_application_id'))
    )
    with op.batch_alter_table('comprehensive_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_comprehensive_report_panel_id'), ['panel_id'], unique=False)


def downgrade():
    with op.batch_alter_table('comprehensive_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_comprehensive_report_panel_id'))

    op.drop_table('comprehensive_report')
