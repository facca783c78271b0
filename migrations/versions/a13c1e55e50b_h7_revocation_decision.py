"""revocation: the city government's decision, the clause from the text, the event's date, the credit record
(issue 15, Art. 31, 32, 11(6))

award_record gains the decision's document number and the event's date (nullable: revocations recorded before
have neither, and the pages say "not recorded"); its free-text clause becomes a choice of the text's clauses
(revocation_clause CHECK). The data step maps a clause typed as "第三十二条（一）" or naming 贿赂/弄虚作假 to its code;
a clause it cannot read is kept by appending it to the reason, and the code stays empty (not recorded).
credit_record.kind gains award_fraud (Art. 31: 纳入信用记录).

Revision ID: a13c1e55e50b
Revises: a13c1e55e50a
Create Date: 2026-12-07 06:30:00

"""
import re

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'a13c1e55e50b'
down_revision = 'a13c1e55e50a'
branch_labels = None
depends_on = None


def credit_record_kind(*extra):
    return sa.Enum('major_accident', 'abnormal_operations', 'serious_dishonesty', 'administrative_penalty',
                   'failed_spot_check', *extra, name='credit_record_kind', native_enum=False,
                   create_constraint=True, length=40)


CLAUSE = sa.Enum('art31_fraud', 'art31_bribery', 'art31_other', 'art32_1', 'art32_2', 'art32_3', 'art32_4',
                 'art32_5', name='revocation_clause', native_enum=False, create_constraint=True, length=40)
FREE_TEXT = sa.String(length=100)

award_record = sa.table('award_record', sa.column('id', sa.Integer), sa.column('revocation_article', sa.Integer),
                        sa.column('revocation_clause', sa.String), sa.column('revocation_reason', sa.Text))

ITEMS = {'一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '1': 1, '2': 2, '3': 3, '4': 4, '5': 5}
# The downgrade writes the codes back as the office used to type them.
TEXT_OF = {'art31_fraud': '第三十一条（弄虚作假）', 'art31_bribery': '第三十一条（贿赂）',
           'art31_other': '第三十一条（其他不正当手段）', 'art32_1': '第三十二条（一）', 'art32_2': '第三十二条（二）',
           'art32_3': '第三十二条（三）', 'art32_4': '第三十二条（四）', 'art32_5': '第三十二条（五）'}


def clause_code(article, text):
    """The code of a clause typed as free text, or None when it cannot be read with certainty."""
    if article == 32:
        found = set(re.findall(r'[（(]\s*([一二三四五1-5])\s*[)）]', text))
        return f'art32_{ITEMS[found.pop()]}' if len(found) == 1 else None
    if article == 31:
        bribery, fraud = '贿' in text, '弄虚作假' in text or '虚假' in text
        if bribery != fraud:
            return 'art31_bribery' if bribery else 'art31_fraud'
    return None


def upgrade():
    with op.batch_alter_table('award_record', schema=None) as batch_op:
        batch_op.add_column(sa.Column('revocation_document', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('revocation_event_on', sa.Date(), nullable=True))
    connection = op.get_bind()
    rows = connection.execute(sa.select(award_record.c.id, award_record.c.revocation_article,
                                        award_record.c.revocation_clause, award_record.c.revocation_reason)
                              .where(award_record.c.revocation_clause.is_not(None))).all()
    for row in rows:
        text = row.revocation_clause.strip()
        code = clause_code(row.revocation_article, text)
        values = {'revocation_clause': code}
        if code is None and text:
            values['revocation_reason'] = f"{(row.revocation_reason or '').strip()}（原记录的条款：{text}）"
        connection.execute(award_record.update().where(award_record.c.id == row.id).values(**values))
    with op.batch_alter_table('award_record', schema=None) as batch_op:
        batch_op.alter_column('revocation_clause', existing_type=FREE_TEXT, type_=CLAUSE, existing_nullable=True)
    with op.batch_alter_table('credit_record', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=credit_record_kind(), type_=credit_record_kind('award_fraud'),
                              existing_nullable=False)


def downgrade():
    op.execute("DELETE FROM credit_record WHERE kind = 'award_fraud'")
    with op.batch_alter_table('credit_record', schema=None) as batch_op:
        batch_op.alter_column('kind', existing_type=credit_record_kind('award_fraud'), type_=credit_record_kind(),
                              existing_nullable=False)
    with op.batch_alter_table('award_record', schema=None) as batch_op:
        batch_op.alter_column('revocation_clause', existing_type=CLAUSE, type_=FREE_TEXT, existing_nullable=True)
    connection = op.get_bind()
    for code, text in TEXT_OF.items():
        connection.execute(award_record.update().where(award_record.c.revocation_clause == code)
                           .values(revocation_clause=text))
    with op.batch_alter_table('award_record', schema=None) as batch_op:
        batch_op.drop_column('revocation_event_on')
        batch_op.drop_column('revocation_document')
