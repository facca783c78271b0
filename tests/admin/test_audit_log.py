"""The audit log reads as words: an entry's details show labelled values (stages by name, yes and no), and what has
no label (a rule id, a list of checks) stays as recorded, marked as code."""
from reviewapp import audit


def test_audit_details_are_labelled_and_codes_stay_as_recorded(db, office, client):
    audit.record("panel_member_removed", details={"stage": "document_review", "was_leader": False,
                                                  "failed_checks": ["fraud_ban"], "expert_id": 8})
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    cell = page.split('class="audit-details small">')[1].split("</td>")[0]
    assert "阶段：资料评审" in cell and "原为组长：否" in cell and "专家：8" in cell
    assert "<code>failed_checks</code>：<code>" in cell and "fraud_ban" in cell
    assert "document_review" not in cell and "was_leader" not in cell
