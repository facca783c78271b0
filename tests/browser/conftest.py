"""Playwright against a live server on 127.0.0.1, driving Debian's chromium (no browser download here)."""
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def buffered(app):
    """Each response read whole, and closed, before the server writes it. Werkzeug's development server closes the
    response (a static file's handle) only after draining the socket, and a browser that navigates away while a
    deferred script loads resets the connection first: the file stayed open, and its ResourceWarning surfaced in
    whichever test ran next. (gunicorn, which serves production, closes it in a finally of its own.)"""
    def serve(environ, start_response):
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()
    return serve


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test.sh does)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def accept_dialog(dialog):
    dialog.accept()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(locale="zh-CN", base_url=live_server, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    # a data-confirm form asks first (static/js/confirm.js): the tests answer yes, as the user going ahead would;
    # a test that answers no removes this handler (page.remove_listener("dialog", accept_dialog)) and adds its own
    page.on("dialog", accept_dialog)
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    """screenshot("name") saves test-artifacts/<test>-<name>.png (git-ignored) for people to look at."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str):
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}-{name}.png"), full_page=True)
    return take


def log_in(page, username: str, password: str):
    """Log in and wait until the next page has finished loading: its deferred scripts (Bootstrap's menus among them)
    run only then, and a menu clicked before they ran stays shut (a flaky failure seen in CI)."""
    page.goto("/auth/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state("load")


def switch_language(page, current_label: str, locale: str):
    """Choose a language from the navbar's switch. The switch submits through a deferred script, and a page can be
    visible before that script has run: wait for the document to finish loading, or the choice goes nowhere."""
    page.wait_for_load_state("domcontentloaded")
    page.get_by_label(current_label).select_option(locale)
