"""h6: the commendation decision (Art. 24) and the basis of each ledger line (Art. 25) (issue 15)

The city government's commendation decision per cycle (document number, date, text and/or its scanned PDF), and
money_entry.basis: the article and why of each line. Lines already on the ledger get their basis from their kind
(without the award they rest on, which the old lines did not always record); recoveries keep their note.

Revision ID: a13c1e55e50a
Revises: a13c1e55e509
Create Date: 2026-12-07 06:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a13c1e55e50a'
down_revision = 'a13c1e55e509'
branch_labels = None
depends_on = None

# Art. 25, as reviewapp/domain/money.py words it (copied: a migration must not change when the code does)
BASIS = {
    'award': '第二十五条：获市长质量奖，一次性激励资金20万元',
    'nomination': '第二十五条：获市长质量奖提名奖，一次性激励资金10万元',
    'nominee_to_award': '第二十五条：已获提名奖的组织获市长质量奖，补发激励资金差额10万元',
    'china_quality_award': '第二十五条：获中国质量奖，追加一次性激励资金20万元',
    'china_quality_nomination': '第二十五条：获中国质量奖提名奖，追加一次性激励资金10万元',
    'liaoning_governor_award': '第二十五条：获辽宁省省长质量奖，追加一次性激励资金10万元',
}


def upgrade():
    op.create_table('commendation_decision',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('document_number', sa.String(length=100), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['cycle.id'], name=op.f('fk_commendation_decision_cycle_id_cycle')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['user.id'], name=op.f('fk_commendation_decision_recorded_by_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation_decision')),
    sa.UniqueConstraint('cycle_id', name=op.f('uq_commendation_decision_cycle_id'))
    )
    op.create_table('commendation_scan',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=100), nullable=False),
    sa.Column('mimetype', sa.String(length=100), nullable=False),
    sa.Column('size', sa.BigInteger(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['decision_id'], ['commendation_decision.id'], name=op.f('fk_commendation_scan_decision_id_commendation_decision'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commendation_scan')),
    sa.UniqueConstraint('decision_id', name=op.f('uq_commendation_scan_decision_id')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_commendation_scan_stored_name'))
    )
    with op.batch_alter_table('money_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('basis', sa.Text(), nullable=True))
    money_entry = sa.table('money_entry', sa.column('kind', sa.String), sa.column('basis', sa.Text))
    for kind, basis in BASIS.items():
        op.execute(money_entry.update().where(money_entry.c.kind == kind).values(basis=basis))


def downgrade():
    with op.batch_alter_table('money_entry', schema=None) as batch_op:
        batch_op.drop_column('basis')
    op.drop_table('commendation_scan')
    op.drop_table('commendation_decision')
