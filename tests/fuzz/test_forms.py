"""Issue #8: every form of the app, submitted with random, oversized, malformed and hostile values, never answers
with a server error, never stores a script that runs in a page, and writes nothing when it refuses.

Each example starts from the form as its page renders it (tests/fuzz/forms.py), made valid where the rendered form
is empty (tests/fuzz/targets.py), then mutates it (tests/fuzz/strategies.py) and sends it urlencoded, as multipart,
or as raw bytes with invalid UTF-8; tests/fuzz/harness.py checks each answer and the pages showing what was stored.
"""
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from tests.fuzz.forms import BUTTONS, baseline
from tests.fuzz.harness import multipart
from tests.fuzz.known_bugs import tolerating_known_bugs
from tests.fuzz.profiles import fuzz_settings
from tests.fuzz.strategies import plans, raw_plans, urlencoded
from tests.fuzz.targets import TARGETS
from tests.fuzz.worlds import logged_in

FORM = "application/x-www-form-urlencoded"


def _readable(value):
    """Multipart bodies are encoded by werkzeug, which cannot encode lone surrogates."""
    if isinstance(value, list):
        return [_readable(v) for v in value]
    return value.encode("utf-8", "replace").decode("utf-8")


def first_button(body: dict) -> dict:
    buttons = body.get(BUTTONS, [])
    return {k: v for k, v in body.items() if k != BUTTONS} | dict(buttons[:1])


class FormRun:
    def __init__(self, target, world, fuzzer, app):
        self.target, self.world, self.fuzzer, self.app = target, world, fuzzer, app
        self._form_page = None  # the rendered form, until a write may have changed it

    def client(self):
        """The world's client of the target's role, or a new anonymous one each time (the login form)."""
        return logged_in(self.app, None) if self.target.fresh_client else self.world.client(self.target.role)

    def form_page(self, client) -> str:
        """The page rendering the form, again after each write (a version, the choices) and for each one-time
        challenge."""
        if self._form_page is None or self.target.prepare or self.target.fresh_client:
            page = self.fuzzer.open(client, self.target.endpoint, self.target.page_url(self.world), method="GET")
            self._form_page = self.fuzzer.check_html(page, f"the form of {self.target.endpoint}") or "" \
                if page.status_code == 200 else ""
        return self._form_page

    def starting_body(self, client, url: str) -> dict:
        """The rendered form's values, with the target's valid values over them."""
        html = self.form_page(client)
        body = baseline(html, url, self.target.page_url(self.world), required=False, all_buttons=True) if html else {}
        body.update(self.target.valid_values(self.world))
        if html and self.target.prepare:
            body.update(self.target.prepare(html))
        return body

    def once(self, data) -> None:
        with tolerating_known_bugs(self.fuzzer.stats):
            self._once(data)

    def _once(self, data) -> None:
        client = self.client()
        url = data.draw(st.sampled_from(self.target.urls(self.world)), label="url")
        start = self.starting_body(client, url)
        shape = data.draw(st.sampled_from(["urlencoded", "urlencoded", "urlencoded", "multipart", "raw"]),
                          label="shape")
        note(f"{shape} body for {url} from {start}")
        if shape == "raw":
            body = data.draw(raw_plans(), label="raw body").apply(first_button(start))
            kwargs = {"data": body, "content_type": FORM}
        else:
            body = data.draw(plans(), label="mutations").apply(start, self.target.is_free_text)
            kwargs = {"data": urlencoded(body), "content_type": FORM} if shape == "urlencoded" else \
                multipart({k: _readable(v) for k, v in body.items()})
        note(f"sent: {body!r}"[:3000])
        answer = self.fuzzer.post(client, self.target, url, **kwargs)
        note(f"answer: {answer.status} {answer.location} {answer.messages}")
        if answer.wrote:
            self._form_page = None
        if answer.wrote and not answer.rejected:
            self.check_views()

    def submit_as_rendered(self) -> None:
        """The form as a person fills it in is accepted: otherwise the fuzzing would only ever see refusals, and
        tests/fuzz/targets.py has drifted from the app."""
        client = self.client()
        url = self.target.urls(self.world)[0]
        body = first_button(self.starting_body(client, url))
        answer = self.fuzzer.post(client, self.target, url, data=urlencoded(body), content_type=FORM)
        assert not answer.rejected, f"{self.target.endpoint} refused its own form: {answer.status} {answer.messages}"
        self._form_page = None
        self.check_views()

    def check_views(self) -> None:
        reader = self.world.client(self.target.view_as) if self.target.view_as else self.client()
        for url in self.target.views(self.world):
            self.fuzzer.check_page(reader, self.target.endpoint, url, "a page showing the stored data")


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.endpoint)
def test_form_survives_hostile_input(target, request, fuzzer, app):
    run = FormRun(target, request.getfixturevalue(target.world), fuzzer, app)
    run.submit_as_rendered()

    @fuzz_settings()
    @given(data=st.data())
    def example(data):
        run.once(data)

    example()
    with tolerating_known_bugs(fuzzer.stats):
        run.check_views()
