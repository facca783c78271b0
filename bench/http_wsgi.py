"""The gunicorn entry point of bench/load.py and bench/faults.py: `gunicorn ... bench.http_wsgi:app`.

ProductionConfig as deployed (CSRF on, SECRET_KEY required, DATABASE_URL and UPLOAD_FOLDER from the environment),
except that the session and remember-me cookies are not marked Secure: the benchmarks talk plain HTTP to 127.0.0.1,
and a client that honours the flag (as browsers and http.cookiejar do) never sends a Secure cookie over HTTP, so
nobody would stay logged in. In production TLS ends at the reverse proxy and the cookies stay Secure."""
from config import ProductionConfig
from reviewapp import create_app


class PlainHttpProductionConfig(ProductionConfig):
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False


app = create_app(PlainHttpProductionConfig)


# Two pages for bench/throughput.py's breakdown of where an expert's page spends its time, between the floor (a bare
# Flask app) and the real pages: the app's request pipeline alone (session, the user and roles, the access check,
# security headers) and that pipeline with the layout every page extends. Only in this benchmark entry point.
from flask import render_template  # noqa: E402

from reviewapp.permissions import login_required  # noqa: E402

LAYOUT_ONLY = app.jinja_env.from_string("{% extends 'base.html' %}{% block content %}<p>ok</p>{% endblock %}")


@login_required
def bench_logged_in():
    return "<!doctype html><title>ok</title><p>ok</p>"


@login_required
def bench_layout():
    return render_template(LAYOUT_ONLY)


@login_required
def bench_home_data():
    """The home's data (the expert's cycles, seats, conflicts, past sheets: main.routes._expert_home) under the
    layout alone: the home page without its own template."""
    from reviewapp.main.routes import _expert_home

    _expert_home()
    return render_template(LAYOUT_ONLY)


app.add_url_rule("/_bench/logged-in", view_func=bench_logged_in)
app.add_url_rule("/_bench/home-data", view_func=bench_home_data)
app.add_url_rule("/_bench/layout", view_func=bench_layout)
