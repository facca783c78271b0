from reviewapp.domain.usernames import problem, propose


def test_the_login_name_comes_from_the_email_else_the_certificate_else_the_fallback():
    taken = set()
    assert propose("Li.Ming@example.cn", "ZJ-001", "expert7", taken) == "li.ming"
    assert propose(None, "ZJ-001", "expert8", taken) == "zj-001"
    assert propose("王@example.cn", None, "expert9", taken) == "expert9"


def test_a_proposed_login_name_is_unique_among_the_taken_and_the_batch():
    taken = {"li.ming"}
    assert propose("li.ming@a.cn", None, "expert1", taken) == "li.ming2"
    assert propose("li@a.cn", None, "expert1", taken) == "expert1"  # too short to be a login name
    assert [propose("zhang@a.cn", None, "e", taken) for _ in range(3)] == ["zhang", "zhang2", "zhang3"]


def test_a_login_name_must_be_well_formed_and_free():
    assert problem("li ming", set()) is not None and problem("ab", set()) is not None
    assert problem("li.ming", {"li.ming"})[1] == {"name": "li.ming"} and problem("li.ming", set()) is None
