"""Settling a site-visit issue (Art. 19), and what a site photo is (issue 17): pure rules, no app."""
from reviewapp.domain.files import ALL_KINDS, MSG_NOT_PHOTO_OR_PDF, MSG_NOT_RECOGNISED, PHOTO_OR_PDF, check_upload
from reviewapp.domain.site_visit import (
    MSG_CHOOSE,
    MSG_CLARIFIED_WITHOUT_NOTE,
    MSG_NOTE,
    settle_refusal,
)

JPEG = b"\xff\xd8\xff\xe0" + bytes(40) + b"\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40) + b"IEND\xaeB`\x82"


def test_art19_an_issue_to_be_clarified_is_not_closed_as_confirmed_without_a_note():
    for resolution in ("verified", "clarified"):
        assert settle_refusal("clarify_opportunity", resolution, "  ") == (MSG_CLARIFIED_WITHOUT_NOTE, {})
    assert settle_refusal("clarify_opportunity", "clarified", "总经理现场出示了对标数据台账") is None


def test_art19_every_issue_is_settled_by_a_chosen_finding_with_a_note():
    assert settle_refusal("verify_strength", "open", "看过") == (MSG_CHOOSE, {})
    assert settle_refusal("verify_strength", "verified", "") == (MSG_NOTE, {})
    assert settle_refusal("clarify_opportunity", "not_verified", None) == (MSG_NOTE, {})
    assert settle_refusal("verify_strength", "not_verified", "现场未见") is None


def test_a_site_photo_is_judged_by_its_content():
    assert check_upload("IMG_0001.JPG", JPEG, allowed=PHOTO_OR_PDF).detected.mimetype == "image/jpeg"
    assert check_upload("screen.png", PNG, allowed=PHOTO_OR_PDF).detected.mimetype == "image/png"
    assert check_upload("camera", JPEG, allowed=PHOTO_OR_PDF).ok  # a tablet's camera may send no extension
    renamed = check_upload("photo.jpg", b"MZ\x90\x00 not a photo", allowed=PHOTO_OR_PDF)
    assert not renamed.ok and renamed.params["claimed"] == "JPEG"
    assert check_upload("x.bin", b"plain text", allowed=PHOTO_OR_PDF).message == MSG_NOT_PHOTO_OR_PDF
    assert not check_upload("cut.jpg", JPEG[:-2], allowed=PHOTO_OR_PDF).ok  # truncated in transfer


def test_photos_stay_refused_where_only_documents_are_accepted():
    check = check_upload("photo.jpg", JPEG, allowed=ALL_KINDS)
    assert not check.ok and check.message == MSG_NOT_RECOGNISED
