"""user_session: server-side sessions, stored as token hashes (issue 13, item 2)

Revision ID: a13c1e55e501
Revises: 8d2e3f4a5b6c
Create Date: 2026-12-07 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e501'
down_revision = '8d2e3f4a5b6c'
branch_labels = None
depends_on = None


def upgrade():
    pass  # placeholder (issue 13, sessions): filled in by the change that needs it


def downgrade():
    pass
