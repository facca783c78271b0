"""Art. 31, 32: migration a13c1e55e50b turns revocations recorded before it (a free-text clause, no decision, no
event date) into the new record: a clause it can read becomes its code, one it cannot stays in the reason and the
code empty ("not recorded"); the decision and the event stay empty. Back and forth, on SQLite and PostgreSQL."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from reviewapp.extensions import db
from tests.test_migrations import migration_app  # noqa: F401 (the fixture)

BEFORE, AFTER = "a13c1e55e50a", "a13c1e55e50b"
OLD_CLAUSES = {1: (32, "第三十二条（一）"), 2: (32, "（三）"), 3: (31, "第三十一条，向评审人员行贿"),
               4: (31, "第三十一条"), 5: (32, "第三十二条（二）（四）")}


def _insert_old_revocations():
    db.session.execute(text("INSERT INTO organization (id, name, kind, for_profit, version, created_at) "
                            "VALUES (1, '甲公司', 'enterprise', true, 1, '2020-01-01 00:00:00')"))
    for award_id, (article, clause) in OLD_CLAUSES.items():
        db.session.execute(text(
            "INSERT INTO award_record (id, organization_id, kind, awarded_on, repeat, revoked_on, revocation_article, "
            "revocation_clause, revocation_reason, recorded_at) VALUES (:id, 1, 'award', '2020-06-01', false, "
            "'2022-01-05', :article, :clause, '原因', '2022-01-05 00:00:00')"),
            {"id": award_id, "article": article, "clause": clause})
    db.session.commit()


def _rows():
    return {row.id: tuple(row[1:]) for row in db.session.execute(text(
        "SELECT id, revocation_clause, revocation_reason, revocation_document, revocation_event_on "
        "FROM award_record ORDER BY id"))}


def test_art31_32_old_revocations_migrate_with_their_clause_or_not_recorded(migration_app):  # noqa: F811
    with migration_app.app_context():
        upgrade(revision=BEFORE)
        _insert_old_revocations()
        upgrade(revision=AFTER)
        rows = _rows()
        assert rows[1] == ("art32_1", "原因", None, None)
        assert rows[2] == ("art32_3", "原因", None, None)
        assert rows[3] == ("art31_bribery", "原因", None, None)
        # Unreadable: the article alone, or two items at once. The typed clause is kept in the reason.
        assert rows[4] == (None, "原因（原记录的条款：第三十一条）", None, None)
        assert rows[5] == (None, "原因（原记录的条款：第三十二条（二）（四））", None, None)
        db.session.execute(text("INSERT INTO credit_record (organization_id, kind, start_date, source, recorded_at) "
                                "VALUES (1, 'award_fraud', '2022-01-05', '本政发〔2022〕1号', '2022-01-05 00:00:00')"))
        db.session.commit()

        downgrade(revision=BEFORE)
        clauses = {row.id: row.revocation_clause for row in db.session.execute(
            text("SELECT id, revocation_clause FROM award_record ORDER BY id"))}
        assert clauses == {1: "第三十二条（一）", 2: "第三十二条（三）", 3: "第三十一条（贿赂）", 4: None, 5: None}
        assert db.session.scalar(text("SELECT count(*) FROM credit_record")) == 0
        db.session.commit()  # PostgreSQL: the upgrade's ALTER TABLE waits for this session's transaction (it hung)
        upgrade()
