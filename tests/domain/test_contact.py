"""Issue 16: the filer's contact is free text; an e-mail address in it gets the receipt and the status by mail, a
mainland mobile number by text message (a landline cannot receive one)."""
import pytest

from reviewapp.domain.submissions import contact_email, contact_mobile


def test_the_address_is_found_in_the_free_text_contact():
    assert contact_email("13800000000 zhao@example.cn") == "zhao@example.cn"
    address = "li.wei+benxi@mail.benxi.gov.cn"
    assert contact_email(f"电话 024-42856120；邮箱：{address}。") == address
    assert contact_email("13800000000") is None and contact_email(None) is None


@pytest.mark.parametrize("contact", ["13812345678", "手机：138 1234 5678", "138-1234-5678，平山区胜利路",
                                     "+86 13812345678", "+8613812345678", "86-138-1234-5678", "电话13812345678。"])
def test_a_mobile_number_is_found_however_it_is_written(contact):
    assert contact_mobile(contact) == "13812345678"


@pytest.mark.parametrize("contact", ["024-42856120", "12812345678", "138123456789", "1381234567", "zhao@example.cn",
                                     "身份证 210502199001011381234", "", None])
def test_landlines_and_other_digits_are_not_mobiles(contact):
    assert contact_mobile(contact) is None


def test_the_first_mobile_wins_when_there_are_two():
    assert contact_mobile("13900000000 或 13812345678") == "13900000000"
