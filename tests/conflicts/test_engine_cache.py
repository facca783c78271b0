"""The conflict engine is built once per process (conflicts/service.ENGINES), not per request: every write to what it
reads gives the graph a new version token in the same transaction, so a check never runs on an engine older than
the data it must see (Art. 33). A write the change log names is applied to the engine in place (issue 19: "updated");
one it cannot name (a bulk import) makes the next check build it again."""
from datetime import date

import pytest
from sqlalchemy import delete, insert

from reviewapp.conflicts import graph_version, service
from reviewapp.models import (
    ConflictDeclaration,
    Cycle,
    DeclarationKind,
    DeclarationStatus,
    GraphVersion,
    Organization,
    Person,
    Relation,
    RelationSource,
    RelationType,
    Stage,
)
from tests.conflicts.test_conflict_pages import expert_person, relate
from tests.conftest import counting_queries


class World:
    def __init__(self, app, db, person_id, cycle_id, org_id):
        self.app, self.db, self.person_id, self.cycle_id, self.org_id = app, db, person_id, cycle_id, org_id
        self.builds = 0

    def check(self) -> tuple[str, bool]:
        """("reused", "updated" or "built", conflicted) for one check made as a new request makes it: in a fresh
        app context, so with its own g and no memo from earlier checks."""
        builds, updates = self.builds, service.ENGINES.updates
        with self.app.app_context():
            cycle = self.db.session.get(Cycle, self.cycle_id)
            conflicted = service.is_conflicted(cycle, self.person_id, self.org_id)
        builds, updates = self.builds - builds, service.ENGINES.updates - updates
        assert builds + updates <= 1
        return "built" if builds else "updated" if updates else "reused", conflicted

    def person(self) -> Person:
        return self.db.session.get(Person, self.person_id)

    def org(self) -> Organization:
        return self.db.session.get(Organization, self.org_id)


@pytest.fixture
def world(app, db, monkeypatch, make_user, make_cycle, make_org, make_application):
    expert = expert_person(db, make_user)  # a person written: the graph has a version from here on
    cycle = make_cycle(stage=Stage.ACCEPTANCE_REVIEW)
    application = make_application(cycle, make_org("本钢板材示例"))
    found = World(app, db, expert.id, cycle.id, application.organization_id)
    build = service.build_live

    def counted(*args):
        found.builds += 1
        return build(*args)

    monkeypatch.setattr(service, "build_live", counted)
    assert found.check()[0] == "built"
    return found


def test_checks_reuse_the_engine_while_the_graph_is_unchanged(world):
    assert world.check() == ("reused", False)
    assert world.check() == ("reused", False)


def test_a_new_relation_is_seen_at_the_next_check(world, db):
    token = graph_version.current_token(db.session)
    relate(db, RelationType.EMPLOYED_BY, world.person(), world.org(), start_date=date(2022, 1, 1))
    assert graph_version.current_token(db.session) != token
    assert world.check() == ("updated", True)
    assert world.check() == ("reused", True)


def test_a_relation_ended_long_ago_is_seen_at_the_next_check(world, db):
    relation = relate(db, RelationType.EMPLOYED_BY, world.person(), world.org(), start_date=date(2010, 1, 1))
    assert world.check() == ("updated", True)
    relation.end_date = date(2015, 1, 1)  # beyond the policy's lookback
    db.session.commit()
    assert world.check() == ("updated", False)


def test_a_bulk_insert_as_the_graph_import_makes_it_is_seen(world, db):
    """graph_import/operations._insert writes relations with an INSERT statement, not through a flush of objects."""
    db.session.execute(insert(Relation), [{"type": RelationType.EMPLOYED_BY, "source": RelationSource.IMPORTED,
                                           "from_person_id": world.person_id, "to_org_id": world.org_id}])
    db.session.commit()
    assert world.check() == ("built", True)


def test_a_bulk_delete_is_seen(world, db):
    relate(db, RelationType.EMPLOYED_BY, world.person(), world.org())
    assert world.check() == ("updated", True)
    db.session.execute(delete(Relation))
    db.session.commit()
    assert world.check() == ("built", False)


def test_an_accepted_declaration_is_seen(world, db):
    declaration = ConflictDeclaration(person_id=world.person_id, organization_id=world.org_id,
                                      kind=DeclarationKind.EXPERT, status=DeclarationStatus.PENDING, reason="曾任顾问")
    db.session.add(declaration)
    db.session.commit()
    assert world.check() == ("updated", False)  # pending: no conflict yet
    declaration.status = DeclarationStatus.ACCEPTED
    db.session.commit()
    assert world.check() == ("updated", True)


def test_a_rolled_back_change_leaves_the_version_as_it_was(world, db):
    token = graph_version.current_token(db.session)
    db.session.add(Relation(type=RelationType.EMPLOYED_BY, source=RelationSource.OFFICE,
                            from_person_id=world.person_id, to_org_id=world.org_id))
    db.session.flush()
    assert graph_version.current_token(db.session) != token  # in this transaction, a new version...
    db.session.rollback()
    assert graph_version.current_token(db.session) == token  # ...gone with it
    assert world.check() == ("reused", False)


def test_without_a_version_every_request_builds_its_own_engine(world, db):
    """A database whose graph was never written through the app (or whose row a restore left out): correct, just
    not cached."""
    db.session.execute(delete(GraphVersion))
    db.session.commit()
    assert world.check() == ("built", False)
    assert world.check() == ("built", False)


def test_the_expert_home_reads_no_graph_once_the_engine_is_built(db, doc_panel):
    client = doc_panel.client("member1")
    client.get("/")
    with counting_queries(db) as statements:
        assert client.get("/").status_code == 200
    assert not [s for s in statements if "FROM relation" in s or "FROM conflict_declaration" in s]
    assert [s for s in statements if "FROM graph_version" in s]


def test_the_version_read_with_the_user_is_asked_again_once_the_request_wrote_the_graph(world, app, db):
    """The user loader reads the graph version with the user (issue 19); a write to the graph later in the same
    request makes it old: the next check asks the database again and sees the write (Art. 33)."""
    with app.test_request_context("/"):
        graph_version.keep_read(graph_version.current(db.session))
        assert graph_version.read_with_user() == graph_version.current(db.session)
        relate(db, RelationType.EMPLOYED_BY, world.person(), world.org(), start_date=date(2022, 1, 1))
        assert graph_version.read_with_user() is graph_version.UNREAD
        assert service.is_conflicted(db.session.get(Cycle, world.cycle_id), world.person_id, world.org_id)
