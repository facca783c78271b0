"""public forms: proof-of-work challenge, failed answers, evidence quota (issue 13, item 1)

Revision ID: a13c1e55e503
Revises: a13c1e55e502
Create Date: 2026-12-07 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e503'
down_revision = 'a13c1e55e502'
branch_labels = None
depends_on = None


def upgrade():
    # One answer per proof-of-work challenge, enforced by the database (two filings racing with one solved
    # challenge cannot both be stored); replaces the "challenge:<nonce>" rows of rate_limit_hit.
    op.create_table('used_challenge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_used_challenge')),
    sa.UniqueConstraint('nonce', name=op.f('uq_used_challenge_nonce'))
    )
    with op.batch_alter_table('used_challenge', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_used_challenge_at'), ['at'], unique=False)
    op.execute(sa.text("DELETE FROM rate_limit_hit WHERE key LIKE 'challenge:%'"))

    # The public's evidence per day (the daily quota) is summed by upload time.
    with op.batch_alter_table('submission_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submission_evidence_uploaded_at'), ['uploaded_at'], unique=False)


def downgrade():
    with op.batch_alter_table('submission_evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_submission_evidence_uploaded_at'))

    with op.batch_alter_table('used_challenge', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_used_challenge_at'))
    op.drop_table('used_challenge')
