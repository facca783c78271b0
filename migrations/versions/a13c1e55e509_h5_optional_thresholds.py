"""h5 optional thresholds (issue 15) - PLACEHOLDER, its helper writes it

Revision ID: a13c1e55e509
Revises: a13c1e55e508
Create Date: 2026-12-07 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e509'
down_revision = 'a13c1e55e508'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
