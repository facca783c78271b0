"""input limits and the blinded group review (issue 13, items 6 and 7)

Revision ID: a13c1e55e504
Revises: a13c1e55e503
Create Date: 2026-12-07 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e504'
down_revision = 'a13c1e55e503'
branch_labels = None
depends_on = None


def upgrade():
    pass  # placeholder (issue 13, input): filled in by the change that needs it


def downgrade():
    pass
