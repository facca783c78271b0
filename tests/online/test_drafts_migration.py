"""Issue 18: migration 5b7fa68c9c7d adds the online application draft and lets a material belong to a draft; the
office's materials stay with their applications, back and forth, on SQLite and PostgreSQL."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from reviewapp.extensions import db
from tests.test_migrations import migration_app  # noqa: F401 (the fixture)

BEFORE, AFTER = "d18a0b1c2d3e", "5b7fa68c9c7d"
MATERIAL = ("INSERT INTO material (id, application_id, {extra}kind, original_name, stored_name, mimetype, size, "
            "sha256, uploaded_at) VALUES (:id, :application_id, {value}'application_form', '申报表.pdf', :stored, "
            "'application/pdf', 10, :sha, '2026-11-01 00:00:00')")


def _insert_paper_application():
    db.session.execute(text("INSERT INTO organization (id, name, kind, for_profit, version, created_at) "
                            "VALUES (1, '甲公司', 'enterprise', true, 1, '2020-01-01 00:00:00')"))
    db.session.execute(text(
        "INSERT INTO cycle (id, name, year, reference_date, standard_version, award_quota, nomination_quota, stage, "
        "open_for_applications, settings, version, created_at) VALUES (1, '第十届', 2026, '2026-11-16', "
        "'GB/T 19580-2012', 2, 5, 'application', true, '{}', 1, '2026-01-01 00:00:00')"))
    db.session.execute(text(
        "INSERT INTO application (id, cycle_id, organization_id, number, award, form_data, self_assessment, status, "
        "version, created_at) VALUES (1, 1, 1, '2026-001', 'award', '{}', '{}', 'registered', 1, "
        "'2026-11-01 00:00:00')"))
    db.session.execute(text(MATERIAL.format(extra="", value="")),
                       {"id": 1, "application_id": 1, "stored": "a" * 32, "sha": "0" * 64})
    db.session.commit()


def test_art15_drafts_migrate_forward_and_back_keeping_the_offices_materials(migration_app):  # noqa: F811
    with migration_app.app_context():
        upgrade(revision=BEFORE)
        _insert_paper_application()
        upgrade(revision=AFTER)
        assert "application_draft" in inspect(db.engine).get_table_names()
        assert db.session.scalar(text("SELECT draft_id FROM material WHERE id = 1")) is None
        db.session.execute(text(
            "INSERT INTO application_draft (id, cycle_id, organization_id, award, form_data, self_assessment, status, "
            "updated_at, version, created_at) VALUES (1, 1, 1, 'award', '{}', '{}', 'draft', '2026-11-20 00:00:00', "
            "1, '2026-11-20 00:00:00')"))
        db.session.execute(text(MATERIAL.format(extra="draft_id, ", value="1, ")),
                           {"id": 2, "application_id": None, "stored": "b" * 32, "sha": "1" * 64})
        db.session.commit()
        with pytest.raises(IntegrityError):  # a material belongs to an application or a draft
            db.session.execute(text(MATERIAL.format(extra="draft_id, ", value="NULL, ")),
                               {"id": 3, "application_id": None, "stored": "c" * 32, "sha": "2" * 64})
            db.session.commit()
        db.session.rollback()
        downgrade(revision=BEFORE)
        assert "application_draft" not in inspect(db.engine).get_table_names()
        assert "draft_id" not in {c["name"] for c in inspect(db.engine).get_columns("material")}
        assert db.session.scalar(text("SELECT count(*) FROM material")) == 1
        db.session.commit()
        upgrade()
