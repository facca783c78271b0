"""notice kind: the revocation notice (Art. 31, 32) joins the CHECK constraint

The model gained NoticeKind.REVOCATION without a migration: an installed database refused every revocation
notice (ck_notice_notice_kind). tests/test_migrations.py now compares every enum's CHECK with the models.

Revision ID: 7c1d2e3f4a5b
Revises: 61f60e8e278c
Create Date: 2026-11-26 15:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '7c1d2e3f4a5b'
down_revision = '61f60e8e278c'
branch_labels = None
depends_on = None


def notice_kind(*values):
    return sa.Enum(*values, name='notice_kind', native_enum=False, create_constraint=True, length=40)


BEFORE = notice_kind('acceptance', 'proposed_winners')
AFTER = notice_kind('acceptance', 'proposed_winners', 'revocation')


def upgrade():
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=BEFORE, type_=AFTER, existing_nullable=False)


def downgrade():
    op.execute("DELETE FROM notice WHERE kind = 'revocation'")
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=AFTER, type_=BEFORE, existing_nullable=False)
