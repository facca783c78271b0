"""Art. 24, 25: migration a13c1e55e50a adds the commendation decision and gives each ledger line already booked its
basis from its kind (a recovery keeps its note as its ground); back and forth, on SQLite and PostgreSQL."""
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from reviewapp.extensions import db
from tests.test_migrations import migration_app  # noqa: F401 (the fixture)

BEFORE, AFTER = "a13c1e55e509", "a13c1e55e50a"
LINES = {1: ("award", 200000), 2: ("nominee_to_award", 100000), 3: ("china_quality_award", 200000),
         4: ("recovery", -200000)}


def _insert_old_lines():
    db.session.execute(text("INSERT INTO organization (id, name, kind, for_profit, version, created_at) "
                            "VALUES (1, '甲公司', 'enterprise', true, 1, '2020-01-01 00:00:00')"))
    for line_id, (kind, amount) in LINES.items():
        db.session.execute(text(
            "INSERT INTO money_entry (id, organization_id, kind, amount, entered_on, note, recorded_at) "
            "VALUES (:id, 1, :kind, :amount, '2020-06-01', '本政发〔2020〕1号', '2020-06-01 00:00:00')"),
            {"id": line_id, "kind": kind, "amount": amount})
    db.session.commit()


def test_art25_lines_booked_before_the_migration_get_their_basis(migration_app):  # noqa: F811
    with migration_app.app_context():
        upgrade(revision=BEFORE)
        _insert_old_lines()
        upgrade(revision=AFTER)
        basis = dict(db.session.execute(text("SELECT id, basis FROM money_entry ORDER BY id")).all())
        assert basis == {1: "第二十五条：获市长质量奖，一次性激励资金20万元",
                         2: "第二十五条：已获提名奖的组织获市长质量奖，补发激励资金差额10万元",
                         3: "第二十五条：获中国质量奖，追加一次性激励资金20万元", 4: None}
        assert {"commendation_decision", "commendation_scan"} <= set(inspect(db.engine).get_table_names())
        db.session.commit()  # PostgreSQL: the downgrade's ALTER waits for this session's transaction
        downgrade(revision=BEFORE)
        assert "basis" not in {c["name"] for c in inspect(db.engine).get_columns("money_entry")}
        assert "commendation_decision" not in inspect(db.engine).get_table_names()
        assert db.session.scalar(text("SELECT count(*) FROM money_entry")) == 4
        db.session.commit()
        upgrade()
