"""h4 panel comprehensive evaluation (issue 15) - PLACEHOLDER, its helper writes it

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
    pass


def downgrade():
    pass
