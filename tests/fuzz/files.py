"""Hostile uploads: files that are not what they claim (random bytes, a PDF header on garbage, a zip that is no
Office file, a truncated workbook), real PDF/DOCX/XLSX files damaged or carrying formulas and scripts, and the
names browsers and attackers send (path traversal, NUL, control and bidirectional characters, very long names)."""
import io
import zipfile

from hypothesis import strategies as st

from reviewapp.demo.documents import minimal_pdf
from tests.conftest import credit_code
from tests.experts.conftest import xlsx
from tests.fuzz.strategies import HOSTILE, SCRIPTS

PDF = minimal_pdf(["fuzz"])


def zipped(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


FORMULAS = ['=HYPERLINK("http://evil.example/","click")', "=cmd|' /C calc'!A0", "=1+1", "=SUM(A1:A9)",
            '=IMPORTXML("http://evil.example","//a")', "+1+1", "-2+3", "@SUM(1)", "=A1"]
CONTENT_TYPES = b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'

SAMPLES = {
    "empty": b"",
    "pdf": PDF,
    "pdf header on garbage": b"%PDF-1.7\n" + bytes(range(256)) * 4,
    "pdf without its end": PDF[:-8],
    "pdf with html": PDF.replace(b"fuzz", b"<script>alert(1)</script>"),
    "html": b"<html><script>alert(1)</script></html>",
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    "exe": b"MZ\x90\x00" + b"\x00" * 200,
    "elf": b"\x7fELF" + b"\x00" * 200,
    "old xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512,
    "zip of text": zipped({"readme.txt": b"hello"}),
    "zip pretending to be xlsx": zipped({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<broken"}),
    "zip pretending to be both": zipped({"[Content_Types].xml": CONTENT_TYPES, "xl/workbook.xml": b"<x/>",
                                         "word/document.xml": b"<x/>"}),
    "docx shell": zipped({"[Content_Types].xml": CONTENT_TYPES, "word/document.xml": b"<w:document/>"}),
    "zip with traversal member": zipped({"../../evil.txt": b"x", "[Content_Types].xml": CONTENT_TYPES,
                                         "xl/workbook.xml": b"<x/>"}),
    "xlsx": xlsx([["a", "b"], [1, 2]], "Sheet"),
    "xlsx with formulas": xlsx([FORMULAS, SCRIPTS[:len(FORMULAS)]], "Sheet"),
    "truncated xlsx": xlsx([["a"], [1]], "Sheet")[:300],
    "csv": "名称,代码\n本溪,1\n".encode(),
    "csv with formulas": ("\n".join(FORMULAS) + "\n").encode("utf-8"),
    "utf-16 text": "名称,代码\n".encode("utf-16"),
    "invalid utf-8": b"\xff\xfe\xfd\xc3\x28\xa0\xa1",
}

NAMES = ["a.pdf", "申报表.pdf", "x.xlsx", "x.docx", "x.csv", "x.PDF", "x.pdf.exe", "x.exe.pdf", "../../etc/passwd",
         "..\\..\\windows\\win.ini", "/etc/passwd.pdf", "a\x00b.pdf", "\u202efdp.exe", "a" * 300 + ".pdf",
         "本" * 300 + ".xlsx", "<script>alert(1)</script>.pdf", '"><img src=x onerror=alert(1)>.pdf', "", ".", "..",
         ".pdf", "CON.pdf", "a\r\nContent-Type: text/html\r\n\r\n.pdf", "x;filename=evil.html", "%00.pdf",
         "x.pdf ", " .pdf", "x\t.pdf", "\u200b.pdf", "\ufeffx.pdf"]


def _damaged(data: bytes, how: str, where: int, junk: bytes) -> bytes:
    if how == "as is" or not data:
        return data if how == "as is" else junk
    at = where % len(data)
    return {"truncate": data[:at], "append": data + junk, "prepend": junk + data,
            "flip": data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1:]}[how]


def contents():
    """The bytes of an upload: a genuine file (so that hostile names get stored), a sample as it is, or damaged."""
    return st.one_of(
        st.sampled_from([SAMPLES["pdf"], SAMPLES["xlsx"], SAMPLES["docx shell"], SAMPLES["xlsx with formulas"]]),
        st.builds(_damaged, st.sampled_from(list(SAMPLES.values())),
                  st.sampled_from(["as is", "as is", "truncate", "append", "prepend", "flip"]),
                  st.integers(0, 10**6), st.binary(max_size=64)),
        st.binary(max_size=2048),
    )


def filenames():
    return st.one_of(st.sampled_from(NAMES), st.sampled_from(HOSTILE).map(lambda h: h + ".pdf"),
                     st.text(max_size=40).map(lambda t: t + ".pdf"), st.text(max_size=20))


def sendable(name: str) -> str:
    """The name as a browser puts it in the part's header (WHATWG multipart/form-data: CR, LF and the quote
    percent-encoded); lone surrogates cannot be encoded there at all."""
    name = name.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")
    return name.encode("utf-8", "replace").decode("utf-8")


# --- the graph import's workbook (issue #4) ----------------------------------------------------------------

ENTITIES = ["id", "kind", "name", "uscc"]
RELATIONS = ["type", "from", "to", "start", "end", "share", "degree"]


def graph_workbook(entities, relations) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "实体"
    for row in [ENTITIES, *entities]:
        book.active.append(row)
    sheet = book.create_sheet("关系")
    for row in [RELATIONS, *relations]:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


VALID_ENTITIES = [["E-ZHANG", "人员", "张三", None],
                  ["O-GROUP", "组织", "本溪示例集团有限公司", credit_code("210502", 501)],
                  ["O-SUB", "组织", "本溪示例子公司", None]]
VALID_RELATIONS = [["employed_by", "E-ZHANG", "O-SUB", "2021-03-01", None, None, None],
                   ["subsidiary_of", "O-SUB", "O-GROUP", None, None, None, None],
                   ["shareholder_of", "E-ZHANG", "O-GROUP", "2019-01-01", "2023-06-30", 0.3, None]]
