"""Issue 13, item 5: the office's dashboard shows bursts of failed logins (per account and per address, last 24
hours, with counts and times); addresses are personal data, so only the office sees them."""
from datetime import timedelta

from reviewapp.models import LoginAttempt, Role
from reviewapp.models.base import utcnow


def add_failures(db, username, remote_addr, count, ago=timedelta(minutes=5)):
    db.session.add_all(LoginAttempt(username=username, at=utcnow() - ago - timedelta(seconds=i), succeeded=False,
                                    remote_addr=remote_addr) for i in range(count))
    db.session.commit()


def test_the_office_dashboard_shows_failed_login_bursts_by_account_and_by_address(db, office, client):
    add_failures(db, "office", "203.0.113.9", 7)
    add_failures(db, "ghost", "203.0.113.9", 3)
    add_failures(db, "alice", "198.51.100.4", 2)  # two: not a burst
    add_failures(db, "old", "192.0.2.1", 9, ago=timedelta(hours=25))  # older than a day
    page = client.get("/").get_data(as_text=True)
    accounts = page[page.index('id="failed-logins-accounts"'):page.index('id="failed-logins-addresses"')]
    addresses = page[page.index('id="failed-logins-addresses"'):]
    assert "最近 24 小时的登录失败" in page
    assert ">office<" in accounts and "7 次失败，来自 1 个地址" in accounts
    assert ">ghost<" in accounts and ">alice<" not in accounts and ">old<" not in accounts
    assert "203.0.113.9" in addresses and "10 次失败，涉及 2 个用户名" in addresses
    assert "198.51.100.4" not in page and "192.0.2.1" not in page


def test_a_quiet_day_says_so(db, office, client):
    assert "没有集中的登录失败" in client.get("/").get_data(as_text=True)


def test_other_roles_do_not_see_the_addresses(db, make_user, auth, client):
    add_failures(db, "office", "203.0.113.9", 7)
    make_user("alice", Role.EXPERT)
    auth.login("alice")
    page = client.get("/").get_data(as_text=True)
    assert 'id="failed-logins"' not in page and "203.0.113.9" not in page
