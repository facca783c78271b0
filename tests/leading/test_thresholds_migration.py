"""Issue 15 item 5 (Art. 20): migration a13c1e55e509 on an installed database. The old form was pre-filled with
600 and 500 and could not say "no minimum", so in a cycle that has not proposed its candidate list a stored value
equal to that old default (never a choice) becomes 0, no minimum; a value the office typed stays (now a warning); a
cycle that proposed its list keeps what it was checked against. Revocations keep the period they used. SQLite and
PostgreSQL."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import JSON, bindparam, text

from reviewapp.extensions import db
from tests.test_migrations import migration_app  # noqa: F401 (the fixture)

BEFORE, AFTER = "a13c1e55e508", "a13c1e55e509"
OLD = {"notice_working_days": 5, "document_weight_percent": 30, "award_min_score": 600, "nomination_min_score": 500}
CYCLES = {  # id -> (settings, candidate list proposed)
    1: (OLD, False),
    2: ({**OLD, "award_min_score": 700, "notice_working_days": 7}, False),
    3: (OLD, True),
}


def _insert_cycles():
    insert = text(
        "INSERT INTO cycle (id, name, year, reference_date, standard_version, award_quota, nomination_quota, stage, "
        "open_for_applications, settings, version, created_at, candidates_proposed_at) VALUES (:id, :name, 2026, "
        "'2026-06-01', 'GB/T 19580-2012', 2, 5, 'comprehensive_evaluation', false, :settings, 1, "
        "'2026-01-01 00:00:00', :proposed)").bindparams(bindparam("settings", type_=JSON))
    for cycle_id, (settings, proposed) in CYCLES.items():
        db.session.execute(insert, {"id": cycle_id, "name": f"第{cycle_id}届", "settings": settings,
                                    "proposed": "2026-11-20 02:00:00" if proposed else None})
    db.session.commit()


def _settings() -> dict[int, dict]:
    rows = db.session.execute(text("SELECT id, settings FROM cycle ORDER BY id").columns(settings=JSON))
    return {row.id: row.settings for row in rows}


def test_art20_the_old_default_minimums_become_no_minimum_where_nothing_was_proposed(migration_app):  # noqa: F811
    with migration_app.app_context():
        upgrade(revision=BEFORE)
        _insert_cycles()
        upgrade(revision=AFTER)
        settings = _settings()
        assert (settings[1]["award_min_score"], settings[1]["nomination_min_score"]) == (0, 0)
        assert (settings[2]["award_min_score"], settings[2]["nomination_min_score"]) == (700, 0)  # typed: kept
        assert (settings[3]["award_min_score"], settings[3]["nomination_min_score"]) == (600, 500)  # proposed
        assert [settings[key]["revocation_notice_working_days"] for key in (1, 2, 3)] == [5, 7, 5]
        db.session.commit()  # PostgreSQL: a migration's ALTER TABLE would wait for this session's transaction
        downgrade(revision=BEFORE)
        assert all("revocation_notice_working_days" not in s for s in _settings().values())
        db.session.commit()
        upgrade()
