"""Issue 18, Art. 16: migration d18b2c3d4e5f adds correction requests and the versions of an application's files to
an installed database with materials in it; back and forth, on SQLite and PostgreSQL."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from reviewapp.extensions import db
from tests.test_migrations import migration_app  # noqa: F401 (the fixture)

BEFORE, AFTER = "5b7fa68c9c7d", "d18b2c3d4e5f"


def _insert_application_with_a_material():
    db.session.execute(text("INSERT INTO organization (id, name, kind, for_profit, version, created_at) "
                            "VALUES (1, '甲公司', 'enterprise', true, 1, '2020-01-01 00:00:00')"))
    db.session.execute(text(
        "INSERT INTO cycle (id, name, year, reference_date, standard_version, award_quota, nomination_quota, stage, "
        "open_for_applications, settings, passed_over, version, created_at) VALUES (1, '第十届', 2026, '2026-11-16', "
        "'GB/T 19580-2012', 2, 5, 'acceptance_review', false, '{}', '{}', 1, '2026-01-01 00:00:00')"))
    db.session.execute(text(
        "INSERT INTO application (id, cycle_id, organization_id, number, award, form_data, self_assessment, status, "
        "version, created_at) VALUES (1, 1, 1, '2026-001', 'award', '{}', '{}', 'registered', 1, "
        "'2026-11-01 00:00:00')"))
    db.session.execute(text(
        "INSERT INTO material (id, application_id, kind, original_name, stored_name, mimetype, size, sha256, "
        "uploaded_at) VALUES (1, 1, 'supporting', '证明.pdf', 'abc', 'application/pdf', 10, :sha, "
        "'2026-11-02 00:00:00')"), {"sha": "0" * 64})
    db.session.commit()


def test_art16_material_versions_and_correction_requests_come_and_go(migration_app):  # noqa: F811
    with migration_app.app_context():
        upgrade(revision=BEFORE)
        _insert_application_with_a_material()
        upgrade(revision=AFTER)
        columns = {c["name"] for c in inspect(db.engine).get_columns("material")}
        assert {"replaces_id", "superseded_at"} <= columns
        assert db.session.execute(text("SELECT replaces_id, superseded_at FROM material")).one() == (None, None)
        db.session.execute(text("INSERT INTO correction_request (application_id, missing, due_on, requested_at) "
                                "VALUES (1, '缺少自我评价报告', '2026-12-10', '2026-11-26 00:00:00')"))
        db.session.commit()
        downgrade(revision=BEFORE)
        assert "correction_request" not in inspect(db.engine).get_table_names()
        assert "replaces_id" not in {c["name"] for c in inspect(db.engine).get_columns("material")}
        assert db.session.scalar(text("SELECT count(*) FROM material")) == 1
        db.session.commit()
        upgrade()
