"""Issue 18: migration e18c3a7d0f01 adds the recusal requests (Art. 33) and marks the winners' reports and activities
submitted by the organization (Art. 27, 29); the reports already received stay the office's. Back and forth, on SQLite
and PostgreSQL."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from reviewapp.extensions import db
from tests.test_migrations import migration_app  # noqa: F401 (the fixture)

BEFORE, AFTER = "d18b2c3d4e5f", "e18c3a7d0f01"


def _insert_a_received_report():
    db.session.execute(text("INSERT INTO organization (id, name, kind, for_profit, version, created_at) "
                            "VALUES (1, '甲公司', 'enterprise', true, 1, '2020-01-01 00:00:00')"))
    db.session.execute(text("INSERT INTO award_record (id, organization_id, kind, awarded_on, repeat, recorded_at) "
                            "VALUES (1, 1, 'award', '2024-06-01', false, '2024-06-01 00:00:00')"))
    db.session.execute(text("INSERT INTO winner_funds_report (id, award_record_id, report_year, received_on, "
                            "recorded_at) VALUES (1, 1, 1, '2025-08-01', '2025-08-01 00:00:00')"))
    db.session.commit()


def test_art29_art33_the_migration_adds_recusal_requests_and_keeps_received_reports_the_offices(
        migration_app):  # noqa: F811
    with migration_app.app_context():
        upgrade(revision=BEFORE)
        _insert_a_received_report()
        upgrade(revision=AFTER)
        assert "recusal_request" in inspect(db.engine).get_table_names()
        assert db.session.scalar(text("SELECT by_organization FROM winner_funds_report WHERE id = 1")) in (False, 0)
        db.session.commit()  # PostgreSQL: the downgrade's ALTER waits for this session's transaction
        downgrade(revision=BEFORE)
        assert "recusal_request" not in inspect(db.engine).get_table_names()
        assert "by_organization" not in {c["name"] for c in inspect(db.engine).get_columns("winner_funds_report")}
        assert db.session.scalar(text("SELECT count(*) FROM winner_funds_report")) == 1
        db.session.commit()
        upgrade()
