"""The award's rules are plain functions (STYLE.md): their tests take no app and no database. Every test here
checks that it ran without one (tests/conftest.py gives the other tests their app context and empty tables)."""
import pytest
from flask import has_app_context

import reviewapp


@pytest.fixture(autouse=True)
def no_app(request, monkeypatch):
    assert "app" not in request.fixturenames, f"{request.node.nodeid} takes the app: it is no domain test"

    def refuse(*args, **kwargs):
        raise AssertionError(f"{request.node.nodeid} created an app: domain tests take none")

    monkeypatch.setattr(reviewapp, "create_app", refuse)
    yield
    assert not has_app_context()
