"""Issue 16: the filer's contact is free text; an e-mail address in it gets the receipt and the status by mail."""
from reviewapp.domain.submissions import contact_email


def test_the_address_is_found_in_the_free_text_contact():
    assert contact_email("13800000000 zhao@example.cn") == "zhao@example.cn"
    address = "li.wei+benxi@mail.benxi.gov.cn"
    assert contact_email(f"电话 024-42856120；邮箱：{address}。") == address
    assert contact_email("13800000000") is None and contact_email(None) is None
