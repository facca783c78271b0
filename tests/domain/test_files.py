"""Art. 15 materials: uploads are judged by their content, not their name."""
import io
import struct
import zipfile

import openpyxl
import pytest

from reviewapp.domain import files
from reviewapp.domain.files import (
    DOCX,
    MSG_EMPTY,
    MSG_KIND_NOT_ALLOWED,
    MSG_NAME_MISMATCH,
    MSG_NOT_RECOGNISED,
    MSG_TOO_LARGE,
    PDF,
    XLSX,
    check_upload,
    detect_file,
    safe_display_name,
)

MINIMAL_PDF = (
    b"%PDF-1.4\n"
    b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n"
    b"%%EOF\n"
)

CONTENT_TYPES_XML = (b'<?xml version="1.0" encoding="UTF-8"?>'
                     b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def minimal_docx() -> bytes:
    return zip_bytes({
        "[Content_Types].xml": CONTENT_TYPES_XML,
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": b"<w:document/>",
    })


def real_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "本溪市市长质量奖"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- detection ---------------------------------------------------------------------------------------------

def test_minimal_pdf_is_detected():
    assert detect_file(MINIMAL_PDF) == PDF
    assert PDF.mimetype == "application/pdf" and PDF.extension == ".pdf"


def test_pdf_header_after_some_leading_junk_is_still_a_pdf():
    assert detect_file(b"\x00" * 100 + MINIMAL_PDF) == PDF


def test_truncated_pdf_without_eof_marker_is_not_accepted():
    assert detect_file(MINIMAL_PDF[: MINIMAL_PDF.index(b"%%EOF")] + b"\n" + b"0" * 5000) is None


def test_pdf_header_without_eof_is_not_a_pdf():
    assert detect_file(b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n") is None


def test_eof_marker_must_be_near_the_end():
    assert detect_file(MINIMAL_PDF + b" " * 4096) is None


def test_docx_is_detected_by_its_parts():
    assert detect_file(minimal_docx()) == DOCX
    assert DOCX.extension == ".docx"


def test_xlsx_written_by_openpyxl_is_detected():
    assert detect_file(real_xlsx()) == XLSX
    assert XLSX.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_zip_without_office_parts_is_not_recognised():
    assert detect_file(zip_bytes({"readme.txt": b"hello", "word/document.xml": b"<w/>"})) is None
    assert detect_file(zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "a.txt": b"x"})) is None


def test_zip_claiming_to_be_both_word_and_excel_is_not_recognised():
    both = zip_bytes({"[Content_Types].xml": CONTENT_TYPES_XML, "word/document.xml": b"<w/>",
                      "xl/workbook.xml": b"<x/>"})
    assert detect_file(both) is None


def test_zip_with_too_many_members_is_refused_as_a_zip_bomb(monkeypatch):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES_XML)
        archive.writestr("word/document.xml", b"<w:document/>")
        for i in range(files.MAX_ZIP_MEMBERS - 1):
            archive.writestr(f"p/{i}", b"")
    assert detect_file(buffer.getvalue()) is None
    monkeypatch.setattr(files, "MAX_ZIP_MEMBERS", files.MAX_ZIP_MEMBERS + 1)
    assert detect_file(buffer.getvalue()) == DOCX  # refused for the count alone


def test_zip_declaring_over_500_mb_uncompressed_is_refused_as_a_zip_bomb(monkeypatch):
    data = bytearray(minimal_docx())
    # Claim 300 MB for each of two parts in the central directory (uncompressed size at offset 24 of each
    # central directory header): 600 MB in total, more than the 500 MB limit, though each part alone is below it.
    claimed = 300 * 1024 * 1024
    headers = [i for i in range(len(data)) if data[i:i + 4] == b"PK\x01\x02"]
    for offset in headers[1:]:
        data[offset + 24:offset + 28] = struct.pack("<I", claimed)
    assert detect_file(bytes(data)) is None
    monkeypatch.setattr(files, "MAX_ZIP_UNCOMPRESSED_BYTES", 2 * claimed + 1024)
    assert detect_file(bytes(data)) == DOCX  # refused for the declared size alone


def test_self_extracting_executable_with_an_office_zip_appended_is_not_recognised():
    assert detect_file(b"MZ\x90\x00" + b"\x00" * 200 + minimal_docx()) is None


def test_garbage_and_broken_zips_are_not_recognised():
    assert detect_file(b"hello, world") is None
    assert detect_file(b"PK\x03\x04 this is not really a zip") is None
    assert detect_file(minimal_docx()[:-30]) is None  # end of central directory cut off


# --- upload checks -----------------------------------------------------------------------------------------

def test_valid_uploads_pass():
    for name, data, kind in (("自评报告.pdf", MINIMAL_PDF, "pdf"), ("说明.DOCX", minimal_docx(), "docx"),
                             ("data.xlsx", real_xlsx(), "xlsx")):
        result = check_upload(name, data)
        assert result.ok, result
        assert result.detected.kind == kind
        assert result.message is None


def test_empty_file_is_refused():
    result = check_upload("report.pdf", b"")
    assert not result.ok and result.message == MSG_EMPTY
    assert result.params == {"filename": "report.pdf"}


def test_too_large_file_is_refused_with_sizes_in_mb_with_one_decimal():
    result = check_upload("report.pdf", MINIMAL_PDF + b"\n" * (3 * 1024 * 1024), max_bytes=2 * 1024 * 1024)
    assert not result.ok and result.message == MSG_TOO_LARGE
    assert result.params == {"filename": "report.pdf", "size_mb": "3.1", "max_mb": "2.0"}


def test_file_barely_over_the_limit_does_not_show_equal_sizes():
    limit = 10 * 1024 * 1024
    result = check_upload("report.pdf", b"x" * (limit + 1), max_bytes=limit)
    assert (result.params["size_mb"], result.params["max_mb"]) == ("10.1", "10.0")


def test_file_exactly_at_the_limit_is_accepted():
    assert check_upload("report.pdf", MINIMAL_PDF, max_bytes=len(MINIMAL_PDF)).ok


def test_text_renamed_to_pdf_is_refused_as_a_name_mismatch():
    result = check_upload("report.pdf", b"just some text\n")
    assert not result.ok and result.message == MSG_NAME_MISMATCH
    assert result.params == {"filename": "report.pdf", "claimed": "PDF"}
    assert result.message % result.params == "report.pdf is named like a PDF file but its content is not PDF."


def test_executable_renamed_to_pdf_is_refused_as_a_name_mismatch():
    result = check_upload("setup.PDF", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 500)
    assert result.message == MSG_NAME_MISMATCH and result.detected is None


def test_pdf_renamed_to_docx_is_refused_as_a_name_mismatch():
    result = check_upload("report.docx", MINIMAL_PDF)
    assert result.message == MSG_NAME_MISMATCH
    assert result.params["claimed"] == "Word (.docx)"
    assert result.detected == PDF


def test_unrecognised_content_with_another_name_is_refused():
    result = check_upload("setup.exe", b"MZ\x90\x00")
    assert not result.ok and result.message == MSG_NOT_RECOGNISED
    assert result.params == {"filename": "setup.exe"}


def test_legacy_word_document_is_not_recognised():
    ole_header = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 504
    assert check_upload("old.doc", ole_header).message == MSG_NOT_RECOGNISED


def test_real_pdf_without_extension_is_accepted_by_content():
    result = check_upload("scan", MINIMAL_PDF)
    assert result.ok and result.detected.extension == ".pdf"


def test_kind_not_allowed_here_is_refused():
    result = check_upload("data.xlsx", real_xlsx(), allowed=frozenset({"pdf"}))
    assert not result.ok and result.message == MSG_KIND_NOT_ALLOWED
    assert result.params == {"filename": "data.xlsx", "kind": "Excel (.xlsx)", "allowed": "PDF"}


def test_refusals_show_the_safe_display_name():
    result = check_upload("C:\\Users\\x\\evil\x00.pdf", b"text")
    assert result.params["filename"] == "evil.pdf"


def test_every_refusal_formats_with_its_params():
    cases = [("a.pdf", b""), ("a.pdf", b"x" * 100), ("a.exe", b"x"), ("a.xlsx", real_xlsx())]
    for name, data in cases:
        result = check_upload(name, data, allowed=frozenset({"pdf", "docx"}), max_bytes=50)
        assert not result.ok
        assert "%(" not in result.message % result.params
    result = check_upload("a.xlsx", real_xlsx(), allowed=frozenset({"pdf", "docx"}))
    assert "%(" not in result.message % result.params


# --- display names -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, shown", [
    ("../../etc/passwd", "passwd"),
    ("C:\\x\\y.pdf", "y.pdf"),
    ("/var/tmp/申报书.docx", "申报书.docx"),
    ("evil\x00name.pdf", "evilname.pdf"),
    ("line\r\nbreak.pdf", "linebreak.pdf"),
    ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override would display as "invoiceexe.pdf"
    ("  report.pdf  ", "report.pdf"),
])
def test_safe_display_name_keeps_only_a_clean_basename(raw, shown):
    assert safe_display_name(raw) == shown


@pytest.mark.parametrize("raw", ["", "   ", "\x00\x01", "../", "a/..", "C:\\dir\\", "."])
def test_safe_display_name_is_never_empty(raw):
    assert safe_display_name(raw) == "file"


def test_safe_display_name_is_at_most_200_characters_and_keeps_the_extension():
    shown = safe_display_name("长" * 300 + ".pdf")
    assert len(shown) == 200
    assert shown.endswith(".pdf")
    assert len(safe_display_name("x" * 300)) == 200
