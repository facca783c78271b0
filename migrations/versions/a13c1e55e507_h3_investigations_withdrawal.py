"""h3 investigations withdrawal (issue 15): investigations (Art. 8(4)), exclusion (Art. 30), withdrawal (Art. 5)

The application status gains 'excluded' and 'withdrawn'; a change to the approved list gains the sources
'exclusion' and 'withdrawal'. New tables: investigation, investigation_evidence, withdrawal.

Revision ID: a13c1e55e507
Revises: a13c1e55e506
Create Date: 2026-12-07 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e507'
down_revision = 'a13c1e55e506'
branch_labels = None
depends_on = None


def str_enum(name, *values):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


STATUS_BEFORE = ('registered', 'accepted', 'rejected')
STATUS_AFTER = STATUS_BEFORE + ('excluded', 'withdrawn')
SOURCE_BEFORE = ('group', 'objection')
SOURCE_AFTER = SOURCE_BEFORE + ('exclusion', 'withdrawal')


def upgrade():
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=str_enum('application_status', *STATUS_BEFORE),
                              type_=str_enum('application_status', *STATUS_AFTER), existing_nullable=False)
    with op.batch_alter_table('list_change', schema=None) as batch_op:
        batch_op.alter_column('source', existing_type=str_enum('list_change_source', *SOURCE_BEFORE),
                              type_=str_enum('list_change_source', *SOURCE_AFTER), existing_nullable=False)

    op.create_table('investigation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('source', str_enum('investigation_source', 'report', 'objection', 'opinion', 'office'),
              nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('opinion_request_id', sa.Integer(), nullable=True),
    sa.Column('scope', sa.Text(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('conclusion', str_enum('investigation_conclusion', 'unfounded', 'false_information',
                                     'other_finding'), nullable=True),
    sa.Column('conclusion_text', sa.Text(), nullable=True),
    sa.Column('concluded_by_id', sa.Integer(), nullable=True),
    sa.Column('concluded_at', sa.DateTime(), nullable=True),
    sa.Column('excluded_from', str_enum('excluded_from_status', *STATUS_AFTER), nullable=True),
    sa.Column('finding_id', sa.Integer(), nullable=True),
    sa.Column('reversal_reason', sa.Text(), nullable=True),
    sa.Column('reversed_by_id', sa.Integer(), nullable=True),
    sa.Column('reversed_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(conclusion IS NULL) = (concluded_at IS NULL)',
                       name=op.f('ck_investigation_conclusion_complete')),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'],
                            name=op.f('fk_investigation_application_id_application')),
    sa.ForeignKeyConstraint(['concluded_by_id'], ['user.id'], name=op.f('fk_investigation_concluded_by_id_user')),
    sa.ForeignKeyConstraint(['finding_id'], ['misconduct_finding.id'],
                            name=op.f('fk_investigation_finding_id_misconduct_finding'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opened_by_id'], ['user.id'], name=op.f('fk_investigation_opened_by_id_user')),
    sa.ForeignKeyConstraint(['opinion_request_id'], ['opinion_request.id'],
                            name=op.f('fk_investigation_opinion_request_id_opinion_request')),
    sa.ForeignKeyConstraint(['reversed_by_id'], ['user.id'], name=op.f('fk_investigation_reversed_by_id_user')),
    sa.ForeignKeyConstraint(['submission_id'], ['public_submission.id'],
                            name=op.f('fk_investigation_submission_id_public_submission')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investigation'))
    )
    with op.batch_alter_table('investigation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_investigation_application_id'), ['application_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_investigation_submission_id'), ['submission_id'], unique=False)

    op.create_table('investigation_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('investigation_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('original_name', sa.String(length=200), nullable=True),
    sa.Column('stored_name', sa.String(length=64), nullable=True),
    sa.Column('mimetype', sa.String(length=100), nullable=True),
    sa.Column('size', sa.BigInteger(), nullable=True),
    sa.Column('sha256', sa.String(length=64), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('added_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('note IS NOT NULL OR stored_name IS NOT NULL',
                       name=op.f('ck_investigation_evidence_note_or_file')),
    sa.ForeignKeyConstraint(['added_by_id'], ['user.id'], name=op.f('fk_investigation_evidence_added_by_id_user')),
    sa.ForeignKeyConstraint(['investigation_id'], ['investigation.id'],
                            name=op.f('fk_investigation_evidence_investigation_id_investigation'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_investigation_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_investigation_evidence_stored_name'))
    )
    with op.batch_alter_table('investigation_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_investigation_evidence_investigation_id'), ['investigation_id'],
                              unique=False)

    op.create_table('withdrawal',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('application_id', sa.Integer(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('withdrawn_from', str_enum('withdrawn_from_status', *STATUS_AFTER), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['application.id'],
                            name=op.f('fk_withdrawal_application_id_application')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_withdrawal_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_withdrawal')),
    sa.UniqueConstraint('application_id', name=op.f('uq_withdrawal_application_id')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_withdrawal_stored_name'))
    )


def downgrade():
    # An excluded or withdrawn application goes back to the status it left; the list's changes for them go.
    op.execute("UPDATE application SET status = (SELECT w.withdrawn_from FROM withdrawal w "
               "WHERE w.application_id = application.id) WHERE status = 'withdrawn'")
    op.execute("UPDATE application SET status = COALESCE((SELECT max(i.excluded_from) FROM investigation i "
               "WHERE i.application_id = application.id AND i.reversed_at IS NULL), 'accepted') "
               "WHERE status = 'excluded'")
    op.execute("UPDATE application SET status = 'accepted' WHERE status IN ('excluded', 'withdrawn')")
    op.execute("DELETE FROM list_change WHERE source IN ('exclusion', 'withdrawal')")
    op.drop_table('withdrawal')
    with op.batch_alter_table('investigation_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_investigation_evidence_investigation_id'))
    op.drop_table('investigation_evidence')
    with op.batch_alter_table('investigation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_investigation_submission_id'))
        batch_op.drop_index(batch_op.f('ix_investigation_application_id'))
    op.drop_table('investigation')

    with op.batch_alter_table('list_change', schema=None) as batch_op:
        batch_op.alter_column('source', existing_type=str_enum('list_change_source', *SOURCE_AFTER),
                              type_=str_enum('list_change_source', *SOURCE_BEFORE), existing_nullable=False)
    with op.batch_alter_table('application', schema=None) as batch_op:
        batch_op.alter_column('status', existing_type=str_enum('application_status', *STATUS_AFTER),
                              type_=str_enum('application_status', *STATUS_BEFORE), existing_nullable=False)
