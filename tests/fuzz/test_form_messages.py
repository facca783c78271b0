"""No English in what a Chinese page says after a POST: the validation errors, refusals and flashed messages that a
GET crawl (tests/test_chinese_pages.py) never sees.

For every form of tests/fuzz/targets.py, in its world and as its role, the form is read from its page as a person
would submit it (tests/fuzz/forms.py's baseline, with the target's valid values and its one-time challenge), then
sent twice with a mistake a person makes:

- "empty": every field a person types into (text, number, date, e-mail, password, textarea...) left empty; hidden
  fields (version, ids), selects, boxes and buttons stay as rendered;
- "not a number": every such field that holds a number (rendered as digits, or an <input type="number">) set to
  "abc";
- "not a choice": every select and radio button set to a value that is none of its options (what a page rendered
  before the choice went away sends: the score sheet's percentages, a panel's experts, an organisation to link);
- "an old version": the form's hidden record version one lower (the record changed in another tab meanwhile).

A form with several submit buttons is sent once per button ("save draft" is accepted where "submit" refuses). A
variant that changes nothing is not sent; a form that none of them changes (a button and its hidden fields: advance
the stage, confirm a panel, merge two duplicates) is sent twice as rendered, as a double click or the back button
does, and both answers are checked. Each variant starts from the world as it was built (the tables are put back
after one that was accepted).

What the person then sees is checked with tests/test_chinese_pages.py's detector: the page answered (a 200 or a
4xx), or the messages a redirect flashed and the page it leads to. Not checked, as not the UI's wording: what a
<textarea> holds (what was typed, shown back), the text the test typed wherever it appears, and a block that is a
name stored in the world (a user's display name in the menu bar, "Bob" as an <option>).
"""
import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import delete, insert, select, update

from reviewapp.models import AssignmentProposal, Base, Organization, Person, User
from tests.fuzz.forms import BUTTONS, FormScraper, baseline, forms_in
from tests.fuzz.harness import flashes
from tests.fuzz.strategies import urlencoded
from tests.fuzz.targets import TARGETS
from tests.fuzz.worlds import logged_in
from tests.test_chinese_pages import VisibleText, _context, english

FORM = "application/x-www-form-urlencoded"
NOT_TYPED = {"hidden", "checkbox", "radio", "select", "submit", "button", "image", "reset", "file"}
NOT_A_NUMBER = "abc"
NOT_A_CHOICE = "abc"
CHOSEN = {"select", "radio"}
MAX_REDIRECTS = 3


class TextOutsideTextareas(VisibleText):
    """The visible text of tests/test_chinese_pages.py, without what a <textarea> holds: on a form shown again
    that is what the person typed (its placeholder is still checked, as a visible attribute)."""

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        if tag == "textarea":
            self.hidden += 1

    def handle_endtag(self, tag):
        if tag == "textarea" and self.hidden:
            self.hidden -= 1
        super().handle_endtag(tag)


# --- the form and its two mistakes ----------------------------------------------------------------------------

def _path(url: str) -> str:
    return urlsplit(url).path


class WithButtons(FormScraper):
    """The forms of tests/fuzz/forms.py, with each named <button> as the submit input it stands for (the
    declaration's "accept" and "reject")."""

    def handle_starttag(self, tag, attrs):
        if tag == "button" and dict(attrs).get("name") and (dict(attrs).get("type") or "submit") == "submit":
            tag, attrs = "input", [("type", "submit")] + [(k, v) for k, v in attrs if k != "type"]
        super().handle_starttag(tag, attrs)


def the_fields(html: str, url: str, page: str) -> list[dict]:
    """The fields of the form posting to `url` (the one baseline() reads)."""
    scraper = WithButtons()
    scraper.feed(html)
    scraper.close()
    for form in scraper.forms:
        if form["method"] == "post" and _path(form["action"] or page) == _path(url):
            return [f for f in form["fields"] if not f.get("disabled")]
    return []


def _digits(value) -> bool:
    return isinstance(value, str) and value.strip().isdigit()


def typed_fields(fields: list[dict]) -> list[dict]:
    return [f for f in fields if f["kind"] not in NOT_TYPED]


def emptied(body: dict, fields: list[dict]) -> dict:
    names = {f["name"] for f in typed_fields(fields)}
    return {k: "" if k in names else v for k, v in body.items()}


def not_numbers(body: dict, fields: list[dict]) -> dict:
    names = {f["name"] for f in typed_fields(fields)
             if f["kind"] == "number" or _digits(f.get("value")) or _digits(body.get(f["name"]))}
    return {k: NOT_A_NUMBER if k in names else v for k, v in body.items()}


def not_choices(body: dict, fields: list[dict]) -> dict:
    names = {f["name"] for f in fields if f["kind"] in CHOSEN}
    return {k: NOT_A_CHOICE if k in names else v for k, v in body.items()}


def old_version(body: dict, fields: list[dict]) -> dict:
    return {k: str(int(v) - 1) if k == "version" and _digits(v) and int(v) > 0 else v for k, v in body.items()}


VARIANTS = {"empty": emptied, "not a number": not_numbers, "not a choice": not_choices,
            "an old version": old_version}


def the_form(target, world, client, url: str) -> tuple[dict[str | None, dict], list[dict]]:
    """What a person filling the rendered form in sends (the rendered values, the target's valid values where the
    form is empty, the challenge's answer), by the submit button pressed (None: the form has no named one); and the
    form's fields."""
    page_url = target.page_url(world)
    page = client.get(page_url)
    html = page.get_data(as_text=True) if page.status_code == 200 and page.mimetype == "text/html" else ""
    body = baseline(html, url, page_url, required=False, all_buttons=True) if html else {}
    body.pop(BUTTONS, None)
    # the valid values, but never a switch to English: the page after it would be English on purpose
    body.update({k: v for k, v in target.valid_values(world).items() if k != "locale"})
    if html and target.prepare:
        body.update(target.prepare(html))
    fields = the_fields(html, url, page_url) if html else []
    buttons = [(f["name"], f["value"] or "y") for f in fields if f["kind"] in ("submit", "button")]
    without = {k: v for k, v in body.items() if k not in {name for name, _ in buttons}}
    return {name: without | {name: value} for name, value in buttons} or {None: body}, fields


def form_urls(target, world, client) -> list[str]:
    """The URLs the rendered page has a form for (a person cannot post to the others); at least the first."""
    page = client.get(target.page_url(world)).get_data(as_text=True)
    rendered = {_path(f["action"] or target.page_url(world)) for f in forms_in(page) if f["method"] == "post"}
    return [u for u in target.urls(world) if _path(u) in rendered] or target.urls(world)[:1]


# --- what the person sees ----------------------------------------------------------------------------------------

NAMES = (User.username, User.display_name, Person.name, Organization.name,
         AssignmentProposal.solver)  # the solver that drafted the panels ("ortools"), named in a tooltip


def data_of_the_world() -> set[str]:
    """The names stored in the world, as they are now: data, not words of the UI ("Bob", "Leader", a login name in
    a cell). Read on a connection of its own: the test's session may hold a snapshot from before the request."""
    from reviewapp.extensions import db

    with db.engine.connect() as connection:
        return {" ".join(v.split()) for column in NAMES for v in connection.scalars(select(column)) if v}


# Latin in a Chinese translation on purpose: the name of a file format, as ALLOWED_WORDS has "Excel" and "xlsx"
# ("文件（PDF、Word .docx 或 Excel .xlsx）", the upload form's label on an application's page).
FORMAT_NAMES = {"Word .docx"}


def masked(text: str, typed: set[str], data: set[str]) -> str:
    """`text` with what is not the UI's wording blanked out by a character that is not Latin (the same length:
    positions stay valid for the original text): each typed string that holds a Latin letter and each format name,
    wherever they stand as whole tokens; each block (line) that is a stored name, and nothing but it."""
    for value in sorted(typed | FORMAT_NAMES, key=len, reverse=True):
        value = " ".join(value.split())
        if re.search(r"[A-Za-z]", value):
            text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(value)}(?![A-Za-z0-9])",
                          lambda m: "\u3007" * len(m.group()), text)
    return "\n".join("\u3007" * len(line) if line.strip() in data else line for line in text.split("\n"))


class Seen:
    """The English found for one target: per distinct text, where it was seen and a context."""

    def __init__(self, endpoint: str):
        self.endpoint = endpoint
        self.leaks: dict[tuple[str, str], dict] = {}

    def check(self, html: str, where: str, variant: str, status, typed: set[str], data: set[str]) -> None:
        parser = TextOutsideTextareas()
        parser.feed(html)
        parser.close()
        for source, text in [("text", parser.text)] + parser.attributes:
            for start, end in english(masked(text, typed, data)):
                found = text[start:end]
                key = (source, re.sub(r"[A-Za-z0-9]*[0-9][A-Za-z0-9]*", "#", found))
                leak = self.leaks.setdefault(key, {"seen": [], "context": _context(text, start, end)
                                                   if source == "text" else f"{source}: {text!r}"})
                if (variant, status, where) not in leak["seen"]:
                    leak["seen"].append((variant, status, where))

    def report(self) -> str:
        lines = [f"{len(self.leaks)} English text(s) after submitting {self.endpoint}:"]
        for (source, text), leak in sorted(self.leaks.items(), key=lambda item: item[0][1]):
            seen = "; ".join(f"{variant!r} -> {status} {where}" for variant, status, where in leak["seen"])
            lines.append(f"  {text!r} in {source}: {seen}\n      {leak['context']}")
        return "\n".join(lines)


def _local(location: str) -> str | None:
    parts = urlsplit(location)
    if parts.netloc not in ("", "localhost"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def submit_and_read(client, url: str, body: dict, variant: str, seen: Seen, typed: set[str]) -> int:
    """POST the body; check the answer, or the redirect's messages and the pages it leads to. The status."""
    response = client.post(url, data=urlencoded(body), content_type=FORM)
    status, data = response.status_code, data_of_the_world()
    where = f"the answer of POST {url}"
    for _ in range(MAX_REDIRECTS + 1):
        if 300 <= response.status_code < 400:
            for category, message in flashes(client):
                seen.check(f"<p>{message}</p>", f"the message ({category}) flashed by {where}", variant, status,
                           typed, data)
            target = _local(response.headers.get("Location", ""))
            if target is None:
                break
            where = f"{target} (redirected to)"
            response = client.get(target)
            continue
        if response.mimetype == "text/html":
            seen.check(response.get_data(as_text=True), where, variant, status, typed, data)
        break
    response.close()
    return status


class Snapshot:
    """Every table's rows as the world was built, put back after a variant that was accepted (emptying an optional
    note is no mistake): each variant starts from the same world, as on a fresh one, without building it again."""

    def __init__(self, db):
        self.db = db
        self.rows = self._read()

    def _read(self) -> dict:
        with self.db.engine.connect() as connection:
            return {table: [dict(row) for row in connection.execute(select(table)).mappings()]
                    for table in Base.metadata.sorted_tables}

    def restore(self) -> None:
        if self._read() == self.rows:
            return
        fills = []
        with self.db.engine.begin() as connection:
            for table in reversed(Base.metadata.sorted_tables):
                connection.execute(delete(table))
            for table in Base.metadata.sorted_tables:
                # A reference to the table itself (organization.merged_into_id) may point to a row inserted later
                # in the batch: PostgreSQL checks it at once. Written as NULL, filled in once every row is in.
                own = [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]
                rows = [{**row, **dict.fromkeys(own)} for row in self.rows[table]]
                if rows:
                    connection.execute(insert(table), rows)
                fills += [(table, row["id"], {name: row[name] for name in own})
                          for row in self.rows[table] if any(row[name] is not None for name in own)]
            for table, key, values in fills:
                connection.execute(update(table).where(table.c.id == key).values(values))
        self.db.session.expire_all()


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.endpoint)
def test_a_refused_form_answers_in_chinese(target, request, app, db):
    world = request.getfixturevalue(target.world)
    seen, tried, snapshot = Seen(target.endpoint), 0, Snapshot(db)

    def client():
        return logged_in(app, None) if target.fresh_client else world.client(target.role)

    for url in form_urls(target, world, client()):
        buttons = list(the_form(target, world, client(), url)[0])
        for button in buttons:
            sent_before = tried
            for variant, mistake in VARIANTS.items():
                submitter = client()
                bodies, fields = the_form(target, world, submitter, url)  # again: a version, a challenge may change
                if button not in bodies:
                    continue
                body = bodies[button]
                sent = mistake(body, fields)
                if sent == body:
                    continue
                tried += 1
                said = {v for f in typed_fields(fields) for v in [sent.get(f["name"]), body.get(f["name"])]
                        if isinstance(v, str)}
                label = variant if len(buttons) == 1 else f"{variant}, pressing {button}"
                submit_and_read(submitter, url, sent, label, seen, said)
                snapshot.restore()
            if tried == sent_before:
                tried += send_twice(target, world, client(), url, button, seen, len(buttons) > 1)
                snapshot.restore()
    if seen.leaks:
        pytest.fail(seen.report() + f"\n  ({tried} variant(s) sent)", pytrace=False)
    assert tried, f"{target.endpoint}: nothing was sent, so nothing was checked"


def send_twice(target, world, submitter, url: str, button, seen: Seen, several_buttons: bool) -> int:
    """The form as rendered, sent twice by one person (a double click, the back button): what both answers say."""
    bodies, fields = the_form(target, world, submitter, url)
    if button not in bodies:
        return 0
    said = {v for f in typed_fields(fields) for v in [bodies[button].get(f["name"])] if isinstance(v, str)}
    pressing = f", pressing {button}" if several_buttons else ""
    for variant in ("sent once", "sent twice"):
        submit_and_read(submitter, url, bodies[button], variant + pressing, seen, said)
    return 1
