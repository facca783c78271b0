"""No English on Chinese pages: crawl the demo (`flask demo --stage review`) as each demo account, GET only, and
fail on any run of two or more English words in what the user sees, or any block that is one English word.

tests/test_i18n.py proves every extracted msgid has a translation; this catches what it cannot see: a string
never wrapped in _(), a WTForms default message, an enum value or action code shown raw, an English flash, a
message built by f-string. A leak is reported once per distinct text, with how many pages show it, the first page,
and some 40 characters of context either side."""
import re
from collections import defaultdict
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest

from reviewapp.demo.accounts import DEMO_PASSWORD, DEMO_USERS
from reviewapp.demo.conflicts import EXPERTS
from reviewapp.demo.organization_accounts import ACCOUNTS as ORGANIZATION_ACCOUNTS
from reviewapp.demo.organization_duties import WINNER as WINNER_ACCOUNT
from tests.demo_data import load_demo

# Per account. The crawl takes the least-visited kind of page first: on the demo, 150 pages reach every kind of
# page the office can see (about 60) and find what a crawl of all its 728 pages finds.
MAX_PAGES = 150
SKIPPED_SUFFIXES = (".pdf", ".xlsx", ".csv", ".zip")
NEVER_FOLLOW = ("logout", "/language")

# --- what the user sees ----------------------------------------------------------------------------------

HIDDEN = {"script", "style", "template", "code", "pre"}  # not UI text (or, <code>/<pre>, shown verbatim on purpose)
# Inline elements do not separate words: "<a>Edit</a> <a>Delete</a>" reads "Edit Delete". Every other tag does.
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "kbd", "label", "mark", "q", "s", "samp",
          "small", "span", "strong", "sub", "sup", "time", "u", "var"}
VISIBLE_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class VisibleText(HTMLParser):
    """`text`: the page's visible text, one line per block; `attributes`: (description, value) of the visible
    attributes, of the labels of input buttons, and of each <option>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.hidden = 0
        self.option: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in VISIBLE_ATTRIBUTES:
            if attrs.get(name):
                self.attributes.append((f'<{tag} {name}="…">', attrs[name]))
        if tag == "input" and (attrs.get("type") or "").lower() in ("submit", "button", "reset") and attrs.get("value"):
            self.attributes.append((f'<input type="{attrs["type"]}" value="…">', attrs["value"]))
        if tag == "option":
            self.option = []
        if tag in HIDDEN:
            self.hidden += 1
        if tag not in INLINE:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1
        if tag == "option" and self.option is not None:
            self.attributes.append(("<option>", " ".join("".join(self.option).split())))
            self.option = None
        if tag not in INLINE:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.hidden:
            return
        if self.option is not None:  # checked on its own, as an <option>
            self.option.append(data)
        else:
            self.parts.append(data)

    @property
    def text(self) -> str:
        lines = (" ".join(line.split()) for line in "".join(self.parts).split("\n"))
        return "\n".join(line for line in lines if line)


# --- what counts as English ------------------------------------------------------------------------------

# Latin tokens that belong in a Chinese UI. Keep this short: each entry says why it is not a translation miss.
ALLOWED_WORDS = {
    "GB",  # national standard codes: GB/T 19580-2012 is the award's standard ("/T" is a single letter)
    "PDF", "Excel", "xlsx", "csv", "CSV", "SVG",  # file formats, written so in Chinese software too
    "ID", "URL", "HTTPS", "UTC", "CSRF",  # technical abbreviations used as such in Chinese
    "PostgreSQL", "SQLite",  # product names
    "ISO", "IEC",  # standard bodies, in the demo applicants' certifications ("ISO/IEC 27001")
    "English",  # the language switcher's label for English, in English on purpose
}
# The demo accounts' login names, the whole text of a cell of the user list or the audit log, or quoted in its
# details: data, not words of the UI. ("office", "expert" are English words too: elsewhere they still count.)
DEMO_LOGINS = {name for name, _, _ in DEMO_USERS} | set(EXPERTS) | {account[0] for account in ORGANIZATION_ACCOUNTS} \
    | {WINNER_ACCOUNT[0]}
QUOTED_LOGIN = "|".join(sorted(map(re.escape, DEMO_LOGINS)))

# Whole tokens that are not words: e-mail addresses, URLs, file names (the extension decides), hash values, and
# a snake_case code in brackets right after its Chinese label, "创建评选届次 (cycle_created)": the audit log's way
# (audit_labels.action_label) to show the recorded action code beside its name.
# A code shown without a label still counts.
NOT_WORDS = re.compile(r"""(?<=[\u3400-\u9fff]) ?\([a-z]+(?:_[a-z]+)+\)
                         | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
                         | (?:https?://|www\.)[^\s"'<>]+
                         | [^\s/\\:*?"'<>|，。、：；（）]+\.(?:pdf|xlsx|xls|csv|zip|docx?|png|jpe?g|svg|txt|json)\b
                         | \b[0-9a-fA-F]{16,}\b
                         | "(?-i:%s)(?=")""" % QUOTED_LOGIN, re.X | re.I)  # noqa: UP031 - the pattern is full of braces
TOKEN = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
# What may stand between two words of one English phrase: spaces and ASCII punctuation (a snake_case code such as
# `document_review` reads as two words), never a newline (a new block) or a Chinese character.
SAME_PHRASE = re.compile(r"[ \t\u00a0!-/:-@\[-`{-~“”‘’–—…]*")


def _is_word(token: str) -> bool:
    """An English word: letters only, two or more, not allowed as such."""
    return token.isascii() and token.isalpha() and len(token) >= 2 and token not in ALLOWED_WORDS \
        and not re.fullmatch(r"[a-f]{8,}", token)  # a hash that happens to have no digit


def english_phrases(text: str) -> list[tuple[int, int]]:
    """Spans of `text` holding two or more English words with nothing but spaces or ASCII punctuation between them.
    Codes with digits (R1, 2026-001, 4.2.2), single letters and allowed words join a phrase but do not count."""
    spans = [(m.start(), m.end(), "-") for m in NOT_WORDS.finditer(text)]
    masked = NOT_WORDS.sub(lambda m: " " * len(m.group()), text)
    spans += [(m.start(), m.end(), "w" if _is_word(m.group()) else "-") for m in TOKEN.finditer(masked)]
    spans.sort()
    phrases, current = [], []
    for span in spans:
        if current and not SAME_PHRASE.fullmatch(text[current[-1][1]:span[0]]):
            phrases.append(current)
            current = []
        current.append(span)
    phrases.append(current)
    found = []
    for phrase in phrases:
        words = [i for i, span in enumerate(phrase) if span[2] == "w"]
        if len(words) >= 2:
            found.append((phrase[words[0]][0], phrase[words[-1]][1]))
    return found


# A block (or attribute) whose whole text is one English word: a button "Next", a cell "pending". All capitals is
# an abbreviation (ISO, OK), not a word of the UI.
LONE_WORD = re.compile(r"[\W\d_]*?([A-Za-z]+)[\W\d_]*")  # a Chinese character is \w: no match


def lone_words(text: str) -> list[tuple[int, int]]:
    found, offset = [], 0
    for line in text.split("\n"):
        m = LONE_WORD.fullmatch(NOT_WORDS.sub(lambda m: "\0" * len(m.group()), line))
        if m and _is_word(m.group(1)) and not m.group(1).isupper() and line.strip() not in DEMO_LOGINS:
            found.append((offset + m.start(1), offset + m.end(1)))
        offset += len(line) + 1
    return found


def english(text: str) -> list[tuple[int, int]]:
    """The English in a visible text: phrases of two words or more, and blocks that are one English word."""
    return english_phrases(text) + lone_words(text)  # a block of one word holds no phrase: no overlap


def _context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - 40):start].replace("\n", " | ")
    after = text[end:end + 40].replace("\n", " | ")
    return f"…{before}[[{text[start:end]}]]{after}…"


class Leaks:
    """The English found, by (where, text): the pages that show it and a context."""

    def __init__(self, role: str):
        self.role = role
        self.pages: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.context: dict[tuple[str, str], str] = {}

    def check(self, url: str, html: str) -> None:
        parser = VisibleText()
        parser.feed(html)
        parser.close()
        sources = [("text", parser.text)] + parser.attributes
        for where, text in sources:
            for start, end in english(text):
                key = (where, re.sub(r"[A-Za-z0-9]*[0-9][A-Za-z0-9]*", "#", text[start:end]))
                if url not in self.pages[key]:
                    self.pages[key].append(url)
                self.context.setdefault(key, _context(text, start, end) if where == "text" else f"{where}: {text!r}")

    def report(self, per_kind: int = 20) -> str:
        """Each text once, with its page count, first page and context; grouped by the kind of its first page,
        at most `per_kind` texts a kind (a raw JSON column makes dozens)."""
        lines = [f"{len(self.pages)} English text(s) on Chinese pages as {self.role!r}:"]
        by_kind = defaultdict(list)
        for key, urls in sorted(self.pages.items(), key=lambda item: (item[1][0], item[0])):
            by_kind[_kind(urls[0])].append(key)
        for kind, keys in by_kind.items():
            lines.append(f"- pages like {kind}:")
            for where, text in keys[:per_kind]:
                urls = self.pages[where, text]
                lines.append(f"  [{self.role}] {text!r} in {where} on {len(urls)} page(s), first {urls[0]}\n"
                             f"      {self.context[where, text]}")
            if len(keys) > per_kind:
                lines.append(f"  … and {len(keys) - per_kind} more on pages like {kind}")
        return "\n".join(lines)


# --- the crawl -------------------------------------------------------------------------------------------

def _internal(href: str) -> str | None:
    """The path and query of an internal link worth following, else None."""
    href = href.strip()
    if not href.startswith("/") or href.startswith("//"):
        return None
    parts = urlsplit(href)
    path = parts.path
    if path.startswith("/static/") or path.lower().endswith(SKIPPED_SUFFIXES) or any(n in path for n in NEVER_FOLLOW):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def _kind(url: str) -> str:
    """The kind of page: its path with ids replaced, and its query's parameter names."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return re.sub(r"/\d+(?=/|$)", "/#", parts.path) + ("?" + "&".join(keys) if keys else "")


class Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def crawl(client, leaks: Leaks) -> list[str]:
    """Visit up to MAX_PAGES pages from "/", the least-visited kind of page first; return the pages visited."""
    queue, seen, visits, visited = ["/"], {"/"}, defaultdict(int), []
    while queue and len(visited) < MAX_PAGES:
        url = min(queue, key=lambda u: visits[_kind(u)])  # min() keeps the first of equals: breadth-first
        queue.remove(url)
        visits[_kind(url)] += 1
        visited.append(url)
        response = client.get(url)
        targets = []
        if 300 <= response.status_code < 400:
            targets = [response.headers.get("Location", "")]
        elif response.mimetype == "text/html":
            html = response.get_data(as_text=True)
            leaks.check(url, html)
            links = Links()
            links.feed(html)
            targets = links.hrefs
        response.close()  # a download is not read: close its file
        for href in targets:
            parts = urlsplit(href)  # a redirect's Location may be absolute
            href = _internal(parts._replace(scheme="", netloc="").geturl()) if parts.netloc in ("", "localhost") \
                else None
            if href and href not in seen:
                seen.add(href)
                queue.append(href)
    return visited


def _load_demo(app):
    load_demo(app, "--stage", "review")


def _sign_declarations(client, leaks: Leaks) -> None:
    """An expert sees nothing of a cycle before signing its declaration (the first thing they do in the browser):
    sign each one offered on the home page, declaring no conflict, and check the page it leads to."""
    home = client.get("/").get_data(as_text=True)
    for path in sorted(set(re.findall(r'href="(/panels/declaration/\d+)"', home))):
        response = client.post(path, data={"agree": "y"})
        assert response.status_code == 302, f"could not sign {path}"
        target = urlsplit(response.headers["Location"]).path
        leaks.check(f"{target} (after signing {path})", client.get(target).get_data(as_text=True))


EXPERT_LOGINS = {name for name, _, roles in DEMO_USERS if any(r.value == "expert" for r in roles)}


@pytest.mark.parametrize("username", ["anonymous"] + [name for name, _, _ in DEMO_USERS])
def test_a_chinese_page_shows_no_english(app, client, username):
    _load_demo(app)
    leaks = Leaks(username)
    if username != "anonymous":
        response = client.post("/auth/login", data={"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, f"cannot log in as {username}"
        if username in EXPERT_LOGINS:
            _sign_declarations(client, leaks)
    visited = crawl(client, leaks)
    # the crawl reaches what the role is for (else a clean result would mean nothing)
    assert len(visited) >= (3 if username == "anonymous" else 8)
    if username == "office":
        assert len(visited) == MAX_PAGES and any(u.startswith("/admin/audit") for u in visited)
    if username in EXPERT_LOGINS:
        assert any(re.fullmatch(r"/reviews/\d+/document_review", u) for u in visited), visited
    if leaks.pages:
        pytest.fail(leaks.report(), pytrace=False)


# --- the detector itself ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "This field is required.", "状态：not started", "Not a valid choice.", "document_review",
    "评分 Score sheet", "Export the CSV file", "Next", "共 3 页\n« Previous", "pending", "cycle_created",
    "organization #2", "expert #49",
])
def test_english_is_detected(text):
    assert english(text)


@pytest.mark.parametrize("text", [
    "卓越绩效评价准则 GB/T 19580-2012", "导出 Excel", "导出 PDF 文件", "下载 材料_2026.pdf", "English",
    "联系 office@example.com 或 https://example.com/help", "R1：任职于 2026-001 申请单位", "用户名 expert2",
    "用户：\"leader\", \"group\"",
    "哈希 3f2a9c0d1e2b4a5f6e7d8c9b0a1f2e3d", "PDF / Excel", "ISO", "通过ISO 9001和ISO/IEC 27001认证", "leader",
    "材料.pdf", "审核Excel", "创建评选届次 (cycle_created)",
])
def test_chinese_with_allowed_latin_is_not_flagged(text):
    assert not english(text)


def test_hidden_text_is_skipped_and_visible_attributes_are_checked():
    parser = VisibleText()
    parser.feed('<p>中文<script>var a = "some English"</script><code>flask demo --stage review</code></p>'
                '<input placeholder="Type a name"><option>not started</option>')
    assert "English" not in parser.text and "flask" not in parser.text
    assert ('<input placeholder="…">', "Type a name") in parser.attributes
    assert ("<option>", "not started") in parser.attributes
