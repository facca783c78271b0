"""The demo applications' documents: a small PDF for the uploaded application form, a plausible self-assessment."""
from reviewapp.domain.standard import DEFAULT_VERSION, load_standard


def minimal_pdf(lines: list[str]) -> bytes:
    """A small, well-formed one-page PDF (ASCII text in Helvetica) with a correct cross-reference table."""
    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 14 Tf", "72 770 Td", "18 TL"] + [f"({escape(line)}) Tj T*" for line in lines] + ["ET"]
    stream = "\n".join(commands).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def self_assessment(base: int) -> dict[str, str]:
    """A plausible self-assessment: each item near `base` percent, results (4.7) a little lower, in 5% steps."""
    standard = load_standard(DEFAULT_VERSION)
    wobble = (0, 5, -5, 10, 0, -10, 5, -5)
    percents = {}
    for index, item in enumerate(standard.items):
        value = base + wobble[index % len(wobble)] - (5 if item.code.startswith("4.7") else 0)
        value = max(30, min(80, value))
        percents[item.code.replace(".", "_")] = str(value - value % standard.percent_step)
    return percents
