"""photos and evidence files of a site-visit issue (issue 17, Art. 19): site_issue_evidence.

Revision ID: 5e17a0c0f417
Revises: c17d0e1f2a3b
Create Date: 2026-12-07 14:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5e17a0c0f417'
down_revision = 'c17d0e1f2a3b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_issue_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('issue_id', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['issue_id'], ['site_issue.id'], name=op.f('fk_site_issue_evidence_issue_id_site_issue'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['user.id'],
                            name=op.f('fk_site_issue_evidence_uploaded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_issue_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_site_issue_evidence_stored_name'))
    )
    with op.batch_alter_table('site_issue_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_issue_evidence_issue_id'), ['issue_id'], unique=False)


def downgrade():
    with op.batch_alter_table('site_issue_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_issue_evidence_issue_id'))
    op.drop_table('site_issue_evidence')
