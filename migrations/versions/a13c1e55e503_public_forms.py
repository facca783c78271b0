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
    pass  # placeholder (issue 13, public-forms): filled in by the change that needs it


def downgrade():
    pass
