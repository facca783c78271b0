"""Issue 18's demo (Art. 27, 29, 33): the demo `applicant` has a recusal request awaiting the office, and the demo
`winner` logs in to an overdue use-of-funds report; a second load adds nothing."""
from datetime import date

from sqlalchemy import func, select

from reviewapp.demo.accounts import DEMO_PASSWORD
from reviewapp.models import RecusalRequest, RecusalStatus, Role
from tests.demo_data import load_demo


def test_the_demo_has_a_pending_recusal_request_and_a_winner_with_an_overdue_report(app, db, client, auth, make_user,
                                                                                    today):
    today(date(2026, 12, 7))
    output = load_demo(app)
    assert "winner" in output
    request = db.session.scalar(select(RecusalRequest))
    assert request.status is RecusalStatus.PENDING

    auth.login("applicant", DEMO_PASSWORD)
    mine = client.get("/recusals/mine").get_data(as_text=True)
    assert "辽宁某特钢股份有限公司" in mine
    auth.logout()

    auth.login("winner", DEMO_PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert 'id="home-winner-link"' in home
    page = client.get("/winners/mine").get_data(as_text=True)
    assert "table-danger" in page and 'id="own-funds-form-' in page  # the overdue year can be submitted
    auth.logout()

    make_user("office-h3", Role.OFFICE)
    auth.login("office-h3")
    assert f'href="/recusals/{request.id}"' in client.get("/").get_data(as_text=True)
    load_demo(app)
    assert db.session.scalar(select(func.count(RecusalRequest.id))) == 1
