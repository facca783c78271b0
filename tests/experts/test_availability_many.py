"""Issue 17: the office records one availability answer for a cycle for many experts at once (the single answer's
rules: a decline needs its reason; a closed cycle takes none)."""
from sqlalchemy import select

from reviewapp.models import ExpertAvailability, ExpertStatus, Stage
from tests.conftest import audit_actions


def answers(db, cycle):
    db.session.expire_all()
    return {a.expert_id: (a.available, a.reason) for a in db.session.scalars(
        select(ExpertAvailability).where(ExpertAvailability.cycle_id == cycle.id))}


def post(client, cycle, experts, **data):
    return client.post(f"/experts/availability/{cycle.id}", data={"chosen": [str(e.id) for e in experts], **data},
                       follow_redirects=True).get_data(as_text=True)


def test_many_experts_decline_with_the_reason_and_others_are_available(db, office, client, make_cycle, make_expert):
    cycle = make_cycle()
    li, wang, zhao = make_expert("李明"), make_expert("王芳"), make_expert("赵强")
    gone = make_expert("钱多", status=ExpertStatus.DISQUALIFIED)
    page = client.get(f"/experts/availability/{cycle.id}").get_data(as_text=True)
    assert f'value="{li.id}"' in page and f'value="{gone.id}"' not in page
    assert "availability-many-link" in client.get("/experts/").get_data(as_text=True)
    post(client, cycle, [li, wang], answer="declined", reason="出差")
    post(client, cycle, [zhao], answer="available", reason="")
    assert answers(db, cycle) == {li.id: (False, "出差"), wang.id: (False, "出差"), zhao.id: (True, None)}
    assert audit_actions(db).count("expert_availability_recorded") == 3


def test_a_decline_without_reason_nothing_chosen_or_a_closed_cycle_records_nothing(db, office, client, make_cycle,
                                                                                 make_expert):
    cycle = make_cycle()
    li = make_expert("李明")
    post(client, cycle, [li], answer="declined", reason="")
    post(client, cycle, [], answer="available")
    assert answers(db, cycle) == {}
    closed = make_cycle(stage=Stage.CLOSED, name="第一届")
    assert client.post(f"/experts/availability/{closed.id}", data={"chosen": [str(li.id)],
                                                                   "answer": "available"}).status_code == 404
    assert client.get("/experts/availability/99999999999999999999").status_code == 404
