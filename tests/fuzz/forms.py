"""The fields of a form as the page renders it: the starting point of every fuzzed body, so the fuzzing follows the
forms as they change instead of a copy of their field names."""
from html.parser import HTMLParser
from urllib.parse import urlsplit

# A value that passes the usual validator of an empty input of that type.
FILLERS = {"date": "2026-11-27", "number": "1", "email": "fuzz@example.cn", "tel": "13800000000",
           "text": "fuzz", "textarea": "fuzz", "password": "correct-horse-battery-2"}


class FormScraper(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": []}
            self.forms.append(self._form)
        if self._form is None or "name" not in a and tag in ("input", "select", "textarea"):
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset") and "name" not in a:
                return
            self._form["fields"].append({"name": a["name"], "kind": kind, "value": a.get("value", ""),
                                         "checked": "checked" in a, "disabled": "disabled" in a,
                                         "required": "required" in a})
        elif tag == "select":
            self._select = {"name": a["name"], "kind": "select", "options": [], "selected": [],
                            "multiple": "multiple" in a, "disabled": "disabled" in a}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value", ""))
            if "selected" in a:
                self._select["selected"].append(a.get("value", ""))
        elif tag == "textarea":
            self._textarea = {"name": a["name"], "kind": "textarea", "value": "", "disabled": "disabled" in a,
                              "required": "required" in a}
            self._form["fields"].append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def forms_in(html: str) -> list[dict]:
    scraper = FormScraper()
    scraper.feed(html)
    scraper.close()
    return scraper.forms


def _path(url: str) -> str:
    return urlsplit(url).path


BUTTONS = "\0buttons"  # the key under which baseline(all_buttons=True) lists the submit buttons to choose from


def baseline(html: str, action: str, page: str | None = None, fill_empty: bool = True, required: bool = True,
             all_buttons: bool = False) -> dict:
    """The body a person submitting the form posted to `action` would send: the values shown, the selected (or
    first non-empty) option, the checked boxes, the first submit button (or all of them under BUTTONS); empty
    required inputs filled with a value of their type. A form without an action posts to its `page`."""
    matching = [f for f in forms_in(html)
                if f["method"] == "post" and _path(f["action"] or page or action) == _path(action)]
    assert matching or not required, f"no form posting to {action} on the page"
    body: dict = {}
    for form in matching[:1]:
        for field in form["fields"]:
            name, kind = field["name"], field["kind"]
            if field.get("disabled") or name == "csrf_token":
                continue
            if kind == "select":
                chosen = field["selected"] or [next((o for o in field["options"] if o not in ("", "0")),
                                                    field["options"][0] if field["options"] else "")]
                body[name] = chosen if field["multiple"] else chosen[0]
            elif kind == "radio":
                if field["checked"] or name not in body:
                    body[name] = field["value"]
            elif kind == "checkbox":
                if field["checked"]:
                    value = field["value"] or "y"
                    body[name] = [*body[name], value] if isinstance(body.get(name), list) else \
                        [body[name], value] if name in body else value
            elif kind in ("submit", "button"):
                if all_buttons:
                    body.setdefault(BUTTONS, []).append((name, field["value"] or "y"))
                elif not any(f["kind"] in ("submit", "button") and f["name"] in body for f in form["fields"]):
                    body[name] = field["value"] or "y"
            elif kind == "file":
                continue
            else:
                value = field["value"]
                if kind == "textarea" and value.startswith(("\r\n", "\n")):  # the newline after <textarea>
                    value = value[2:] if value.startswith("\r\n") else value[1:]
                if not value.strip() and fill_empty and field["required"]:
                    value = FILLERS["email" if "email" in name else kind] if kind in FILLERS else "fuzz"
                body[name] = value
    return body
