"""Issue 15 item 5 (Art. 20, 4, 21): the text sets no minimum score. A cycle may set one; below it a candidate is a
warning that the office (candidate list) or the leading group (its decision) overrides with a written reason,
stored, shown and audited, never a refusal of the group's decision. The weights of the two reviews and the
minimums show where the outcome shows; each setting shows its basis."""
from sqlalchemy import select

from reviewapp.domain.cycle_settings import BASIS, SETTINGS
from reviewapp.models import AuditEntry, AwardKind, Candidate, Cycle, ListEntry, Stage
from tests.leading.worlds import NAMES, decide, nothing_written

REASON = "丙机械现场评审改进显著，审议认可"
GROUP_REASON = "领导小组审议认为其行业带动作用突出"


def set_minimums(db, cycle, award: int, nomination: int) -> None:
    cycle.settings = {**cycle.settings, "award_min_score": award, "nomination_min_score": nomination}
    db.session.commit()


def propose(client, cycle, levels: dict, reasons: dict | None = None):
    data = {f"level-{application.id}": level for application, level in levels.items()}
    data.update({f"reason-{application.id}": text for application, text in (reasons or {}).items()})
    return client.post(f"/reviews/cycles/{cycle.id}/ranking", data={**data, "submit": "y"}, follow_redirects=True)


def audit_details(db, action: str) -> dict:
    return db.session.scalars(select(AuditEntry).where(AuditEntry.action == action)
                              .order_by(AuditEntry.seq.desc())).first().details


# --- settings and their basis ---
def test_issue15_every_setting_has_its_basis():
    assert set(BASIS) == set(SETTINGS)
    for name in ("document_weight_percent", "award_min_score", "spread_threshold", "document_panel_size",
                 "blind_group_review", "revocation_notice_working_days"):
        assert BASIS[name].startswith("Not in the rules")
    assert "Art. 16, 21" in BASIS["notice_working_days"]
    assert SETTINGS["revocation_notice_working_days"][0] == 5


def test_issue15_the_settings_form_and_the_cycle_page_show_each_basis(db, office, client, make_cycle):
    cycle = make_cycle()
    form = client.get(f"/cycles/{cycle.id}/edit").get_data(as_text=True)
    page = client.get(f"/cycles/{cycle.id}").get_data(as_text=True)
    for text in (form, page):
        assert "第二十条未规定最低分" in text or "未规定最低分" in text
        assert text.count("办法未作规定") >= 6  # "Not in the rules", translated
    assert all(f'id="basis-{name}"' in page for name in SETTINGS)


# --- the office's candidate list (Art. 20) ---
def test_art20_the_ranking_shows_the_weights_and_no_minimum_by_default(db, evaluated, office, client):
    cycle, _ = evaluated
    page = client.get(f"/reviews/cycles/{cycle.id}/ranking").get_data(as_text=True)
    assert "资料评审占30%，现场评审占70%（本届设置）" in page
    assert 'id="minimum-note"' in page and "本届也未设最低分" in page and "below-minimum" not in page
    report = client.get(f"/reviews/cycles/{cycle.id}/ranking/report").get_data(as_text=True)
    assert "资料评审占30%，现场评审占70%（本届设置）" in report and "本届也未设最低分" in report


def test_art20_a_minimum_set_warns_and_the_office_overrides_it_with_a_reason(db, evaluated, office, client):
    cycle, apps = evaluated
    set_minimums(db, cycle, 600, 500)
    page = client.get(f"/reviews/cycles/{cycle.id}/ranking").get_data(as_text=True)
    assert "低于奖项最低分（600）" in page  # C's 535, before anything is proposed
    levels = {apps["A"]: "award", apps["C"]: "award"}  # B, ranked above C, is passed over with a reason
    page = propose(client, cycle, levels, {apps["B"]: "乙药业另有核查"}).get_data(as_text=True)
    assert "alert-danger" in page and NAMES["C"] in page and "535.00" in page
    assert db.session.scalar(select(Candidate.id)) is None  # nothing stored
    page = propose(client, cycle, levels, {apps["B"]: "乙药业另有核查", apps["C"]: REASON}).get_data(as_text=True)
    assert "alert-success" in page
    db.session.expire_all()
    stored = db.session.scalar(select(Candidate).where(Candidate.application_id == apps["C"].id))
    assert (stored.level, stored.minimum_override_reason) == (AwardKind.AWARD, REASON)
    assert audit_details(db, "candidates_proposed")["below_minimum"] == {str(apps["C"].id): REASON}
    report = client.get(f"/reviews/cycles/{cycle.id}/ranking/report").get_data(as_text=True)
    assert REASON in report and "奖项600分" in report


# --- the leading group's decision (Art. 20, 21) ---
def test_art20_the_group_approves_below_a_minimum_with_its_reason_never_refused(db, proposed, office, client,
                                                                                 member):
    cycle, apps = proposed  # A 870 for the award, B 630 for the nomination
    set_minimums(db, cycle, 900, 0)
    form = client.get(f"/leading/cycles/{cycle.id}/decision").get_data(as_text=True)
    assert "低于奖项最低分（900）" in form and "资料评审占30%" in form
    levels = {apps["A"]: "award", apps["B"]: "nomination"}
    page = decide(client, cycle, levels).get_data(as_text=True)
    assert "alert-danger" in page and NAMES["A"] in page and "870.00" in page and nothing_written(db)
    page = decide(client, cycle, levels, {apps["A"]: GROUP_REASON}).get_data(as_text=True)
    assert "alert-success" in page
    entry = db.session.scalar(select(ListEntry).where(ListEntry.application_id == apps["A"].id))
    assert (entry.level, entry.minimum_override_reason) == (AwardKind.AWARD, GROUP_REASON)
    assert db.session.scalar(select(ListEntry.minimum_override_reason)
                             .where(ListEntry.application_id == apps["B"].id)) is None
    assert audit_details(db, "group_decision_recorded")["below_minimum"] == {str(apps["A"].id): GROUP_REASON}
    assert GROUP_REASON in member.get(f"/leading/cycles/{cycle.id}").get_data(as_text=True)
    assert GROUP_REASON in client.get(f"/leading/cycles/{cycle.id}/decision/print").get_data(as_text=True)


def test_art21_the_objection_changes_keep_no_minimum_of_their_own(db, proposed):
    """Art. 22's upheld objection changes the list with its own reason; a minimum set is no refusal there."""
    from reviewapp.submissions.operations import list_problems

    cycle, apps = proposed
    set_minimums(db, cycle, 900, 900)
    cycle.stage = Stage.PROPOSED_NOTICE
    for key, level in (("A", AwardKind.AWARD), ("B", AwardKind.NOMINATION)):
        db.session.add(ListEntry(cycle_id=cycle.id, application_id=apps[key].id, level=level,
                                 combined_score={"A": 870, "B": 630}[key]))
    db.session.commit()
    entry = db.session.scalar(select(ListEntry).where(ListEntry.application_id == apps["B"].id))
    assert list_problems(db.session.get(Cycle, cycle.id), entry, AwardKind.AWARD) == []
