"""login throttling per address, password reuse, TOTP second factor (issue 13, item 5)

Revision ID: a13c1e55e502
Revises: a13c1e55e501
Create Date: 2026-12-07 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e502'
down_revision = 'a13c1e55e501'
branch_labels = None
depends_on = None


def upgrade():
    pass  # placeholder (issue 13, login): filled in by the change that needs it


def downgrade():
    pass
