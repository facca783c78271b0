"""The audit log reads as words: an entry's details show labelled values (stages by name, yes and no), and what has
no label (a rule id, a list of checks) stays as recorded, marked as code."""
from reviewapp import audit


def detail_cells(client) -> list[str]:
    """The details cells of the log's first page, newest first."""
    page = client.get("/admin/audit").get_data(as_text=True)
    return [cell.split("</td>")[0] for cell in page.split('class="audit-details small" data-label="详情">')[1:]]


def test_audit_details_are_labelled_and_codes_stay_as_recorded(db, office, client):
    audit.record("panel_member_removed", details={"stage": "document_review", "was_leader": False,
                                                  "failed_checks": ["fraud_ban"], "expert_id": 8})
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    cell = page.split('class="audit-details small" data-label="详情">')[1].split("</td>")[0]
    assert "阶段：资料评审" in cell and "原为组长：否" in cell and "专家：8" in cell
    assert '未通过的审查项：<code class="text-break">fraud_ban</code>' in cell  # a rule id stays as recorded
    audit.record("probe", details={"no_label_here": 1})
    db.session.commit()
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "<code>no_label_here</code>：1" in page
    assert "document_review" not in cell and "was_leader" not in cell


def test_a_stage_change_and_an_edit_read_from_and_to(db, office, client):
    """Issue 17: "从…到…" where a stage changes or a field is edited, not two dates or a JSON pair."""
    audit.record("cycle_stage_changed", details={"from": "application", "to": "acceptance_review", "note": "按期"})
    audit.record("expert_updated", details={"email": [None, "li@example.cn"], "phone": ["024-1", "024-2"]})
    db.session.commit()
    cells = detail_cells(client)
    edit, stage = cells[0], cells[1]  # the newest first
    assert "阶段：从组织申报到受理审查" in stage
    assert "application" not in stage and "acceptance_review" not in stage and "备注：按期" in stage
    assert "联系电话：从024-1到024-2" in edit and "电子邮箱：从—到" in edit and "li@example.cn" in edit
    assert "[" not in edit


def test_the_log_reads_as_cards_on_a_phone(db, office, client):
    page = client.get("/admin/audit").get_data(as_text=True)
    assert 'class="table table-sm table-striped table-stack" id="audit-entries"' in page
    assert 'data-label="时间"' in page


def test_a_relation_names_its_ends_and_a_lone_move_says_what_it_was(db, office, client):
    audit.record("relation_created", details={"type": "employed_by", "from": "p3", "to": "o5", "from_name": "李专家",
                                              "to_name": "本溪钢铁示例有限公司"})
    audit.record("application_excluded", details={"number": "2026-006", "from": "registered"})
    db.session.commit()
    cells = detail_cells(client)
    excluded, relation = cells[0], cells[1]
    assert "关系主体：李专家" in relation and "关系对象：本溪钢铁示例有限公司" in relation
    assert "p3" not in relation and "起始日期" not in relation
    assert "原状态：待受理审查" in excluded and "registered" not in excluded
