"""h8 winners register (issue 15) - PLACEHOLDER, its helper writes it

Revision ID: a13c1e55e50c
Revises: a13c1e55e50b
Create Date: 2026-12-07 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e50c'
down_revision = 'a13c1e55e50b'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
