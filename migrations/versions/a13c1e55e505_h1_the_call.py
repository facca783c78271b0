"""the call for applications (Art. 14): notice kind 'call', its content and amendments, its media publications

The call becomes a public notice of its own kind: notice.details keeps its content (what is awarded, conditions,
quotas, deadline, contact), notice.supersedes_id names the call an amended call corrects, and call_publication
records where the city's media and the government website published it. cycle.announcement stays: it is now the
office's internal draft for the call, never shown as the call itself (no data moves).

Revision ID: a13c1e55e505
Revises: a13c1e55e504
Create Date: 2026-12-07 06:30:00

"""
from alembic import op
import sqlalchemy as sa



# revision identifiers, used by Alembic.
revision = 'a13c1e55e505'
down_revision = 'a13c1e55e504'
branch_labels = None
depends_on = None


def notice_kind(*values):
    return sa.Enum(*values, name='notice_kind', native_enum=False, create_constraint=True, length=40)


BEFORE = notice_kind('acceptance', 'proposed_winners', 'revocation')
AFTER = notice_kind('call', 'acceptance', 'proposed_winners', 'revocation')


def upgrade():
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=BEFORE, type_=AFTER, existing_nullable=False)
        batch_op.add_column(sa.Column('details', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('supersedes_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_notice_supersedes_id_notice'), 'notice', ['supersedes_id'],
                                    ['id'])
    op.create_table(
        'call_publication',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('outlet', sa.String(length=200), nullable=False),
        sa.Column('published_on', sa.Date(), nullable=False),
        sa.Column('reference', sa.String(length=300), nullable=True),
        sa.Column('recorded_by_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], name=op.f('fk_call_publication_notice_id_notice')),
        sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'],
                                name=op.f('fk_call_publication_recorded_by_id_user')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_call_publication')),
        sa.UniqueConstraint('notice_id', 'outlet', 'published_on',
                            name=op.f('uq_call_publication_notice_id_outlet_published_on')),
    )
    with op.batch_alter_table('call_publication', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_call_publication_notice_id'), ['notice_id'], unique=False)


def downgrade():
    with op.batch_alter_table('call_publication', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_call_publication_notice_id'))
    op.drop_table('call_publication')
    op.execute("DELETE FROM notice WHERE kind = 'call'")
    with op.batch_alter_table('notice', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_notice_supersedes_id_notice'), type_='foreignkey')
        batch_op.drop_column('supersedes_id')
        batch_op.drop_column('details')
        batch_op.alter_column('kind', existing_type=AFTER, type_=BEFORE, existing_nullable=False)
